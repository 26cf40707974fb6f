import StewardTestSupport
import Foundation
import StewardCore
import StewardEngine
import StewardStore
import StewardTime
import Testing

extension StewardProcesses {
    /// Every refusal exits with its documented code, says why, is recorded in the trail
    /// (event `refused`, the reason code in details) and changes nothing else.
    @Suite("refusals")
    struct RefusalTests {
        static let workflow = """
            steward: 1
            id: refusals
            title: refusal checks
            start: draft
            states:
              draft:
                type: task
                assignee: { role: office }
                due: 1h
                form:
                  count: { type: integer, required: true }
                  kind:  { type: enum, values: [a, b] }
                actions:
                  submit: review
              review:
                type: task
                assignee: { role: committee }
                separate_from: [draft]
                actions:
                  approve: done
                  reject: { to: draft, require: [comment] }
              done: { type: final }

            """

        static let now = Instant.at("2026-11-02T09:00:00+08:00")

        /// Where the instance is when the refused command runs.
        enum Stage: Sendable { case draft, review, finished }

        struct Case: Sendable, CustomTestStringConvertible {
            let name: String
            let stage: Stage
            let arguments: [String]
            let exit: Int32
            let reason: String
            let person: String
            var testDescription: String { name }
        }

        static let cases: [Case] = [
            Case(name: "not eligible", stage: .draft, arguments: ["submit", "--as", "dan", "--field", "count=1"],
                 exit: 2, reason: "not-eligible", person: "dan"),
            Case(name: "four-eyes", stage: .review, arguments: ["approve", "--as", "ann"],
                 exit: 2, reason: "four-eyes", person: "ann"),
            Case(name: "action not in the task", stage: .draft, arguments: ["approve", "--as", "ann", "--field", "count=1"],
                 exit: 2, reason: "action-not-allowed", person: "ann"),
            Case(name: "missing required field", stage: .draft, arguments: ["submit", "--as", "ann"],
                 exit: 2, reason: "missing-required", person: "ann"),
            Case(name: "missing required comment", stage: .review, arguments: ["reject", "--as", "bob"],
                 exit: 2, reason: "missing-required", person: "bob"),
            Case(name: "integer field given text", stage: .draft, arguments: ["submit", "--as", "ann", "--field", "count=abc"],
                 exit: 2, reason: "invalid-form", person: "ann"),
            Case(name: "enum value not among its values", stage: .draft,
                 arguments: ["submit", "--as", "ann", "--field", "count=1", "--field", "kind=c"],
                 exit: 2, reason: "invalid-form", person: "ann"),
            Case(name: "field the form does not have", stage: .draft,
                 arguments: ["submit", "--as", "ann", "--field", "count=1", "--field", "bogus=1"],
                 exit: 2, reason: "invalid-form", person: "ann"),
            // Not cat, who approved it: that would be a repeat of an act already recorded (below).
            Case(name: "acting on a finished instance", stage: .finished, arguments: ["approve", "--as", "bob"],
                 exit: 4, reason: "finished", person: "bob"),
            Case(name: "no open task in the state named", stage: .review,
                 arguments: ["submit", "--as", "bob", "--state", "draft", "--field", "count=1"],
                 exit: 4, reason: "no-open-task", person: "bob"),
            Case(name: "an act already recorded, run again", stage: .finished, arguments: ["approve", "--as", "cat"],
                 exit: 4, reason: "already-recorded", person: "cat"),
        ]

        @Test("refused, recorded, nothing else changed", arguments: cases)
        func refusal(_ c: Case) throws {
            let project = try TestProject(workflows: ["refusals": Self.workflow])
            defer { project.remove() }
            let id = try Self.instance(in: project, at: c.stage)
            let before = try Snapshot(project, id)

            let result = try project.steward(["act", id] + c.arguments, now: Self.now)
            #expect(result.status == c.exit, "\(result)")
            #expect(result.stderr.contains("[\(c.reason)]"), "\(result)")
            #expect(!result.crashed)

            let after = try Snapshot(project, id)
            after.expectSameInstance(as: before)
            let added = after.entries.dropFirst(before.entries.count)
            #expect(added.count == 1, "\(added.map(\.entry.event))")
            let entry = try #require(added.first)
            #expect(entry.entry.event == "refused")
            #expect(entry.refusal == c.reason)
            #expect(entry.entry.person == c.person)
            #expect(entry.entry.instance == id)
            #expect(entry.event?.name == "acted", "the refused entry records what was attempted")
            #expect(entry.details["message"] as? String != nil)
            // The trail still verifies and every instance still replays to its row.
            let verify = try project.steward(["audit", "verify", "--replay"])
            #expect(verify.status == 0, "\(verify)")
        }

