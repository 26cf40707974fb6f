import Foundation
import StewardCore
import StewardEngine
import StewardExpressions
import StewardPlugins
import StewardStore
import StewardTime
import Testing

/// A handler that waits (up to ten seconds) until `condition` holds, and says whether it did:
/// a call that could only finish once the tick did other work first.
final class WaitingHandler: StepHandler, @unchecked Sendable {
    let contract: HandlerContract
    private let condition: @Sendable () -> Bool

    init(name: String, timeout: Duration = .seconds(60), condition: @escaping @Sendable () -> Bool) {
        contract = HandlerContract(name: name, version: "test", summary: "waits for something", tier: .builtIn,
                                   openInputs: true, idempotent: true, timeout: timeout)
        self.condition = condition
    }

    func call(_ request: StepRequest) async -> StepOutcome {
        let until = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < until {
            if condition() { return .success(.bool(true)) }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return .success(.bool(false))
    }
}

/// Thread-safe counters for handlers that meet each other.
final class Meeting: @unchecked Sendable {
    private let lock = NSLock()
    private var arrived = 0
    func arrive() { lock.withLock { arrived += 1 } }
    var count: Int { lock.withLock { arrived } }
}

/// Handler calls in one tick are made at once, up to `step_concurrency`, and a slow one holds
/// up neither the due timers nor the other calls.
@Suite("handler calls in a tick", .serialized)
struct ConcurrentCallsTests {
    static let start = Instant.at("2026-03-02T09:00:00+08:00")

    static func calling(_ handler: String, id: String) -> String {
        """
        steward: 1
        id: \(id)
        start: call
        states:
          call:
            type: action
            uses: \(handler)
            output: answer
            next: done
          done: { type: final }

        """
    }

    /// An hour's pause, then a quick step: the step starts only when the timer fires.
    static let reminder = """
        steward: 1
        id: reminder
        start: pause
        states:
          pause:
            type: wait
            for: 1h
            next: send
          send:
            type: action
            uses: quick
            next: done
          done: { type: final }

        """

    func engine(_ project: TestProject, _ handlers: [any StepHandler], at now: Instant) throws -> Engine {
        let store = try SQLiteStore(path: project.storePath, options: SQLiteStore.Options())
        return Engine(project: try Project.load(configFile: project.configFile), store: store,
                      handlers: HandlerRegistry(handlers), version: "test", clock: { now },
                      identity: ActorIdentity.engine(account: "test", host: "test-host"))
    }

    static let boss = ActorIdentity(person: "boss", account: "b", host: "h")

    @Test("a slow call holds up neither the timers due in the same tick nor the steps they start")
    func slowCallAndDueTimer() throws {
        let project = try TestProject(workflows: ["slow": Self.calling("watch", id: "slow"), "reminder": Self.reminder])
        defer { project.remove() }
        let quick = WaitingHandler(name: "quick") { true }
        let observer = try engine(project, [quick], at: Self.start)
        let reminder = try observer.start(workflow: "reminder", inputs: [:], actor: Self.boss).id
        // The slow call answers only once it sees the reminder done: its timer fired, and the
        // step that started made and recorded, all by the same tick while the slow call waits.
        let watch = WaitingHandler(name: "watch") { (try? observer.instance(reminder).status) == .completed }
        let later = Self.start.adding(milliseconds: 2 * 3_600_000)
        let engine = try engine(project, [watch, quick], at: later)
        let slow = try engine.start(workflow: "slow", inputs: [:], actor: Self.boss).id
        let report = try engine.tick()
        #expect(report.timersFired == 1)
        #expect(report.stepsRun == 2)
        #expect(try engine.instance(slow).vars["answer"] == .bool(true), "the reminder waited for the slow call")
    }

    @Test("calls are made at once: two that wait for each other both finish")
    func callsRunTogether() throws {
        let meeting = Meeting()
        let handlers: [any StepHandler] = ["first", "second"].map { name in
            WaitingHandler(name: name) {
                meeting.arrive()
                return meeting.count >= 2
            }
        }
        // Each call arrives once per poll; both see two arrivals only if both are running.
        let project = try TestProject(workflows: ["a": Self.calling("first", id: "a"), "b": Self.calling("second", id: "b")])
        defer { project.remove() }
        let engine = try engine(project, handlers, at: Self.start)
        let a = try engine.start(workflow: "a", inputs: [:], actor: Self.boss).id
        let b = try engine.start(workflow: "b", inputs: [:], actor: Self.boss).id
        let report = try engine.tick()
        #expect(report.stepsRun == 2)
        #expect(try engine.instance(a).status == .completed)
        #expect(try engine.instance(b).status == .completed)
    }

