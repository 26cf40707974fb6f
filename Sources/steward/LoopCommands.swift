import ArgumentParser
import Dispatch
import Foundation
import StewardEngine
import StewardPostgres
import StewardStore
import StewardTime

/// `steward tick`: one pass of due work, for cron (`* * * * * steward tick`).
struct Tick: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fire due timers, run pending steps and scheduled starts once (for cron).",
        discussion: "Overlapping ticks are safe: each event is applied once. A lock file beside the store lets a second tick skip work another is doing.")

    @OptionGroup var options: GlobalOptions
    @Flag(help: "Do not take the lock file (ticks still never apply an event twice).") var noLock = false

    func run() throws {
        let session = try Session(options, create: true, calendarWarnings: false)
        var lock: TickLock?
        // A PostgreSQL store needs no lock file: workers claim rows, and a lease row holds singleton work.
        if !noLock, let file = session.engine.store as? SQLiteStore {
            do {
                lock = try TickLock.tryAcquire(forDatabase: file.path)
            } catch {
                throw Failure.report(EngineError(.store, error.message))
            }
            guard lock != nil else {
                if !options.json { print("another tick is running; nothing done") }
                return
            }
        }
        defer { _ = lock }
        do {
            let report = try session.engine.tick()
            warnBroken(report.brokenWorkflows, folder: session.project.config.workflows)
            if options.json {
                printJSON(TickJSON(timersFired: report.timersFired, stepsRun: report.stepsRun, started: report.started,
                                   skipped: report.skipped, flagged: report.flagged, failed: report.failed,
                                   setAside: report.setAside, deadlinesPlaced: report.deadlinesPlaced,
                                   noticesRewritten: report.noticesRewritten, checkpoint: report.checkpointFile))
            } else {
                print(report.summary)
                if let file = report.checkpointFile { print("checkpoint: \(file)") }
            }
            // The tick's work is done and stays; a checkpoint that could not be written is its own failure.
            if let failure = report.checkpointFailure { throw Failure.report(failure) }
        } catch let error as EngineError {
            throw Failure.report(error)
        }
    }
}

/// `steward run --every 60s`: the loop for systemd; stops cleanly on SIGINT or SIGTERM.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tick repeatedly; SIGINT or SIGTERM finish the current transaction and exit 0.")

    @OptionGroup var options: GlobalOptions
    @Option(help: "Time between ticks, e.g. 60s, 5m.") var every: String = "60s"
    @Option(help: "Worker processes to run (PostgreSQL stores only); each is restarted if it dies.") var workers = 1

    func run() throws {
        guard (1...256).contains(workers) else {
            throw ValidationError("--workers takes a number from 1 to 256; got \(workers)")
        }
        let interval: Int64
        if every.hasSuffix("ms"), let ms = Int64(every.dropLast(2)), ms >= 100 {
            interval = ms
        } else if case .elapsed(let ms)? = try? DurationSpec(parsing: every), ms >= 100 {
            interval = ms
        } else {
            throw ValidationError("--every takes a time such as 500ms, 30s or 5m (at least 100 ms); got '\(every)'")
        }
        var session = try Session(options, create: true)
        if workers > 1 {
            guard session.engine.store is PostgresStore else {
                throw ValidationError("--workers \(workers) needs a PostgreSQL store: the embedded store takes one writer "
                    + "at a time (docs/scaling.md says when and how to move)")
            }
            try WorkerSupervisor(count: workers, every: every, arguments: CommandLine.arguments).run()
            return
        }
        let stop = StopSignal()
        StandardStreams.say("steward run: ticking every \(every) on \(session.engine.store.location); SIGINT or SIGTERM stops after the current tick")
        var reported: String?
        var broken: [String] = []
        while !stop.requested {
            // Organizers edit the roster and calendars while the loop runs for days: each tick
            // uses the files as they are, or, while an edit has broken them, the last sound ones.
            switch session.project.reload() {
            case .unchanged:
                reported = nil
            case .changed(let project):
                // The store stays the one this loop opened: moving it is a restart's business.
                var same = options
                same.store = session.engine.store.location
                let configured = options.store ?? session.environment["STEWARD_STORE"] ?? project.storePath.path
                if let fresh = try? Session(same, create: true, project: project, calendarWarnings: false) {
                    session = fresh
                    StandardStreams.say("steward: the project's files changed; ticking with them from now on")
                    if URL(fileURLWithPath: configured).standardizedFileURL != URL(fileURLWithPath: same.store ?? "").standardizedFileURL {
                        StandardStreams.say("steward: steward.yaml now names the store \(configured); restart steward run to use it")
                    }
                }
                reported = nil
            case .broken(let problem):
                if problem != reported {
                    StandardStreams.warn("steward: warning: the project's files have errors; ticking with "
                        + "them as they were read before until they are fixed:\n\(problem)\n")
                    reported = problem
                }
            }
            do {
                let report = try session.engine.tick()
                // Said when the set of broken files changes, not at every tick of a loop that runs for days.
                if report.brokenWorkflows != broken {
                    warnBroken(report.brokenWorkflows, folder: session.project.config.workflows)
                    broken = report.brokenWorkflows
                }
                if report.timersFired + report.stepsRun + report.started + report.failed + report.setAside + report.flagged
                    + report.deadlinesPlaced + report.noticesRewritten > 0 {
                    StandardStreams.say(report.summary)
                }
                if let file = report.checkpointFile { StandardStreams.say("checkpoint: \(file)") }
                if let failure = report.checkpointFailure {
                    FileHandle.standardError.write(Data("steward: checkpoint failed: \(failure.message)\n".utf8))
                }
            } catch {
                // A failed tick (disk full, lock held too long) is reported; the loop goes on.
                StandardStreams.warn("steward: tick failed: \(error.message)\n")
            }
            stop.wait(milliseconds: interval)
        }
    }
}

/// `tick --json`: what the tick did, and the checkpoint file it wrote (the key is there only then).
private struct TickJSON: Encodable {
    let timersFired, stepsRun, started, skipped, flagged, failed, setAside, deadlinesPlaced, noticesRewritten: Int
    let checkpoint: String?
}

/// Workflow files that do not compile: any schedule in them is not followed until they are fixed.
private func warnBroken(_ files: [String], folder: String) {
    guard !files.isEmpty else { return }
    let list = files.map { folder.hasSuffix("/") ? folder + $0 : folder + "/" + $0 }.joined(separator: ", ")
    StandardStreams.warn("steward: warning: \(list) cannot be used (it has errors), so any schedule "
        + "in it is not followed; 'steward validate' shows what to fix\n")
}

/// Turns SIGINT and SIGTERM into a flag the loop checks between ticks.
final class StopSignal: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopped = false
    private var sources: [DispatchSourceSignal] = []

    init() {
        // A parent that blocked these signals (some supervisors and test runners do) would
        // otherwise leave a loop that no SIGTERM can stop.
        var stopping = sigset_t()
        sigemptyset(&stopping)
        sigaddset(&stopping, SIGINT)
        sigaddset(&stopping, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &stopping, nil)
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [weak self] in self?.stop() }
            source.resume()
            sources.append(source)
        }
    }

    var requested: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopped
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until the interval passes or a stop is requested.
    func wait(milliseconds: Int64) {
        let deadline = Date().addingTimeInterval(Double(milliseconds) / 1000)
        condition.lock()
        while !stopped && Date() < deadline { _ = condition.wait(until: deadline) }
        condition.unlock()
    }
}
