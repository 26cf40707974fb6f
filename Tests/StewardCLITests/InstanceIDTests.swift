import StewardTestSupport
import Foundation
import Testing

/// Instance ids are long; a part that begins or ends only one of them is enough.
@Suite("naming an instance by part of its id")
struct InstanceIDTests {
    @Test("the random tail names one instance; a part several ids share is asked to be longer; too short is not found")
    func parts() throws {
        try withTemporaryDirectory { dir in
            #expect(try StewardProcess.run(["init"], in: dir).status == 0)
            func run(_ arguments: [String]) throws -> StewardProcess.Result {
                try StewardProcess.run(arguments, in: dir, environment: ["STEWARD_NOW": "2026-11-02T09:00:00+08:00"])
            }
            var ids: [String] = []
            for _ in 0..<2 {
                let started = try run(["start", "party-building-plan", "--input", "year=2026"])
                ids.append(try #require(started.stdout.split(separator: " ").dropFirst().first.map { String($0.dropLast()) }))
            }
            let tail = String(try #require(ids[0].split(separator: "-").last))
            let status = try run(["status", tail])
            #expect(status.status == 0, "\(status)")
            #expect(status.stdout.hasPrefix(ids[0] + "  "), "\(status)")
            let acted = try run(["act", tail, "submit", "--as", "li.ming", "--field", "goals=计划", "--field", "items=[]"])
            #expect(acted.stdout.hasPrefix("\(ids[0]): submit recorded"), "\(acted)")

            let shared = try run(["status", "party-building-plan-20261102"])
            #expect(shared.status == 64)
            #expect(shared.stderr.contains("give more of it"), "\(shared)")
            #expect(try run(["status", String(tail.prefix(3))]).status == 3)
            #expect(try run(["cancel", "nope-1234", "--reason", "x"]).status == 3)
        }
    }
}