    @Test("a call that does not answer by its deadline fails with kind timeout, and the tick goes on")
    func deadlinePassed() throws {
        let never = WaitingHandler(name: "never", timeout: .milliseconds(100)) { false }
        let workflow = """
            steward: 1
            id: hanging
            start: call
            states:
              call:
                type: action
                uses: never
                catch:
                  - error: timeout
                    to: late
                next: done
              late: { type: final, outcome: failed }
              done: { type: final }

            """
        let project = try TestProject(workflows: ["hanging": workflow])
        defer { project.remove() }
        let engine = try engine(project, [never], at: Self.start)
        let id = try engine.start(workflow: "hanging", inputs: [:], actor: Self.boss).id
        let report = try engine.tick()
        #expect(report.stepsRun == 1)
        // Had the tick waited for the handler's own ten seconds, the step would have succeeded.
        #expect(try engine.instance(id).status == .failed)
        let failed = try #require(try project.readStore().entries(instance: id).first { $0.entry.event == "handler-failed" })
        #expect(failed.event?.fields["kind"] as? String == "timeout")
    }

    @Test("calls start even when every thread of Swift's shared pool is busy, the tick's own included")
    func sharedPoolBusy() async throws {
        let quick = WaitingHandler(name: "quick", timeout: .seconds(2)) { true }
        let project = try TestProject(workflows: ["a": Self.calling("quick", id: "a")])
        defer { project.remove() }
        let engine = try engine(project, [quick], at: Self.start)
        let id = try engine.start(workflow: "a", inputs: [:], actor: Self.boss).id
        // Every other thread of the pool waits on a gate that opens only after the tick.
        let others = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)
        let gate = DispatchSemaphore(value: 0)
        let busy = Meeting()
        for _ in 0..<others {
            Task.detached {
                busy.arrive()
                gate.wait()
            }
        }
        let until = ContinuousClock.now + .seconds(10)
        while busy.count < others, ContinuousClock.now < until { try await Task.sleep(for: .milliseconds(10)) }
        let report = Result { try engine.tick() }
        for _ in 0..<others { gate.signal() }
        #expect(try report.get().stepsRun == 1)
        // Had the call waited for a thread of the pool, it would have failed with `timeout`.
        #expect(try engine.instance(id).status == .completed)
    }

    @Test("a result's next step is called in the same tick, up to a bound per instance")
    func followUpCalls() throws {
        let quick = WaitingHandler(name: "quick") { true }
        let steps = Engine.callsPerInstanceAndTick + 4
        var states = ""
        for n in 1...steps {
            states += "  s\(n):\n    type: action\n    uses: quick\n    next: \(n == steps ? "done" : "s\(n + 1)")\n"
        }
        let workflow = "steward: 1\nid: chain\nstart: s1\nstates:\n" + states + "  done: { type: final }\n"
        let project = try TestProject(workflows: ["chain": workflow])
        defer { project.remove() }
        let engine = try engine(project, [quick], at: Self.start)
        let id = try engine.start(workflow: "chain", inputs: [:], actor: Self.boss).id
        #expect(try engine.tick().stepsRun == Engine.callsPerInstanceAndTick)
        #expect(try engine.instance(id).currentStates == ["s\(Engine.callsPerInstanceAndTick + 1)"])
        // The next tick goes on where this one stopped.
        #expect(try engine.tick().stepsRun == 4)
        #expect(try engine.instance(id).status == .completed)
    }

    @Test("the trail names the handler and version of each call")
    func provenanceRecorded() throws {
        let watch = WaitingHandler(name: "watch") { true }
        let project = try TestProject(workflows: ["slow": Self.calling("watch", id: "slow")])
        defer { project.remove() }
        let engine = try engine(project, [watch], at: Self.start)
        let id = try engine.start(workflow: "slow", inputs: [:], actor: Self.boss).id
        _ = try engine.tick()
        let entry = try #require(try project.readStore().entries(instance: id).first { $0.entry.event == "handler-succeeded" })
        #expect(entry.details["handler"] as? String == "watch@test")
    }
}
