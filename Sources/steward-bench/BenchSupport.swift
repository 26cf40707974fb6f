import Foundation
import StewardAudit
import StewardCore
import StewardEngine
import StewardExpressions
import StewardModel
import StewardStore
import StewardTime
import StewardYAML

/// A scratch folder for one benchmark run, removed when the run ends.
final class ScratchFolder {
    let url: URL

    /// A new folder under `$TMPDIR` (else /tmp): a disk-backed file system here, so fsync costs what it costs.
    init(_ label: String) throws {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(base)/steward-bench-\(label).XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw BenchFailure("cannot create a scratch folder under \(base)")
        }
        url = URL(fileURLWithPath: String(cString: made))
    }

    func path(_ relative: String) -> String { url.appendingPathComponent(relative).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Why a benchmark could not run as set up.
struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// This process's memory, from /proc/self/status (Linux).
enum ProcessMemory {
    /// Peak resident set size in KiB (VmHWM), or nil where /proc is missing.
    static var peakKiB: Int? { field("VmHWM:") }
    /// Current resident set size in KiB (VmRSS).
    static var residentKiB: Int? { field("VmRSS:") }

    /// Resets the peak to the current resident size (`echo 5 > /proc/self/clear_refs`); false if refused.
    @discardableResult
    static func resetPeak() -> Bool {
        let fd = open("/proc/self/clear_refs", O_WRONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return write(fd, "5", 1) == 1
    }

    private static func field(_ name: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            return Int(line.dropFirst(name.count).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
        }
        return nil
    }
}

/// Where the package's files are: searched upward from the working folder and from this executable.
enum PackageFiles {
    static func find(_ relative: String) -> URL? {
        var starts = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            starts.append(URL(fileURLWithPath: exe).deletingLastPathComponent())
        }
        for start in starts {
            var folder = start.standardizedFileURL
            while true {
                let candidate = folder.appendingPathComponent(relative)
                if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
                let parent = folder.deletingLastPathComponent()
                if parent.path == folder.path { break }
                folder = parent
            }
        }
        return nil
    }

    /// The folder holding this executable (`.build/release`), where `steward` is built too.
    static var executableFolder: URL? {
        guard let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        return URL(fileURLWithPath: exe).deletingLastPathComponent()
    }
}

/// Runs a program to its end and returns its exit status and standard output.
func runCaptured(_ executable: String, _ arguments: [String], in folder: URL? = nil) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = folder }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Formatting for rates and sizes.
extension Double {
    /// A rate as a grouped whole number: 123,456.
    var groupedWhole: String { (isFinite ? Int(rounded()) : 0).grouped }
}

/// The roster, project file and workflows every engine benchmark uses.
enum Fixtures {
    static let roster = """
        people:
          li.ming:   { name: 李明, account: liming }
          zhang.wei: { name: 张伟, account: zhangwei }
          chen.jing: { name: 陈静, account: chenjing }
          sun.hong:  { name: 孙红, account: sunhong }
        roles:
          writers:   { title: 撰稿人, members: [li.ming] }
          reviewers: { title: 审核组, members: [zhang.wei, chen.jing] }
        admins: [sun.hong]

        """

    static let projectFile = """
        store: .steward/steward.db
        roster: roster.yaml
        workflows: workflows/
        calendars: calendars/
        plugins: plugins/
        timezone: Asia/Shanghai
        identity: declared
        ledger: ledger/
        outbox: outbox/

        """

    /// draft → review → reject → draft → review → approve → publish → archive → done.
    static let reviewLoop = """
        steward: 1
        id: review-loop
        title: 稿件审核
        start: draft
        states:
          draft:
            type: task
            title: 起草稿件
            assignee: { role: writers }
            form:
              summary: { type: text, required: true, label: 摘要 }
            actions:
              submit: { to: review }
          review:
            type: task
            title: 审核稿件
            assignee: { role: reviewers }
            separate_from: [draft]
            actions:
              approve: { to: publish }
              reject: { to: draft, require: [comment] }
          publish:
            type: action
            uses: set
            with:
              published: true
              summary: ${{ states.draft.form.summary }}
            next: archive
          archive:
            type: action
            uses: log
            with:
              message: "已归档：${{ instance.id }}"
            next: done
          done: { type: final }

        """

    /// The people and actions of one loop, after the start: (person, action, form, comment).
    static let loopActs: [(person: String, action: String, form: ExpressionObject, comment: String?)] = [
        ("li.ming", "submit", ["summary": "第一稿"], nil),
        ("zhang.wei", "reject", [:], "请补充经费预算"),
        ("li.ming", "submit", ["summary": "第二稿（含预算）"], nil),
        ("chen.jing", "approve", [:], nil),
    ]

    /// A due `wait`, then `links` inline `set` actions, then `done`.
    static func timerChain(links: Int) -> String {
        var text = """
            steward: 1
            id: timer-chain
            title: 定时链
            start: pause
            states:
              pause: { type: wait, for: 1h, next: s1 }

            """
        for link in 1...links {
            let next = link == links ? "done" : "s\(link + 1)"
            text += """
                  s\(link):
                    type: action
                    uses: set
                    with: { step\(link): \(link) }
                    next: \(next)

                """
        }
        text += "  done: { type: final }\n"
        return text
    }

