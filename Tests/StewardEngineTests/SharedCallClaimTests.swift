import Foundation
import StewardCore
import StewardEngine
import StewardPlugins
import StewardPostgres
import StewardStore
import StewardTime
import Testing

/// A handler that may run again (idempotent), counting its calls and taking a while.
final class CountingIdempotentHandler: StepHandler, @unchecked Sendable {
    let contract = HandlerContract(name: "archive", version: "test", summary: "counts its calls", tier: .builtIn,
                                   openInputs: true, idempotent: true)
    private let lock = NSLock()
    private var count = 0

    var calls: Int { lock.withLock { count } }

    func call(_ request: StepRequest) async -> StepOutcome {
        lock.withLock { count += 1 }
        try? await Task.sleep(for: .seconds(0.5))
        return .success(.null)
    }
}

/// On a shared (PostgreSQL) store, workers reading the same pending step call it once, even
/// when its handler could safely run twice.
@Suite("claiming a pending step among workers")
struct SharedCallClaimTests {
    @Test func twoWorkersTickingAtOnceCallAnIdempotentStepOnce() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let server = environment["STEWARD_TEST_POSTGRES"], !server.isEmpty else {
            if environment["STEWARD_REQUIRE_POSTGRES"] == "1" { Issue.record("STEWARD_TEST_POSTGRES is not set") }
            return
        }
        let project = try TestProject(workflows: ["filing": CallClaimTests.filing])
        defer { project.remove() }
        let schema = "s_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        let address = try PostgresAddress(server + "?schema=" + schema, environment: [:])
        let handler = CountingIdempotentHandler()
        func engine() throws -> Engine {
            Engine(project: try Project.load(configFile: project.configFile), store: try PostgresStore(address: address),
                   handlers: HandlerRegistry([handler]), version: "test", clock: { CallClaimTests.now },
                   identity: ActorIdentity.engine(account: "test", host: "test-host"))
        }
        let started = try engine().start(workflow: "filing", inputs: [:],
                                         actor: ActorIdentity(person: "boss", account: "b", host: "h"))
        let engines = [try engine(), try engine()]
        let reports = Reports()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            reports.add(Result { try engines[i].tick() })
        }
        #expect(reports.all.allSatisfy { (try? $0.get()) != nil }, "\(reports.all)")
        #expect(handler.calls == 1)
        #expect(try engines[0].instance(started.id).status == .completed)
        let marks = try engines[0].store.read { try $0.meta(prefix: "running:") }
        #expect(marks.isEmpty, "the result's transaction takes the mark away")
    }
}
