import Foundation
import StewardTestSupport
import Testing

/// A project whose party-building plan went through a rejection, a refusal, a missed
/// deadline and an escalation, under the manual clock, for the auditor's commands.
struct AuditFixture {
    let dir: URL
    let id: String
    static let hostileComment = "意见 | \u{202E}evil\u{202C} <script>alert(1)</script>, \"引号\""

    @discardableResult
    func run(_ arguments: [String], at time: String = "2026-12-01T09:00:00+08:00") throws -> StewardProcess.Result {
        try StewardProcess.run(arguments, in: dir, environment: ["STEWARD_NOW": time])
    }

    static func make(in dir: URL) throws -> AuditFixture {
        #expect(try StewardProcess.run(["init", "--clock", "manual"], in: dir).status == 0)
        func run(_ arguments: [String], at time: String) throws -> StewardProcess.Result {
            try StewardProcess.run(arguments, in: dir, environment: ["STEWARD_NOW": time])
        }
        let started = try run(["start", "party-building-plan", "--as", "li.ming", "--input", "year=2026"], at: "2026-11-02T09:00:00+08:00")
        let id = try #require(started.stdout.split(separator: " ").dropFirst().first.map { String($0.dropLast()) }, "\(started)")
        let items = "items=[{name: 理论学习, owner: zhang.wei}]"
        func expectOK(_ result: StewardProcess.Result) { #expect(result.status == 0, "\(result)") }
        expectOK(try run(["act", id, "submit", "--as", "li.ming", "--field", "goals==SUM(A1)+全面加强", "--field", items],
                         at: "2026-11-02T10:00:00+08:00"))
        expectOK(try run(["act", id, "reject", "--as", "zhang.wei", "--comment", hostileComment], at: "2026-11-03T09:00:00+08:00"))
        expectOK(try run(["act", id, "reject", "--as", "chen.jing", "--comment", "同意"], at: "2026-11-03T10:00:00+08:00"))
        expectOK(try run(["act", id, "submit", "--as", "li.ming", "--field", "goals=全面加强党的建设", "--field", items],
                         at: "2026-11-04T09:00:00+08:00"))
        // li.ming is not on the committee: he is refused, and the refusal is recorded.
        #expect(try run(["act", id, "approve", "--as", "li.ming"], at: "2026-11-04T10:00:00+08:00").status == 2)
        // Nobody reviews within 5 working days: the review escalates; the secretary approves late.
        expectOK(try run(["tick"], at: "2026-11-12T09:00:00+08:00"))
        expectOK(try run(["act", id, "approve", "--as", "sun.hong", "--state", "review"], at: "2026-11-12T10:00:00+08:00"))
        return AuditFixture(dir: dir, id: id)
    }

    /// Runs SQL on the store as someone with write access to the file would: the append-only
    /// triggers dropped first.
    func tamper(_ sql: String) throws {
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'").fetchall():
                db.execute('DROP TRIGGER "%s"' % name)
            db.executescript(sys.argv[2])
            db.commit()
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, dir.appendingPathComponent(".steward/steward.db").path, sql]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "the tampering script failed")
    }

    func read(_ name: String) throws -> String {
        try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
    }
}
