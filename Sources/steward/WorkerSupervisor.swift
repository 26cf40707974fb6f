import Foundation

/// `steward run --workers N`: N worker processes, each a `steward run` of its own, restarted
/// when one dies; SIGINT or SIGTERM is passed on to all of them, and the supervisor exits when
/// they have finished their current tick.
struct WorkerSupervisor {
    let count: Int
    let every: String
    /// This process's arguments; the workers get them without `--workers`.
    let arguments: [String]

    func run() throws {
        let stop = StopSignal()
        var running: [Int: Process] = [:]
        StandardStreams.say("steward run: \(count) workers, each ticking every \(every); SIGINT or SIGTERM stops them")
        for index in 1...count { running[index] = try start(index) }
        while !stop.requested {
            stop.wait(milliseconds: 500)
            for (index, process) in running.sorted(by: { $0.key < $1.key }) where !process.isRunning && !stop.requested {
                StandardStreams.warn("steward: worker \(index) (pid \(process.processIdentifier)) stopped "
                    + "(\(Self.describe(process))); starting it again\n")
                running[index] = try start(index)
            }
        }
        for process in running.values where process.isRunning { process.terminate() }
        for process in running.values { process.waitUntilExit() }
    }

    private func start(_ index: Int) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = Self.withoutWorkers(Array(arguments.dropFirst()))
        var environment = ProcessInfo.processInfo.environment
        environment["STEWARD_WORKER"] = String(index)
        process.environment = environment
        try process.run()
        return process
    }

    /// `arguments` without `--workers N` / `--workers=N`.
    static func withoutWorkers(_ arguments: [String]) -> [String] {
        var kept: [String] = []
        var skipNext = false
        for argument in arguments {
            if skipNext { skipNext = false; continue }
            if argument == "--workers" { skipNext = true; continue }
            if argument.hasPrefix("--workers=") { continue }
            kept.append(argument)
        }
        return kept
    }

    private static func describe(_ process: Process) -> String {
        process.terminationReason == .uncaughtSignal
            ? "signal \(process.terminationStatus)" : "exit status \(process.terminationStatus)"
    }
}
