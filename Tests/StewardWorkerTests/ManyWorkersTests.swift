import Foundation
import StewardTestSupport
import Testing

/// Several `steward run` processes over one PostgreSQL store, as on several machines: every
/// due timer fires exactly once, whatever happens to the workers or the server meanwhile.
/// The first test's instances number 10,000 unless STEWARD_WORKER_TEST_INSTANCES says otherwise;
/// the others use a fifth of that.
@Suite("many workers on PostgreSQL", .serialized)
struct ManyWorkersTests {
    static let instances = Int(ProcessInfo.processInfo.environment["STEWARD_WORKER_TEST_INSTANCES"] ?? "") ?? 10_000
    static var fewer: Int { max(instances / 5, 200) }

    @Test func eightWorkersFireEveryTimerOnce() throws {
        guard let project = try WorkerProject.make() else { return }
        try project.seed(Self.instances)
        #expect(try project.count("SELECT count(*) FROM timers") == Int64(Self.instances))
        let workers = try (1...8).map { try project.worker($0) }
        let done = try project.waitUntilAllFired(seconds: 900)
        project.stop(workers)
        #expect(done, "timers were left after 15 minutes")
        try project.expectExactlyOnce(instances: Self.instances)
    }

    @Test func workersKilledAtRandomMomentsLoseAndDoubleNothing() throws {
        guard let project = try WorkerProject.make(chains: 8) else { return }
        try project.seed(Self.fewer)
        var workers = try (1...4).map { try project.worker($0) }
        var kills = 0
        let done = try project.waitUntilAllFired(seconds: 600) {
            // A worker picked at random dies without warning (SIGKILL) and is started again.
            Thread.sleep(forTimeInterval: Double.random(in: 0...0.4))
            let victim = Int.random(in: 0..<workers.count)
            workers[victim].send(SIGKILL)
            let end = workers[victim].wait()
            if end.signal == SIGKILL { kills += 1 }
            if let fresh = try? project.worker(victim + 1) { workers[victim] = fresh }
        }
        project.stop(workers)
        #expect(done, "timers were left after 10 minutes")
        #expect(kills > 0)
        try project.expectExactlyOnce(instances: Self.fewer)
    }

    @Test(arguments: ["fast", "immediate"])
    func aServerRestartMidRunFailsInFlightWorkCleanly(mode: String) throws {
        guard let project = try WorkerProject.make(chains: 4) else { return }
        let control = try #require(ProcessInfo.processInfo.environment["STEWARD_TEST_POSTGRES_CTL"],
                                   "scripts/with-postgres sets STEWARD_TEST_POSTGRES_CTL to restart the server")
        try project.seed(Self.fewer)
        let workers = try (1...4).map { try project.worker($0) }
        // Let them start firing, then restart the server under them.
        Thread.sleep(forTimeInterval: 0.5)
        let restart = try SpawnedProcess(control, ["restart", "-m", mode, "-w"], environment: ProcessInfo.processInfo.environment,
                                         log: project.root.appendingPathComponent("restart.log"))
        let end = restart.wait()
        #expect(end.status == 0 && end.signal == nil, "pg_ctl restart: \(restart.output)")
        let done = try project.waitUntilAllFired(seconds: 600)
        project.stop(workers)
        #expect(done, "timers were left after 10 minutes")
        #expect(workers.contains { $0.output.contains("tick failed") }, "no worker saw the restart")
        try project.expectExactlyOnce(instances: Self.fewer)
    }

    @Test func aWorkerPausedPastTheIdleTimeoutHoldsNoOneUp() throws {
        guard let project = try WorkerProject.make() else { return }
        try project.seed(Self.fewer)
        // The server ends the paused worker's session after 3 s idle inside a transaction.
        let paused = try project.worker(9, environment: ["STEWARD_POSTGRES_TIMEOUT": "3"])
        Thread.sleep(forTimeInterval: 0.3)
        paused.send(SIGSTOP)
        let others = try (1...3).map { try project.worker($0) }
        Thread.sleep(forTimeInterval: 6)
        paused.send(SIGCONT)
        let done = try project.waitUntilAllFired(seconds: 600)
        project.stop(others + [paused])
        #expect(done, "timers were left after 10 minutes")
        try project.expectExactlyOnce(instances: Self.fewer)
    }
}

/// `steward run --workers N`: one command starts the workers, and SIGTERM stops them all.
@Suite("run --workers")
struct RunWorkersTests {
    @Test func oneCommandRunsTheWorkersAndStopsThemAll() throws {
        guard let project = try WorkerProject.make() else { return }
        try project.seed(300)
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("STEWARD_") }
        environment["STEWARD_NOW"] = WorkerProject.later
        let supervisor = try SpawnedProcess(StewardProcess.binary.path,
                                            ["run", "--workers", "3", "--every", "200ms",
                                             "--config", project.root.appendingPathComponent("steward.yaml").path],
                                            environment: environment, log: project.root.appendingPathComponent("run.log"))
        var names: Set<String> = []
        let done = try project.waitUntilAllFired(seconds: 300) {
            let seen = (try? project.names("SELECT application_name FROM pg_stat_activity WHERE application_name LIKE 'steward-worker-%'")) ?? []
            names.formUnion(seen)
        }
        supervisor.send(SIGTERM)
        let end = supervisor.wait()
        #expect(done, "timers were left: \(supervisor.output.suffix(2_000))")
        #expect(end.signal == nil && end.status == 0, "\(end): \(supervisor.output.suffix(2_000))")
        #expect(names.isSuperset(of: ["steward-worker-1", "steward-worker-2", "steward-worker-3"]), "\(names)")
        // The workers stopped with it: none is left connected.
        Thread.sleep(forTimeInterval: 1)
        #expect(try project.names("SELECT application_name FROM pg_stat_activity WHERE application_name LIKE 'steward-worker-%'").isEmpty)
        try project.expectExactlyOnce(instances: 300)
    }

    @Test func theEmbeddedStoreRefusesMoreThanOneWorker() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("steward-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try StewardProcess.run(["init", folder.path]).status == 0)
        let refused = try StewardProcess.run(["run", "--workers", "2"], in: folder)
        #expect(refused.status == 64, "\(refused)")
        #expect(refused.stderr.contains("needs a PostgreSQL store"), "\(refused)")
    }
}
