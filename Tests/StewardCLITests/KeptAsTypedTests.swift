import StewardTestSupport
import Foundation
import Testing

/// Issue 9: what a person types on the command line is kept as typed, and running an `act`
/// again after it went through says so.
@Suite("the command line keeps what is typed")
struct KeptAsTypedTests {
    /// `steward init` in a fresh folder, then `body` with a runner at a time of 2026-11-02 (+08:00).
    func inProject(_ body: (_ run: ([String], String) throws -> StewardProcess.Result) throws -> Void) throws {
        try withTemporaryDirectory { dir in
            #expect(try StewardProcess.run(["init", "--clock", "manual"], in: dir).status == 0)
            try body { arguments, time in
                try StewardProcess.run(arguments, in: dir, environment: ["STEWARD_NOW": "2026-11-02T\(time):00+08:00"])
            }
        }
    }

    func startedID(_ result: StewardProcess.Result) throws -> String {
        #expect(result.status == 0, "\(result)")
        return try #require(result.stdout.split(separator: " ").dropFirst().first.map { String($0.dropLast()) })
    }

    @Test("--input and --field text is kept whole; a list problem says what to write")
    func keptWhole() throws {
        try inProject { run in
            let id = try startedID(run(["start", "party-building-plan", "--as", "li.ming", "--input", "year=2026",
                                        "--input", "branch=机关工会: 第一支部 #2"], "09:00"))
            let status = try run(["status", id, "--json"], "09:00")
            #expect(status.stdout.contains("\"branch\" : \"机关工会: 第一支部 #2\""), "\(status)")

            let list = try run(["act", id, "submit", "--as", "li.ming", "--field", "goals=计划", "--field", "items=理论学习"], "09:00")
            #expect(list.status == 2, "\(list)")
            #expect(list.stderr == "steward: error: field 'items' (重点任务) is a list; write it like "
                + "[{name: …, owner: li.ming, deadline: 2026-10-01}] [invalid-form]\n", "\(list)")

            let acted = try run(["act", id, "submit", "--as", "li.ming", "--field", "goals=Priority #1", "--field", "items=[]"], "09:00")
            #expect(acted.status == 0, "\(acted)")
            let log = try run(["audit", "log", "--instance", id, "--json"], "09:00")
            let entry = try #require(log.stdout.split(separator: "\n").first { $0.contains("\"event\":\"acted\"") })
            #expect(entry.contains("Priority #1"), "\(entry)")
        }
    }

    @Test("an act run again after it went through exits 4 and says when it was recorded")
    func repeated() throws {
        try inProject { run in
            let id = try startedID(run(["start", "party-building-plan", "--as", "li.ming", "--input", "year=2026"], "09:00"))
            let submit = ["act", id, "submit", "--as", "li.ming", "--field", "goals=计划", "--field", "items=[]"]
            #expect(try run(submit, "09:00").status == 0)
            // The first run was killed after it committed, say: told so, not refused from 'review'.
            let again = try run(submit, "09:05")
            #expect(again.status == 4, "\(again)")
            #expect(again.stderr == "steward: error: li.ming's 'submit' on 'draft' was already recorded at "
                + "2026-11-02 09:00 (+08:00); nothing changed [already-recorded]\n", "\(again)")
            let log = try run(["audit", "log", "--instance", id], "09:05")
            #expect(log.stdout.split(separator: "\n").last?.contains("refused (already-recorded)") == true, "\(log)")
        }
    }
}