        @Test("an unknown person is refused (2) before any instance is touched")
        func unknownPerson() throws {
            let project = try TestProject(workflows: ["refusals": Self.workflow])
            defer { project.remove() }
            let id = try Self.instance(in: project, at: .draft)
            let before = try Snapshot(project, id)
            let result = try project.steward(["act", id, "submit", "--as", "nobody", "--field", "count=1"], now: Self.now)
            #expect(result.status == 2, "\(result)")
            #expect(result.stderr.contains("not a person of the roster") && result.stderr.contains("[unknown-person]"))
            let after = try Snapshot(project, id)
            after.expectSameInstance(as: before)
            // Nothing changes but the trail, which records the attempt with its reason.
            #expect(after.entries.count == before.entries.count + 1)
            #expect(after.entries.last?.entry.event == "refused")
            #expect(after.entries.last?.entry.person == "nobody")
            #expect(after.entries.last?.details["refusal"] as? String == "unknown-person")
        }

        @Test("identity: os refuses (2) a person whose roster account is not the OS account")
        func osIdentityMismatch() throws {
            try #require(ActorIdentity.currentAccount == "root", "this test expects to run as root")
            let project = try TestProject(workflows: ["refusals": Self.workflow], identity: "os", rootAdmin: false)
            defer { project.remove() }
            let id = try Self.instance(in: project, at: .draft)
            let before = try Snapshot(project, id)
            let result = try project.steward(["act", id, "submit", "--as", "ann", "--field", "count=1"], now: Self.now)
            #expect(result.status == 2, "\(result)")
            #expect(result.stderr.contains("[identity-mismatch]") && result.stderr.contains("'root'"), "\(result)")
            let after = try Snapshot(project, id)
            after.expectSameInstance(as: before)
            #expect(after.entries.count == before.entries.count + 1)
            #expect(after.entries.last?.entry.event == "refused")
            #expect(after.entries.last?.details["refusal"] as? String == "identity-mismatch")
        }

        @Test("identity: os lets an admin's account act for a person, recorded with onBehalfBy")
        func adminActsOnBehalf() throws {
            try #require(ActorIdentity.currentAccount == "root", "this test expects to run as root")
            let project = try TestProject(workflows: ["refusals": Self.workflow], identity: "os", rootAdmin: true)
            defer { project.remove() }
            let id = try Self.instance(in: project, at: .draft)
            let before = try Snapshot(project, id)
            let result = try project.steward(["act", id, "submit", "--as", "ann", "--field", "count=1"], now: Self.now)
            #expect(result.status == 0, "\(result)")
            let after = try Snapshot(project, id)
            #expect(after.row.version == before.row.version + 1)
            let state = try after.row.decoded
            #expect(state.currentStates == ["review"])
            #expect(state.scopes[0].records["draft"]?.actor == "ann")
            let entry = try #require(after.entries.last)
            #expect(entry.entry.event == "acted")
            #expect(entry.entry.person == "ann")
            #expect(entry.entry.account == "root")
            #expect(entry.details["onBehalfBy"] as? String == "boss")
            #expect(entry.event?.fields["onBehalfBy"] as? String == "boss")
            let verify = try project.steward(["audit", "verify", "--replay"])
            #expect(verify.status == 0, "\(verify)")
        }

        @Test("an unknown instance is not found (3) and changes nothing")
        func unknownInstance() throws {
            let project = try TestProject(workflows: ["refusals": Self.workflow])
            defer { project.remove() }
            _ = try Self.instance(in: project, at: .draft)
            let count = try project.readStore().entries().count
            for arguments in [["act", "refusals-20261102-00000000", "submit", "--as", "ann", "--field", "count=1"],
                              ["status", "refusals-20261102-00000000"],
                              ["cancel", "refusals-20261102-00000000", "--reason", "test"]] {
                let result = try project.steward(arguments, now: Self.now)
                #expect(result.status == 3, "\(arguments): \(result)")
                #expect(result.stderr.contains("no instance 'refusals-20261102-00000000'"), "\(result)")
            }
            #expect(try project.readStore().entries().count == count)
        }

        @Test("a read-only command on a missing store is not found (3) and creates nothing")
        func missingStore() throws {
            let project = try TestProject(workflows: ["refusals": Self.workflow])
            defer { project.remove() }
            let missing = project.root.appendingPathComponent("nowhere/steward.db").path
            for arguments in [["status"], ["tasks", "--all"], ["audit", "log"], ["audit", "verify"]] {
                let result = try project.steward(arguments + ["--store", missing], now: Self.now)
                #expect(result.status == 3, "\(arguments): \(result)")
                #expect(result.stderr.contains("there is no store at '\(missing)'"), "\(result)")
            }
            #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("nowhere").path))
        }

