import Foundation
import StewardCore
import StewardEngine
import StewardExpressions
import StewardPlugins
import StewardStore
import StewardTime
import Testing

/// A handler that must not run twice: it counts its calls and takes a while.
final class CountingHandler: StepHandler, @unchecked Sendable {
    let contract = HandlerContract(name: "archive", version: "test", summary: "counts its calls", tier: .builtIn,
                                   openInputs: true, idempotent: false)
    private let lock = NSLock()
    private var count = 0
    let delay: TimeInterval

    init(delay: TimeInterval) { self.delay = delay }

    var calls: Int { lock.withLock { count } }

    func call(_ request: StepRequest) async -> StepOutcome {
        lock.withLock { count += 1 }
        try? await Task.sleep(for: .seconds(delay))
        return .success(.null)
    }
}

/// A non-idempotent call is claimed and marked in one transaction (guarantee 5).
@Suite("claiming a non-idempotent call", .serialized)
struct CallClaimTests {
    static let filing = """
        steward: 1
        id: filing
        start: file
        states:
          file:
            type: action
            uses: archive
            with: { ledger: 台账 }
            next: done
          done: { type: final }

        """

    static let now = Instant.at("2026-03-02T09:00:00+08:00")

    func engine(_ project: TestProject, _ handler: CountingHandler) throws -> Engine {
        let store = try SQLiteStore(path: project.storePath, options: SQLiteStore.Options())
        return Engine(project: try Project.load(configFile: project.configFile), store: store,
                      handlers: HandlerRegistry([handler]), version: "test", clock: { Self.now },
                      identity: ActorIdentity.engine(account: "test", host: "test-host"))
    }

    @Test("two ticks at once (no lock file) call a non-idempotent handler exactly once")
    func overlappingTicks() throws {
        let project = try TestProject(workflows: ["filing": Self.filing])
        defer { project.remove() }
        let handler = CountingHandler(delay: 0.3)
        let started = try engine(project, handler).start(workflow: "filing", inputs: [:],
                                                          actor: ActorIdentity(person: "boss", account: "b", host: "h"))
        let engines = [try engine(project, handler), try engine(project, handler)]
        let reports = Reports()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            reports.add(Result { try engines[i].tick() })
        }
        #expect(handler.calls == 1)
        #expect(reports.all.allSatisfy { (try? $0.get()) != nil }, "\(reports.all)")
        #expect(reports.all.compactMap { try? $0.get().flagged }.reduce(0, +) == 0, "a live tick's mark is not a crash")
        #expect(try engines[0].instance(started.id).status == .completed)
    }

    /// A filing started, its step's "calling" mark set to `mark` as another process would leave
    /// it, then one tick: what the tick reported, how often the handler ran, the instance.
    func tickAfterMark(_ mark: String) throws -> (TickReport, calls: Int, project: TestProject, instance: String) {
        let project = try TestProject(workflows: ["filing": Self.filing])
        let handler = CountingHandler(delay: 0)
        let engine = try engine(project, handler)
        let started = try engine.start(workflow: "filing", inputs: [:], actor: ActorIdentity(person: "boss", account: "b", host: "h"))
        let key = try #require(started.steps.first?.key)
        try engine.store.write { tx in try tx.setMeta("calling:" + key, mark) }
        return (try engine.tick(), handler.calls, project, started.id)
    }

    @Test("a mark left by a process that is gone is flagged for a person, and the handler is not called")
    func markOfADeadProcess() throws {
        // A pid that cannot be running (above the kernel's pid limit), on this machine.
        let (report, calls, project, id) = try tickAfterMark("2147483646 test-host 0")
        defer { project.remove() }
        #expect(report.flagged == 1)
        #expect(calls == 0)
        #expect(try project.readStore().entries(instance: id).contains { $0.entry.event == "step-flagged" })
    }

    @Test("a mark of a process still running here is work in progress: neither called again nor flagged")
    func markOfALiveProcess() throws {
        let (report, calls, project, id) = try tickAfterMark("\(getpid()) test-host 0")
        defer { project.remove() }
        #expect(report.flagged == 0)
        #expect(calls == 0)
        #expect(try project.engine(at: Self.now).instance(id).status == .running)
    }
}

/// Tick results gathered from several threads.
final class Reports: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<TickReport, any Error>] = []
    func add(_ result: Result<TickReport, any Error>) { lock.withLock { results.append(result) } }
    var all: [Result<TickReport, any Error>] { lock.withLock { results } }
}
