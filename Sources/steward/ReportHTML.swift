import Foundation
import StewardTime

/// The auditor's report as one HTML file: inline CSS, no script, nothing fetched (a content
/// security policy says so to the browser too). Every value from the trail is shown through
/// `Display.shown` and then HTML-escaped, so no comment can add markup or reorder the text.
struct ReportHTML {
    let text: ReportText

    func document(title: String, heading: String, verification: ReportVerification,
                  period: ReportPeriod?, instances: [ReportInstance]) -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(h(title))</title>
            <style>\(Self.style)</style>
            </head>
            <body>
            <header><h1>\(h(heading))</h1>
            <p class="meta">\(h(text.generated))</p></header>

            """
        out += verificationSection(verification)
        if let period { out += summary(period, verification) }
        for instance in instances { out += section(instance, verification) }
        out += "</body>\n</html>\n"
        return out
    }

    private func verificationSection(_ verification: ReportVerification) -> String {
        let verdict = verification.isOK ? ReportText.verifiedOK : ReportText.verifiedFailed
        var out = "<section class=\"verify \(verification.isOK ? "ok" : "bad")\">\n<h2>验证 Verification</h2>\n"
        out += "<p class=\"verdict\">\(h(verdict))</p>\n<ul class=\"lines\">\n"
        for line in verification.lines { out += "<li>\(h(line))</li>\n" }
        out += "</ul>\n<p>\(h(text.checkpoints(verification.checkpoints)))</p>\n</section>\n"
        return out
    }

    private func summary(_ period: ReportPeriod, _ verification: ReportVerification) -> String {
        var out = "<section class=\"summary\">\n<h2>\(h(text.periodHeading(period)))</h2>\n"
        out += "<table>\n<colgroup><col style=\"width:26%\"><col style=\"width:22%\"><col style=\"width:10%\">"
            + "<col style=\"width:14%\"><col style=\"width:7%\"><col style=\"width:7%\"><col style=\"width:7%\"><col style=\"width:7%\"></colgroup>\n"
        out += "<thead><tr>" + ReportText.summaryColumns.map { "<th>\(h($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for instance in period.instances {
            let cells = text.summaryCells(instance)
            let altered = verification.badInstances.contains(instance.id) ? " class=\"altered\"" : ""
            out += "<tr\(altered)>" + cells.enumerated().map { index, cell in
                index == 0 ? "<td><a href=\"#\(anchor(instance.id))\">\(h(cell))</a></td>" : "<td>\(h(cell))</td>"
            }.joined() + "</tr>\n"
        }
        if period.instances.isEmpty { out += "<tr><td colspan=\"8\">\(h(ReportText.noInstances))</td></tr>\n" }
        return out + "</tbody>\n</table>\n</section>\n"
    }

    private func section(_ instance: ReportInstance, _ verification: ReportVerification) -> String {
        var out = "<section class=\"instance\" id=\"\(anchor(instance.id))\">\n"
        out += "<h2>\(h(text.instanceHeading(instance)))</h2>\n"
        if verification.badInstances.contains(instance.id) {
            out += "<p class=\"verdict bad\">\(h(ReportText.instanceAltered))</p>\n"
        }
        out += "<dl>\n"
        for (term, value) in text.facts(instance) { out += "<dt>\(h(term))</dt><dd>\(h(value))</dd>\n" }
        out += "</dl>\n"
        if !instance.inputs.isEmpty {
            out += "<h3>输入 Inputs</h3>\n<table class=\"fields\">\n<colgroup><col style=\"width:30%\"><col></colgroup>\n<tbody>\n"
            for field in instance.inputs { out += "<tr><th>\(h(text.fieldName(field)))</th><td>\(h(field.value))</td></tr>\n" }
            out += "</tbody>\n</table>\n"
        }
        out += timeline(instance, verification)
        out += decisions(instance)
        return out + "</section>\n"
    }

    private func timeline(_ instance: ReportInstance, _ verification: ReportVerification) -> String {
        var out = "<h3>时间线 Timeline</h3>\n<table class=\"timeline\">\n<colgroup><col style=\"width:4%\"><col style=\"width:11%\">"
            + "<col style=\"width:12%\"><col style=\"width:7%\"><col style=\"width:11%\"><col style=\"width:16%\"><col style=\"width:21%\">"
            + "<col style=\"width:9%\"><col style=\"width:9%\"></colgroup>\n"
        out += "<thead><tr>" + ReportText.timelineColumns.map { "<th>\(h($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in instance.rows {
            var classes: [String] = []
            if row.refused { classes.append("refused") }
            if row.clock != nil { classes.append("clock") }
            if verification.badEntries.contains(row.seq) { classes.append("altered") }
            let cls = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
            // The date, then the time with its offset: each kept on one line in a narrow column.
            let time = text.time(row.at)
            var when = "<span class=\"nw\">\(h(String(time.prefix(10))))</span> <span class=\"nw\">\(h(String(time.dropFirst(11))))</span>"
            if let clock = row.clock { when += "<br><span class=\"flag\" title=\"\(h(clock))\">\(h(ReportText.clockFlag))</span>" }
            out += "<tr\(cls)><td>\(row.seq)</td><td>\(when)</td><td>\(h(text.who(row.person, row.name, row.account)))</td>"
                + "<td>\(h(row.event))</td><td>\(h(row.move))</td><td>\(h(row.what))</td><td>\(h(row.comment ?? ""))</td>"
                + "<td>\(deadline(row.deadline))</td><td class=\"hash\" title=\"\(h(row.definition))\">\(h(String(row.definition.prefix(12))))</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    private func decisions(_ instance: ReportInstance) -> String {
        guard !instance.decisions.isEmpty else { return "" }
        var out = "<h3>决定与表决 Decisions and votes</h3>\n"
        for decision in instance.decisions {
            out += "<div class=\"decision\">\n<h4>\(h(text.decisionHeading(decision)))</h4>\n"
            out += "<p>\(h(text.decisionSummary(decision)))</p>\n"
            out += "<table>\n<colgroup><col style=\"width:16%\"><col style=\"width:14%\"><col style=\"width:10%\">"
                + "<col style=\"width:32%\"><col style=\"width:18%\"><col style=\"width:10%\"></colgroup>\n"
            out += "<thead><tr>" + ReportText.voteColumns.map { "<th>\(h($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
            for vote in decision.votes {
                let form = vote.form.map { "<div><b>\(h(text.fieldName($0)))</b>: \(h($0.value))</div>" }.joined()
                out += "<tr><td>\(h(text.who(vote.person, vote.name, nil)))\(vote.onBehalfBy.map { "<br>(by \(h($0)))" } ?? "")</td>"
                    + "<td>\(h(text.time(vote.at)))</td><td>\(h(vote.action ?? ReportText.secretChoice))</td>"
                    + "<td>\(form)</td><td>\(h(vote.comment ?? ""))</td><td>\(deadline(vote.deadline))</td></tr>\n"
            }
            out += "</tbody>\n</table>\n</div>\n"
        }
        return out
    }

    private func deadline(_ deadline: ReportInstance.Deadline?) -> String {
        guard let deadline else { return "" }
        return "<span class=\"\(deadline.met ? "met" : "missed")\">\(h(text.deadline(deadline)))</span>"
    }

    /// An id as a fragment name: letters, digits, `-` and `_` kept, anything else as `_`.
    private func anchor(_ id: String) -> String {
        "i-" + String(id.unicodeScalars.map { scalar in
            CharacterSet.alphanumerics.contains(scalar) && scalar.isASCII || scalar == "-" ? Character(scalar) : "_"
        })
    }

    /// Shown safely (controls and bidi marks as visible escapes), then HTML-escaped.
    func h(_ value: String) -> String {
        var out = ""
        for character in Display.shown(value) {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    static let style = """

