import StewardTestSupport
import Foundation
import Testing

/// `steward notices`: what Steward told a person, read from the trail.
@Suite("notices")
struct NoticesTests {
    @Test("a person sees their notices, others do not; --since and --json")
    func notices() throws {
        try withTemporaryDirectory { dir in
            #expect(try StewardProcess.run(["init", "--clock", "manual"], in: dir).status == 0)
            func run(_ arguments: [String], at time: String = "2026-11-05T09:00:00+08:00") throws -> StewardProcess.Result {
                try StewardProcess.run(arguments, in: dir, environment: ["STEWARD_NOW": time])
            }
            #expect(try run(["start", "party-building-plan", "--as", "li.ming", "--input", "year=2026"], at: "2026-11-02T09:00:00+08:00").status == 0)

            let mine = try run(["notices", "--as", "li.ming"])
            #expect(mine.status == 0, "\(mine)")
            #expect(mine.stdout.hasPrefix("2026-11-02 09:00  新任务：起草规划  [task-opened]  请于 11月16日前完成「起草规划」\n"), "\(mine)")
            #expect(try run(["notices", "--as", "zhang.wei"]).stdout == "no notices for zhang.wei\n")
            #expect(try run(["notices", "--as", "li.ming", "--since", "2026-11-03"]).stdout == "no notices for li.ming\n")
            // Thirty days later the notice is past the default window.
            #expect(try run(["notices", "--as", "li.ming"], at: "2026-12-05T09:00:00+08:00").stdout == "no notices for li.ming\n")

            let json = try run(["notices", "--all", "--json"])
            #expect(json.stdout.contains("\"to\" : [\n      \"li.ming\"\n    ]"), "\(json)")
            #expect(json.stdout.contains("\"reason\" : \"task-opened\""), "\(json)")
            #expect(try run(["notices"]).status == 64)
        }
    }
}
