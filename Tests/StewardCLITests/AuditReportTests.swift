import Foundation
import StewardTestSupport
import Testing

/// `steward audit report`: one file an auditor can keep, that says who did what and when,
/// how each decision went, and whether the trail it was read from verifies.
@Suite("audit report")
struct AuditReportTests {
    @Test("the HTML report is one self-contained file: timeline, decisions, deadlines, clock, verification; values escaped")
    func html() throws {
        try withTemporaryDirectory { dir in
            let fixture = try AuditFixture.make(in: dir)
            let result = try fixture.run(["audit", "report", "--instance", String(fixture.id.suffix(8)), "--out", "r.html"])
            #expect(result.status == 0, "\(result)")
            let html = try fixture.read("r.html")
            #expect(html.hasPrefix("<!DOCTYPE html>"))
            // Nothing to fetch or run: no script, no external URL, no import; the browser is told so too.
            for forbidden in ["<script", "src=", "href=\"http", "@import", "url(", "<link", "<iframe", "<img"] {
                #expect(!html.contains(forbidden), "\(forbidden)")
            }
            #expect(html.contains("default-src 'none'"))
            // A person's text is escaped, and the bidi override is shown, never applied.
            #expect(html.contains("意见 | \\u{202E}evil\\u{202C} &lt;script&gt;alert(1)&lt;/script&gt;, &quot;引号&quot;"))
            #expect(!html.unicodeScalars.contains("\u{202E}"))
            #expect(html.contains("\\u{202E}evil"))
            // Who (name and id), when in the office's time zone, what, under which definition.
            #expect(html.contains("李明 (li.ming) @"))
            #expect(html.contains("2026-11-03 09:00:00 +08:00"))
            #expect(html.contains("draft → review"))
            #expect(html.contains("<td>工会委员会审议: &#39;reject&#39;</td>"), "an act names its task's title")
            #expect(html.contains("refused (not-eligible): li.ming is not among the people"))
            #expect(html.range(of: "<td class=\"hash\" title=\"[0-9a-f]{64}\">[0-9a-f]{12}</td>", options: .regularExpression) != nil)
            // Deadlines met and missed: the secretary approved the review after it was due.
            #expect(html.contains("<span class=\"met\">按时 met"))
            #expect(html.contains("<span class=\"missed\">逾期 missed"))
            // Every entry was made under STEWARD_NOW, and says so.
            #expect(html.contains("clock set by hand"))
            #expect(html.contains("STEWARD_NOW=2026-11-02T09:00:00+08:00"))
            // The decisions with their form data, by label, and the votes with the tally.
            #expect(html.contains("工作目标 (goals)</b>: =SUM(A1)+全面加强"))
            #expect(html.contains("工会委员会审议 (review)"))
            #expect(html.contains("计票 Tally: reject 2"))
            #expect(html.contains("class=\"verify ok\""))
            #expect(html.contains("The trail verifies"))
            #expect(html.contains("无 none (--checkpoint FILE anchors the trail)"))
        }
    }

    @Test("Markdown holds the same content, with markup in people's text escaped")
    func markdown() throws {
        try withTemporaryDirectory { dir in
            let fixture = try AuditFixture.make(in: dir)
            let result = try fixture.run(["audit", "report", "--instance", fixture.id, "--format", "md"])
            #expect(result.status == 0, "\(result)")
            let md = result.stdout
            #expect(md.contains("## 验证 Verification"))
            #expect(md.contains("| # | 时间 When | 人员 Who |"))
            #expect(md.contains("\\<script\\>alert(1)\\</script\\>"))
            #expect(!md.contains("<script>"))
            #expect(md.contains("逾期 missed"))
            #expect(md.contains("**工作目标 (goals)**: =SUM(A1)+全面加强"))
            // A list of records keeps its brackets, so the records stay apart.
            #expect(md.contains(#"**重点任务 (items)**: \[{"name":"理论学习","owner":"zhang.wei"}\]"#))
            // A pipe in a value cannot open a new cell.
            #expect(md.split(separator: "\n").filter { $0.hasPrefix("| 3 |") }.allSatisfy { $0.components(separatedBy: " | ").count == 9 })
        }
    }

    @Test("a tampered trail: the report says so at the top and marks the entry, and the command exits 1")
    func tampered() throws {
        try withTemporaryDirectory { dir in
            let fixture = try AuditFixture.make(in: dir)
            try fixture.tamper("UPDATE trail SET details = replace(details, '同意', '反对') WHERE seq = 4")
            for format in ["html", "md"] {
                let result = try fixture.run(["audit", "report", "--instance", fixture.id, "--format", format, "--out", "r.\(format)"])
                #expect(result.status == 1, "\(result)")
                #expect(result.stderr.contains("the trail does not verify"), "\(result)")
                let text = try fixture.read("r.\(format)")
                #expect(text.contains("THE TRAIL DOES NOT VERIFY"))
                #expect(text.contains("entry 4 was altered"))
            }
            let html = try fixture.read("r.html")
            #expect(html.contains("class=\"verify bad\""))
            #expect(html.contains("<tr class=\"clock altered\"><td>4</td>"))
            #expect(try fixture.read("r.md").contains("| 4 ✘ |"))
        }
    }

