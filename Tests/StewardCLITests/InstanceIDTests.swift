import StewardTestSupport
import Foundation
import Testing

/// Instance ids are long; a part that begins or ends only one of them is enough.
@Suite("naming an instance by part of its id")
struct InstanceIDTests {
    @Test("the random tail names one instance; a part several ids share is asked to be longer; too short is not found")
    func parts() throws {
        try withTemporaryDirectory { dir in
            #expect(try StewardProcess.run(["init", "--clock", "manual"], in: dir).status == 0)
            func run(_ arguments: [String]) throws -> StewardProcess.Result {
                try StewardProcess.run(arguments, in: dir, environment: ["STEWARD_NOW": "2026-11-02T09:00:00+08:00"])
            }
            var ids: [String] = []
            for _ in 0..<2 {
                let started = try run(["start", "party-building-plan", "--as", "li.ming", "--input", "year=2026"])
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

    /// An auditor's empty log must mean "no entries", never "no such instance".
    @Test("audit log --instance: a part of one id, a shared part refused with the ids, an unknown one not found")
    func auditLog() throws {
        try withTemporaryDirectory { dir in
            #expect(try StewardProcess.run(["init", "--clock", "manual"], in: dir).status == 0)
            let now = ["STEWARD_NOW": "2026-11-02T09:00:00+08:00"]
            var ids: [String] = []
            for _ in 0..<2 {
                let started = try StewardProcess.run(["start", "party-building-plan", "--as", "li.ming", "--input", "year=2026"], in: dir, environment: now)
                ids.append(try #require(started.stdout.split(separator: " ").dropFirst().first.map { String($0.dropLast()) }))
            }
            func log(_ instance: String) throws -> StewardProcess.Result {
                try StewardProcess.run(["audit", "log", "--instance", instance], in: dir, environment: now)
            }
            let whole = try log(ids[1])
            #expect(whole.status == 0)
            #expect(whole.stdout.split(separator: "\n").count == 1 && whole.stdout.contains(" started  \(ids[1]) "), "\(whole)")
            #expect(try log(String(try #require(ids[1].split(separator: "-").last))).stdout == whole.stdout)

            let shared = try log("party-building-plan-20261102")
            #expect(shared.status == 64, "\(shared)")
            #expect(shared.stderr.contains(ids.sorted().joined(separator: ", ")), "\(shared)")
            let unknown = try log("party-building-plan-20261102-00000000")
            #expect(unknown.status == 3 && unknown.stdout.isEmpty, "\(unknown)")
            #expect(unknown.stderr.contains("no instance 'party-building-plan-20261102-00000000'"), "\(unknown)")
        }
    }
}
