/// The auditor's report as Markdown, with the same content as the HTML. Every value is shown
/// through `Display.shown` and then has the characters Markdown or its embedded HTML would
/// read escaped with a backslash, so a comment cannot become a link, markup or a new cell.
struct ReportMarkdown {
    let text: ReportText

    func document(heading: String, verification: ReportVerification, period: ReportPeriod?,
                  instances: [ReportInstance]) -> String {
        var out = "# \(m(heading))\n\n\(m(text.generated))\n\n## 验证 Verification\n\n"
        out += "**\(m(verification.isOK ? ReportText.verifiedOK : ReportText.verifiedFailed))**\n\n"
        for line in verification.lines { out += "- \(m(line))\n" }
        out += "\n\(m(text.checkpoints(verification.checkpoints)))\n"
        if let period {
            out += "\n## \(m(text.periodHeading(period)))\n\n"
            out += row(ReportText.summaryColumns) + row(ReportText.summaryColumns.map { _ in "---" })
            for instance in period.instances { out += row(text.summaryCells(instance).map(m)) }
            if period.instances.isEmpty { out += "\n\(m(ReportText.noInstances))\n" }
        }
        for instance in instances { out += section(instance, verification) }
        return out
    }

    private func section(_ instance: ReportInstance, _ verification: ReportVerification) -> String {
        var out = "\n## \(m(text.instanceHeading(instance)))\n\n"
        if verification.badInstances.contains(instance.id) { out += "**\(m(ReportText.instanceAltered))**\n\n" }
        for (term, value) in text.facts(instance) { out += "- \(m(term)): \(m(value))\n" }
        if !instance.inputs.isEmpty {
            out += "\n### 输入 Inputs\n\n" + row(["输入 Input", "值 Value"]) + row(["---", "---"])
            for field in instance.inputs { out += row([m(text.fieldName(field)), m(field.value)]) }
        }
        out += "\n### 时间线 Timeline\n\n" + row(ReportText.timelineColumns) + row(ReportText.timelineColumns.map { _ in "---" })
        for entry in instance.rows {
            var when = m(text.time(entry.at))
            if let clock = entry.clock { when += " " + m(ReportText.clockMark(clock)) }
            var seq = "\(entry.seq)"
            if verification.badEntries.contains(entry.seq) { seq += " ✘" }
            out += row([seq, when, m(text.who(entry.person, entry.name, entry.account)), m(entry.event), m(entry.move),
                        m(entry.what), m(entry.comment ?? ""), entry.deadline.map { m(text.deadline($0)) } ?? "",
                        m(String(entry.definition.prefix(12)))])
        }
        guard !instance.decisions.isEmpty else { return out }
        out += "\n### 决定与表决 Decisions and votes\n"
        for decision in instance.decisions {
            out += "\n#### \(m(text.decisionHeading(decision)))\n\n\(m(text.decisionSummary(decision)))\n\n"
            out += row(ReportText.voteColumns) + row(ReportText.voteColumns.map { _ in "---" })
            for vote in decision.votes {
                let form = vote.form.map { "**\(m(text.fieldName($0)))**: \(m($0.value))" }.joined(separator: "<br>")
                out += row([m(text.who(vote.person, vote.name, nil)) + (vote.onBehalfBy.map { " (by \(m($0)))" } ?? ""),
                            m(text.time(vote.at)), m(vote.action ?? ReportText.secretChoice), form, m(vote.comment ?? ""),
                            vote.deadline.map { m(text.deadline($0)) } ?? ""])
            }
        }
        return out
    }

    private func row(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |\n" }

    /// Shown safely, then with Markdown's and HTML's special characters escaped, and a would-be
    /// address broken up (`https\://`, `www\.`) so that no renderer makes a link of a person's text.
    func m(_ value: String) -> String {
        var out = ""
        for character in Display.shown(value) {
            if "\\`*_[]<>|#~&!".contains(character) { out.append("\\") }
            out.append(character)
            let tail = out.suffix(4).lowercased()
            if tail.hasSuffix("://") || tail == "www." { out.insert("\\", at: out.index(out.endIndex, offsetBy: tail == "www." ? -1 : -3)) }
        }
        return out
    }
}
