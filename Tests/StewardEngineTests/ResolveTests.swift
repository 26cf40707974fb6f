import StewardTestSupport
import Foundation
import StewardCore
import StewardEngine
import StewardExpressions
import StewardPlugins
import StewardStore
import StewardTime
import Testing

/// A non-idempotent step whose result a crash lost is flagged, shown to the admins in
/// `steward tasks`, and goes on once an admin says what it did (`steward resolve`).
@Suite("resolving a flagged step", .serialized)
struct ResolveTests {
    static let payment = """
        steward: 1
        id: payment
        start: pay
        states:
          pay:
            type: action
            uses: archive
            with: { ledger: 台账 }
            output: paid
            catch:
              - error: resolved-failed
                to: unpaid
            next: done
          unpaid: { type: final, outcome: rejected }
          done: { type: final }

        """

    static let now = Instant.at("2026-03-02T09:00:00+08:00")

    /// A payment started, its call marked by a process that is gone (a crash between the call
    /// and its result), and one tick, which flags it.
    static func flagged() async throws -> (TestProject, Engine, CountingHandler, String) {
        let project = try TestProject(workflows: ["payment": payment])
        let handler = CountingHandler(delay: 0)
        let engine = Engine(project: try Project.load(configFile: project.configFile),
                            store: try SQLiteStore(path: project.storePath, options: SQLiteStore.Options()),
                            handlers: HandlerRegistry([handler]), version: "test", clock: { now },
                            identity: ActorIdentity.engine(account: "test", host: "test-host"))
        let started = try engine.start(workflow: "payment", inputs: [:], actor: ActorIdentity(person: "boss", account: "b", host: "h"))
        let key = try #require(started.steps.first?.key)
        // A pid above the kernel's limit: no process has it.
        try engine.store.write { tx in try tx.setMeta("calling:" + key, "2147483646 test-host 0") }
        #expect(try await engine.tickOnOwnThread().flagged == 1)
        return (project, engine, handler, started.id)
    }

    @Test("flagged: shown in the admins' tasks only; a non-admin's resolve is refused and recorded; an admin's moves it on, once")
    func resolveSucceeded() async throws {
        let (project, engine, handler, id) = try await Self.flagged()
        defer { project.remove() }
        let boss = try project.steward(["tasks", "--as", "boss"], now: Self.now)
        #expect(boss.status == 0)
        #expect(boss.stdout == "\(id)  pay  [flagged] 步骤 pay（archive）在崩溃前可能已执行，请核实后 steward resolve \(id) "
                + "--outcome succeeded|failed --reason …\n", "\(boss)")
        let bossJSON = try project.steward(["tasks", "--as", "boss", "--json"], now: Self.now).stdout
        #expect(bossJSON.contains("\"handler\" : \"archive\"") && bossJSON.contains("\"why\" : \"admin\""), "\(bossJSON)")
        #expect(try project.steward(["tasks", "--as", "ann"], now: Self.now).stdout == "nothing waits for ann\n")

        let refused = try project.steward(["resolve", id, "--outcome", "succeeded", "--reason", "回单已到", "--as", "ann"], now: Self.now)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("only the roster's admins may resolve a flagged step; ann is not one [not-admin]"), "\(refused)")
        let refusal = try #require(try project.readStore().entries(instance: id).last)
        #expect(refusal.entry.event == "refused" && refusal.refusal == "not-admin" && refusal.entry.person == "ann")

        let resolved = try project.steward(["resolve", String(id.suffix(8)), "--outcome", "succeeded", "--output", "receipt=R-0042",
                                            "--reason", "银行回单已到", "--as", "boss"], now: Self.now)
        #expect(resolved.status == 0, "\(resolved)")
        #expect(resolved.stdout == "\(id): the flagged step is resolved as succeeded; the instance is completed\n")
        let state = try engine.instance(id)
        #expect(state.status == .completed)
        #expect(state.vars["paid"] == .object(["receipt": "R-0042"]))
        let entry = try #require(try project.readStore().entries(instance: id).last)
        #expect(entry.entry.event == "handler-succeeded" && entry.entry.person == "boss")
        #expect(entry.details["message"] as? String == "boss resolved the flagged step 'pay' (archive) as succeeded: 银行回单已到")
        #expect(try project.readStore().read { tx in try tx.steps(forInstance: id) }.map(\.status) == [.done])
        #expect(handler.calls == 0, "never called again")
        #expect(try project.steward(["tasks", "--as", "boss"], now: Self.now).stdout == "nothing waits for boss\n")

        let again = try project.steward(["resolve", id, "--outcome", "failed", "--reason", "again", "--as", "boss"], now: Self.now)
        #expect(again.status == 4)
        #expect(again.stderr.contains("no step of \(id) is flagged (the instance is completed)"), "\(again)")
        #expect(try project.readStore().entries(instance: id).last?.refusal == "not-flagged")
        #expect(try project.steward(["audit", "verify", "--replay"], now: Self.now).status == 0)
    }

    @Test("resolved as failed, the step fails with kind resolved-failed and catch: takes it")
    func resolveFailed() async throws {
        let (project, engine, _, id) = try await Self.flagged()
        defer { project.remove() }
        let boss = ActorIdentity(person: "boss", account: "b", host: "h")
        let state = try engine.resolve(instance: id, state: nil, outcome: .failed, output: [:], reason: "银行未扣款", actor: boss)
        #expect(state.status == .rejected, "catch: took it to 'unpaid'")
        #expect(state.scopes[0].records["pay"]?.output == .object(["error": "resolved-failed", "message": "银行未扣款"]))
        #expect(try project.readStore().read { tx in try tx.steps(forInstance: id) }.map(\.status) == [.failed])
    }

    @Test("a step that is not flagged cannot be resolved: conflict, nothing changed but the refusal")
    func notFlagged() throws {
        let project = try TestProject(workflows: ["sign-off": TestProject.signOff])
        defer { project.remove() }
        let engine = try project.engine(at: Self.now)
        let id = try engine.start(workflow: "sign-off", inputs: [:], actor: .engine(account: "test", host: "test")).id
        let before = try engine.instance(id)
        #expect(throws: EngineError(.conflict, "no step of \(id) is flagged; only a step a crash left flagged can be resolved, "
                                    + "and 'steward tasks' lists those for the admins", reason: "not-flagged")) {
            try engine.resolve(instance: id, state: nil, outcome: .succeeded, output: [:], reason: "?",
                               actor: ActorIdentity(person: "boss", account: "b", host: "h"))
        }
        #expect(try engine.instance(id) == before)
        #expect(try project.steward(["resolve", id, "--outcome", "succeeded", "--reason", "?", "--as", "boss"], now: Self.now).status == 4)
        #expect(try project.steward(["resolve", id, "--outcome", "failed", "--output", "a=b", "--reason", "?", "--as", "boss"],
                                    now: Self.now).status == 64)
    }
}