        @Test("a store file of random bytes is a store failure (5) with a clear message, left untouched")
        func corruptStore() throws {
            let project = try TestProject(workflows: ["refusals": Self.workflow])
            defer { project.remove() }
            var generator = SeededGenerator(seed: 7)
            let junk = Data((0..<20_000).map { _ in UInt8.random(in: 0...255, using: &generator) })
            let header = Data("SQLite format 3\u{0}".utf8) + junk.prefix(8_000)
            for (name, bytes) in [("random.db", junk), ("header.db", header)] {
                let path = project.root.appendingPathComponent(name).path
                try bytes.write(to: URL(fileURLWithPath: path))
                for arguments in [["status"], ["tick"], ["act", "x", "submit", "--as", "ann"], ["audit", "verify", "--replay"],
                                  ["start", "refusals"]] {
                    let result = try project.steward(arguments + ["--store", path], now: Self.now)
                    #expect(result.status == 5, "\(name) \(arguments): \(result)")
                    #expect(result.stderr.contains("the store file is damaged or not a Steward store"), "\(result)")
                    #expect(!result.stderr.contains("Fatal error") && !result.crashed)
                }
                #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes, "\(name) was changed")
            }
        }

        @Test("bad arguments and a bad STEWARD_NOW are usage errors (64) and change nothing")
        func usageErrors() throws {
            let project = try TestProject(workflows: ["refusals": Self.workflow])
            defer { project.remove() }
            let id = try Self.instance(in: project, at: .draft)
            let before = try Snapshot(project, id)
            let bad: [[String]] = [
                ["act"], ["act", id], ["status", "--bogus"], ["act", id, "submit", "--as", "ann", "--field", "count"],
                ["act", id, "submit", "--as", "ann", "--field", "=1"], ["start", "refusals", "--input", "year"],
                ["tick", "--json", "extra"], ["run", "--every", "1ms"], ["cancel", id, "--reason", " "], ["frobnicate"],
            ]
            for arguments in bad {
                let result = try project.steward(arguments, now: Self.now)
                #expect(result.status == 64, "\(arguments): \(result)")
                #expect(!result.crashed)
            }
            for arguments in [["tick"], ["act", id, "submit", "--as", "ann", "--field", "count=1"], ["start", "refusals"],
                              ["status"]] {
                for garbage in ["garbage", "2026-13-45T99:00:00Z", "2026-11-02 09:00"] {
                    let result = try project.steward(arguments, environment: ["STEWARD_NOW": garbage])
                    #expect(result.status == 64, "STEWARD_NOW=\(garbage) \(arguments): \(result)")
                    #expect(result.stderr.contains("STEWARD_NOW"), "\(result)")
                }
            }
            let after = try Snapshot(project, id)
            after.expectSameInstance(as: before)
            #expect(after.entries.count == before.entries.count)
            #expect(try project.readStore().allInstances().count == 1)
        }

        // MARK: - helpers

        /// Starts an instance and brings it to `stage` in-process.
        static func instance(in project: TestProject, at stage: Stage) throws -> String {
            let engine = try project.engine(at: now)
            let state = try engine.start(workflow: "refusals", inputs: [:], actor: .engine(account: "test", host: "test"))
            if stage == .draft { return state.id }
            _ = try engine.act(instance: state.id, action: "submit", state: nil, fields: ["count": "3"], comment: nil,
                               actor: ActorIdentity(person: "ann", account: "ann", host: "test"))
            if stage == .review { return state.id }
            let done = try engine.act(instance: state.id, action: "approve", state: nil, fields: [:], comment: nil,
                                      actor: ActorIdentity(person: "cat", account: "cat", host: "test"))
            #expect(done.status == .completed)
            return state.id
        }
    }
}

/// What a refusal must leave alone: the instance row, its tasks and timers; and the trail.
struct Snapshot {
    let row: InstanceRow
    let tasks: [TaskRow]
    let timers: [TimerRow]
    let entries: [ReadEntry]

    init(_ project: TestProject, _ id: String) throws {
        let store = try project.readStore()
        let loaded = try store.read { tx in
            (try tx.loadInstance(id: id), try tx.tasks(forInstance: id), try tx.timers(forInstance: id))
        }
        row = try #require(loaded.0)
        tasks = loaded.1
        timers = loaded.2
        entries = try store.entries()
    }

    func expectSameInstance(as other: Snapshot, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(row == other.row, "the instance row changed", sourceLocation: sourceLocation)
        #expect(tasks == other.tasks, "its tasks changed", sourceLocation: sourceLocation)
        #expect(timers == other.timers, "its timers changed", sourceLocation: sourceLocation)
    }
}
