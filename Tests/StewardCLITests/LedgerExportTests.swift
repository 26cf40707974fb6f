import Foundation
import StewardTestSupport
import Testing

/// `steward ledger export`: a table a spreadsheet opens as it is meant (UTF-8 with a byte
/// order mark, the office's time zone), with the form values as columns.
@Suite("ledger export")
struct LedgerExportTests {
    /// RFC 4180 rows: CRLF between records, commas outside quotes, doubled quotes inside.
    static func rows(_ csv: String) -> [[String]] {
        var rows: [[String]] = [[]]
        var field = ""
        var quoted = false
        var scalars = Array(csv.unicodeScalars.dropFirst())[...]
        while let scalar = scalars.popFirst() {
            switch (scalar, quoted) {
            case ("\"", true) where scalars.first == "\"": field.unicodeScalars.append("\""); scalars.removeFirst()
            case ("\"", _): quoted.toggle()
            case (",", false): rows[rows.count - 1].append(field); field = ""
            case ("\r", false) where scalars.first == "\n":
                scalars.removeFirst(); rows[rows.count - 1].append(field); field = ""; rows.append([])
            default: field.unicodeScalars.append(scalar)
            }
        }
        return rows.filter { !$0.isEmpty }
    }

    @Test("one row per instance: BOM, CRLF, office time, inputs and form fields as labelled columns; formulas made inert only in xlsx-csv")
    func perInstance() throws {
        try withTemporaryDirectory { dir in
            let fixture = try AuditFixture.make(in: dir)
            let plain = try fixture.run(["ledger", "export", "--format", "csv"])
            #expect(plain.status == 0, "\(plain)")
            #expect(plain.stdout.unicodeScalars.first == "\u{FEFF}")
            #expect(plain.stdout.hasSuffix("\r\n"))
            let table = Self.rows(plain.stdout)
            #expect(table.count == 2, "\(table)")
            let header = table[0]
            let row = Dictionary(uniqueKeysWithValues: zip(header, table[1]))
            #expect(header.starts(with: ["instance", "workflow", "title", "status", "started (Asia/Shanghai)"]))
            #expect(row["instance"] == fixture.id)
            #expect(row["started (Asia/Shanghai)"] == "2026-11-02 09:00:00")
            #expect(row["started by"] == "li.ming")
            #expect(row["deadlines missed"] == "1")
            #expect(row["input.year"] == "2026")
            // The latest submitted value of a field is the instance's.
            #expect(row["goals (工作目标)"] == "全面加强党的建设")
            #expect(row["items (重点任务)"] == #"[{"name":"理论学习","owner":"zhang.wei"}]"#)

            let tasks = try fixture.run(["ledger", "export", "--format", "xlsx-csv", "--per", "task"])
            let taskTable = Self.rows(tasks.stdout)
            let taskHeader = taskTable[0]
            let taskRows = taskTable.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(taskHeader, $0)) }
            #expect(taskRows.map { $0["state"] } == ["draft", "review", "draft", "review", "approval"], "\(taskRows)")
            // The first draft's goals started with '=': a spreadsheet must not run it.
            #expect(taskRows[0]["goals (工作目标)"] == "'=SUM(A1)+全面加强")
            #expect(taskRows[1]["choices"] == "zhang.wei: reject; chen.jing: reject")
            #expect(taskRows[1]["comments"]?.contains("<script>alert(1)</script>, \"引号\"") == true)
            #expect(taskRows[3]["deadline"] == "missed")
            #expect(taskRows[0]["deadline"] == "met")
            #expect(taskRows[3]["due (Asia/Shanghai)"]?.hasPrefix("2026-11-11") == true)
            // Plain csv keeps the value exactly.
            let plainTasks = try fixture.run(["ledger", "export", "--per", "task"]).stdout
            #expect(plainTasks.contains(",=SUM(A1)+全面加强"))
            #expect(!plainTasks.contains("'=SUM"))
        }
    }

    @Test("--workflow and --since/--until narrow the rows; bad values are usage errors")
    func narrowing() throws {
        try withTemporaryDirectory { dir in
            let fixture = try AuditFixture.make(in: dir)
            let other = try fixture.run(["ledger", "export", "--workflow", "no-such-workflow"])
            #expect(other.status == 0 && Self.rows(other.stdout).count == 1, "only the header: \(other)")
            // Tasks opened from 09:30 on 4 November (office time): only the approval, after the late review.
            let late = try fixture.run(["ledger", "export", "--per", "task", "--since", "2026-11-04T09:30:00+08:00"])
            #expect(Self.rows(late.stdout).dropFirst().map { $0[3] } == ["approval"], "\(late.stdout)")
            let none = try fixture.run(["ledger", "export", "--since", "2027-01-01"])
            #expect(Self.rows(none.stdout).count == 1)
            for arguments in [["ledger", "export", "--format", "xlsx"], ["ledger", "export", "--per", "person"],
                              ["ledger", "export", "--since", "soon"]] {
                #expect(try fixture.run(arguments).status == 64, "\(arguments)")
            }
            try fixture.run(["ledger", "export", "--out", "ledger.csv"])
            let again = try fixture.run(["ledger", "export", "--out", "ledger.csv"])
            #expect(again.status == 4, "an existing file is kept without --force: \(again)")
        }
    }
}