        @page { size: A4 landscape; margin: 12mm; }
        * { box-sizing: border-box; }
        body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif;
          font-size: 13px; line-height: 1.45; color: #111; margin: 24px auto; max-width: 1500px; padding: 0 16px; }
        h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 24px 0 8px; border-bottom: 2px solid #345; }
        h3 { font-size: 15px; margin: 16px 0 6px; } h4 { font-size: 14px; margin: 12px 0 4px; }
        .meta { color: #555; margin: 0; }
        table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 6px 0 14px; }
        th, td { border: 1px solid #b8bec6; padding: 4px 6px; vertical-align: top; text-align: left;
          overflow-wrap: anywhere; word-break: break-word; white-space: normal; }
        thead th, .fields th { background: #eaeef3; font-weight: 600; }
        thead { display: table-header-group; }
        tr { break-inside: avoid; page-break-inside: avoid; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0; }
        dt { color: #445; font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
        .hash { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9em; }
        .verify { border: 2px solid #2e7d32; background: #eef7ee; padding: 8px 14px; border-radius: 4px; }
        .verify.bad { border: 4px solid #b00020; background: #fde8ea; }
        .verdict { font-weight: 700; font-size: 16px; margin: 4px 0; }
        .verify.bad .verdict, .verdict.bad { color: #b00020; font-size: 20px; }
        .lines { font-family: "DejaVu Sans Mono", Menlo, Consolas, "Noto Sans CJK SC", monospace; font-size: 0.9em; padding-left: 18px;
          overflow-wrap: anywhere; }
        .met { color: #1b5e20; } .missed { color: #b00020; font-weight: 700; }
        tr.clock td:nth-child(2) { background: #fff4c2; } .flag { color: #7a5200; font-size: 11px; }
        tr.refused td { color: #7a3e00; }
        tr.altered td { background: #fde8ea; }
        .decision { margin-left: 8px; }
        .nw { white-space: nowrap; }
        a { color: #1a4d8f; }
        @media print {
          body { margin: 0; padding: 0; max-width: none; font-size: 10px; }
          /* Each instance of a period report on its own pages; a single instance follows its verification. */
          .summary ~ section.instance { break-before: page; page-break-before: always; }
          .verify { break-inside: avoid; }
          a { color: inherit; text-decoration: none; }
        }

        """
}