    @Test("a secret ballot of the workers' congress shows who voted and the tally, never a choice or who chose it")
    func secretBallot() throws {
        try withTemporaryDirectory { dir in
            #expect(try StewardProcess.run(["init", "--clock", "manual"], in: dir).status == 0)
            @discardableResult
            func run(_ arguments: [String]) throws -> StewardProcess.Result {
                let result = try StewardProcess.run(arguments, in: dir, environment: ["STEWARD_NOW": "2026-11-02T09:00:00+08:00"])
                #expect(result.status == 0, "steward \(arguments.joined(separator: " ")): \(result)")
                return result
            }
            let started = try run(["start", "member-congress-decision", "--as", "li.ming", "--input", "topic=食堂改造"])
            let id = try #require(started.stdout.split(separator: " ").dropFirst().first.map { String($0.dropLast()) })
            try run(["act", id, "submit", "--as", "li.ming", "--field", "motion=改造职工食堂 https://evil.example www.evil.example"])
            try run(["act", id, "approve", "--as", "zhang.wei"])
            try run(["act", id, "approve", "--as", "chen.jing"])
            let choices = [("wang.fang", "adopt"), ("liu.yang", "adopt"), ("zhou.min", "adopt"), ("wu.gang", "adopt"),
                           ("xu.li", "adopt"), ("ma.jun", "fail"), ("hu.jie", "abstain")]
            // A misspelt vote while the ballot is open, and a late one with a comment once it has closed:
            // both refused, and neither the choice nor the words are kept.
            #expect(try StewardProcess.run(["act", id, "aprove", "--as", "wang.fang"], in: dir,
                                           environment: ["STEWARD_NOW": "2026-11-02T09:00:00+08:00"]).status == 2)
            for (person, choice) in choices { try run(["act", id, choice, "--as", person]) }
            let late = try StewardProcess.run(["act", id, "fail", "--state", "secret-vote", "--comment", "秘密意见", "--as", "hu.jie"],
                                              in: dir, environment: ["STEWARD_NOW": "2026-11-02T10:00:00+08:00"])
            #expect(late.status == 4, "\(late)")
            let log = try run(["audit", "log", "--instance", id, "--json"]).stdout
            let refused = log.split(separator: "\n").filter { $0.contains("\"event\":\"refused\"") }
            #expect(refused.count == 2, "\(log)")
            for line in refused {
                #expect(!line.contains("aprove") && !line.contains("秘密意见") && !line.contains("\\\"fail\\\""), "\(line)")
                #expect(line.contains("a vote on a secret ballot was refused"), "\(line)")
            }
            let md = try run(["audit", "report", "--instance", id, "--format", "md"]).stdout
            #expect(md.contains("(secret-vote) — 无记名投票 secret ballot"), "\(md)")
            #expect(md.contains("计票 Tally: adopt 5, fail 1, abstain 1"), "\(md)")
            // A person's text never becomes a link.
            #expect(md.contains("https\\://evil.example www\\.evil.example") && !md.contains("https://evil"), "\(md)")
            for (person, _) in choices {
                #expect(md.contains("(\(person)) | 2026-11-02 09:00:00 +08:00 | 已投票（无记名）voted (secret ballot) |"), "\(person)")
            }
            // No delegate's row names a choice: the only 'fail' and 'abstain' are in the tally.
            let rows = md.split(separator: "\n").filter { row in choices.contains { row.contains("(\($0.0))") } }
            #expect(!rows.isEmpty && rows.allSatisfy { !$0.contains("| adopt |") && !$0.contains("| fail |") && !$0.contains("| abstain |") })
        }
    }

    @Test("the period report lists every instance active in it with a summary table, and checks its options")
    func period() throws {
        try withTemporaryDirectory { dir in
            let fixture = try AuditFixture.make(in: dir)
            let second = try fixture.run(["start", "party-building-plan", "--as", "li.ming", "--input", "year=2027"],
                                         at: "2026-12-20T09:00:00+08:00")
            #expect(second.status == 0)
            try fixture.run(["audit", "checkpoint", "--out", "cp.txt"])
            let year = try fixture.run(["audit", "report", "--since", "2026-01-01", "--until", "2027-01-01", "--checkpoint", "cp.txt"])
            #expect(year.status == 0, "\(year)")
            #expect(year.stdout.contains("期间汇总 Period 2026-01-01 – 2027-01-01: 2 个实例 instances"))
            #expect(year.stdout.components(separatedBy: "<section class=\"instance\"").count == 3)
            #expect(year.stdout.contains("<a href=\"#i-\(fixture.id)\">"))
            #expect(year.stdout.contains("anchored: the checkpoints given cover every entry"))
            #expect(year.stdout.contains("Checkpoints checked against: cp.txt"))
            // Only the second instance has entries from 20 December (a date is a day in Shanghai).
            let december = try fixture.run(["audit", "report", "--since", "2026-12-20", "--until", "2027-01-01", "--format", "md"])
            #expect(december.stdout.contains(": 1 个实例 instances"))
            #expect(!december.stdout.contains(fixture.id))
            let empty = try fixture.run(["audit", "report", "--since", "2027-01-01", "--until", "2027-02-01", "--format", "md"])
            #expect(empty.status == 0 && empty.stdout.contains("No instance was active in this period"))
            for arguments in [["audit", "report"], ["audit", "report", "--since", "2026-01-01"],
                              ["audit", "report", "--instance", fixture.id, "--since", "2026-01-01", "--until", "2027-01-01"],
                              ["audit", "report", "--since", "2027-01-01", "--until", "2026-01-01"],
                              ["audit", "report", "--since", "yesterday", "--until", "2026-01-01"]] {
                let refused = try fixture.run(arguments)
                #expect(refused.status == 64, "\(arguments): \(refused)")
                #expect(refused.stdout.isEmpty)
            }
            #expect(try fixture.run(["audit", "report", "--instance", "no-such-instance"]).status == 3)
        }
    }
}