    /// An instance waiting in a task whose deadline (and so its timer) is 30 days away.
    static let idleReview = """
        steward: 1
        id: idle-review
        title: 待审
        start: review
        states:
          review:
            type: task
            title: 审核
            assignee: { role: reviewers }
            due: 30 days
            actions:
              approve: { to: done }
          done: { type: final }

        """

    static func loadRoster() throws -> Roster {
        guard let roster = RosterLoader().load(YAMLSource(path: "roster.yaml", bytes: Array(roster.utf8))).roster else {
            throw BenchFailure("the benchmark roster does not load")
        }
        return roster
    }

    /// Validates and compiles a workflow in-process.
    static func compile(_ yaml: String, roster: Roster?) throws -> CompiledWorkflow {
        let validation = WorkflowValidator(context: ValidationContext(roster: roster))
            .validate(YAMLSource(path: "bench.yaml", bytes: Array(yaml.utf8)))
        guard let compiled = validation.compiled else {
            throw BenchFailure("a benchmark workflow does not compile: "
                + validation.diagnostics.map { "\($0.location.map { "\($0.line):\($0.column) " } ?? "")\($0.message)" }
                    .joined(separator: "; "))
        }
        return compiled
    }
}

/// A project on disk (steward.yaml, roster, workflows) with a store and an engine, as the CLI sets one up.
final class BenchProject {
    let folder: ScratchFolder
    let project: Project

    init(_ label: String, workflows: [String: String]) throws {
        folder = try ScratchFolder(label)
        let fm = FileManager.default
        try fm.createDirectory(atPath: folder.path("workflows"), withIntermediateDirectories: true)
        try Fixtures.projectFile.write(toFile: folder.path("steward.yaml"), atomically: true, encoding: .utf8)
        try Fixtures.roster.write(toFile: folder.path("roster.yaml"), atomically: true, encoding: .utf8)
        for (name, text) in workflows {
            try text.write(toFile: folder.path("workflows/\(name).yaml"), atomically: true, encoding: .utf8)
        }
        project = try Project.load(configFile: folder.url.appendingPathComponent("steward.yaml"))
    }

    var storePath: String { project.storePath.path }

    /// An engine on the store at `path` (default: the project's), synchronous=FULL unless told.
    func engine(storePath path: String? = nil, synchronous: SQLiteStore.Options.Synchronous = .full,
                clock: @escaping @Sendable () -> Instant = BenchClock.now) throws -> Engine {
        let store = try SQLiteStore(path: path ?? storePath, options: SQLiteStore.Options(synchronous: synchronous))
        return Engine(project: project, store: store, version: "bench", clock: clock,
                      identity: ActorIdentity.engine(account: "bench", host: "bench"))
    }
}

enum BenchClock {
    /// The wall clock, in milliseconds.
    @Sendable static func now() -> Instant {
        Instant(millisecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1000))
    }

    /// 2026-11-02T09:00:00+08:00, where generated instances start.
    static let start = Instant(millisecondsSinceEpoch: 1_793_581_200_000)
}

/// Writes instances as `Engine.persist` would for a `started` event, many to a transaction:
/// the instance row, its tasks and timers, and a sealed trail entry.
enum InstanceWriter {
    static func write(_ state: InstanceState, machine: WorkflowMachine, notes: [CoreNote], tx: WriteTransaction) throws {
        let ms = state.startedAt.millisecondsSinceEpoch
        let encoded = state.binaryEncoded()
        try tx.insertInstance(InstanceRow(id: state.id, workflowID: state.workflowID, definitionHash: state.definitionHash,
                                          status: .running, state: encoded, version: 1, createdAt: ms, updatedAt: ms))
        try tx.replaceTasks(forInstance: state.id, with: state.tasks.map { task in
            TaskRow(id: task.id, instanceID: state.id, state: task.state, title: task.title, assignees: task.assignees,
                    roles: task.roles, openedAt: task.openedAt.millisecondsSinceEpoch,
                    dueAt: task.dueAt?.millisecondsSinceEpoch, status: .open)
        })
        for timer in state.timers {
            try tx.setTimer(TimerRow(id: timer.id, instanceID: state.id, kind: timer.kind.rawValue,
                                     dueAt: timer.at.millisecondsSinceEpoch))
        }
        _ = try tx.appendTrail(TrailEntry(
            seq: 0, at: ms, instance: state.id, definition: state.definitionHash, event: "started", fromState: "",
            toState: state.currentStates.joined(separator: ","), account: "bench", host: "bench", engineVersion: "bench",
            details: try EntryDetails.engine(.started(inputs: state.inputs, by: nil), notes: notes),
            previousHash: ""))
    }
}

extension EntryDetails {
    /// An entry's details as the engine writes them for an event: the event, the core's notes
    /// and, on an instance's first entry, the hash of the roster and calendars in effect.
    static func engine(_ event: CoreEvent, notes: [CoreNote]) throws -> String {
        var details = EntryDetails(event: event, notes: notes)
        if case .started = event {
            details.environment = benchEnvironmentHash
            details.rules = DecisionRules.current.rawValue
        }
        return try details.json()
    }

    /// Stands for a project's environment hash (64 hex digits, as SHA-256 gives).
    static let benchEnvironmentHash = String(repeating: "5e", count: 32)
}
