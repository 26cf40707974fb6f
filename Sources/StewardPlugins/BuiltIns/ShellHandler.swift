import Foundation
import StewardExpressions

/// `shell`: runs one program with its arguments, as a list (argv), never through a shell.
///
/// Off unless the project's steward.yaml says `allow_shell: true`. Values from the workflow
/// reach the program only as environment variables (`env:`), never spliced into the
/// command, so no value can turn into a command of its own. The program runs as a process
/// plug-in does: its own session, an empty environment, a fresh working folder, the same
/// output caps, and its whole process group stopped at the time limit.
public struct ShellHandler: StepHandler {
    public static let name = "shell"
    /// The time limit when `timeout` is not given, and the most it may be.
    public static let defaultTimeout: Duration = .seconds(60)
    public static let maxTimeout: Duration = .seconds(3600)
    /// Where a program named without a folder is looked for (the program's own PATH).
    static let programFolders = ["/usr/bin", "/bin"]

    /// Whether the project allows it (`allow_shell: true`).
    public let allowed: Bool
    public let contract = HandlerContract(
        name: ShellHandler.name, version: "1",
        summary: "runs a program with its arguments (a list, no shell); off unless steward.yaml says allow_shell: true",
        tier: .builtIn,
        inputs: [HandlerInput("command", .list, required: true, summary: "the program and its arguments, e.g. [pandoc, plan.md]"),
                 HandlerInput("env", .object, summary: "variables for the program: the only way values reach it"),
                 HandlerInput("timeout", .duration, summary: "the time limit (default 60s, at most 1h)")],
        outputs: [HandlerInput("exit", .integer), HandlerInput("stdout", .text), HandlerInput("stderr", .text)],
        // A command may do anything: after a crash it is flagged for a person, not run again.
        idempotent: false, timeout: ShellHandler.maxTimeout)

    public init(allowed: Bool) {
        self.allowed = allowed
    }

    /// Why a project refuses `shell` (for `validate`), nil when it allows it.
    public static func refusal(allowed: Bool) -> String? {
        allowed ? nil : "this project does not allow the 'shell' step handler; steward.yaml must say 'allow_shell: true'"
    }

    public func call(_ request: StepRequest) async -> StepOutcome {
        if let refusal = Self.refusal(allowed: allowed) {
            return .failure(kind: "handler", message: refusal, retryable: false)
        }
        let command: Command
        switch Command.read(request) {
        case .success(let read): command = read
        case .failure(let problem): return StepOutcome(.failure(problem))
        }
        let folder: CallFolder
        do { folder = try CallFolder(for: request) } catch { return StepOutcome(.failure(error)) }
        defer { folder.remove() }
        var environment = CallEnvironment.base(home: folder.url, passing: [])
        environment.merge(command.environment) { _, given in given }
        let deadline = min(request.deadline, ContinuousClock.now + command.timeout)
        let launch = ProcessLaunch(executable: command.program, arguments: command.arguments, environment: environment,
                                   folder: folder.url.path, input: [], deadline: deadline)
        let shown = "'\(command.arguments.first ?? "")'"
        switch await ProcessRunner.run(launch) {
        case .failure(let failure):
            return .failure(kind: "handler", message: "\(shown) could not be started: \(failure.message)", retryable: false)
        case .success(let ran):
            let tail = ProcessPlugin.errorTail(ran)
            switch (ran.stop, ran.ending) {
            case (.deadline?, _):
                return .failure(kind: "timeout", message: "\(shown) did not finish within \(ProcessPlugin.seconds(command.timeout)); "
                                    + "its processes were stopped" + tail)
            case (.refused(let reason)?, _):
                return .failure(kind: "handler", message: "\(shown): \(reason)" + tail)
            case (.outputTooLarge?, _):
                return .failure(kind: "output-too-large", message: "\(shown) printed more than \(ProcessLaunch.outputCap >> 20) MiB "
                                    + "on standard output, the most a step may; it was stopped" + tail)
            case (nil, .signaled(let signal)):
                return .failure(kind: "crashed", message: "\(shown) was killed by signal \(signal)\(ProcessPlugin.signalName(signal))" + tail)
            case (nil, .exited(let code)) where code != 0:
                return .failure(kind: "exit-\(code)", message: "\(shown) exited with status \(code)" + tail)
            case (nil, .exited):
                return .success(.object([
                    "exit": 0, "stdout": .string(String(decoding: ran.output, as: UTF8.self)),
                    "stderr": .string(String(decoding: ran.errorTail, as: UTF8.self)),
                ]))
            }
        }
    }

    /// The call's `with:`, checked and made ready to run.
    struct Command {
        var program: String
        var arguments: [String]
        var environment: [String: String]
        var timeout: Duration

        static func read(_ request: StepRequest) -> Result<Command, StepFailure> {
            func refuse(_ message: String) -> Result<Command, StepFailure> {
                .failure(StepFailure(kind: "handler", message: message, retryable: false))
            }
            guard case .list(let items)? = request.argument("command") else {
                return refuse("'command' of shell is a list: the program, then each argument, e.g. [pandoc, plan.md]; "
                              + "write the command as a list, never as one line for a shell")
            }
            var arguments: [String] = []
            for item in items {
                switch item {
                case .list, .object, .null:
                    return refuse("each item of 'command' is one argument (text or a number); got \(item.json)")
                default:
                    arguments.append(item.text)
                }
            }
            guard let first = arguments.first, !first.isEmpty else { return refuse("'command' is empty; give the program first") }
            guard let program = resolve(first) else {
                return refuse("the program '\(first)' is not in \(programFolders.joined(separator: " or ")); "
                              + "name it by its absolute path")
            }
            var environment: [String: String] = [:]
            switch request.argument("env") {
            case nil, .null?: break
            case .object(let given)?:
                for (name, value) in given.entries {
                    guard PluginManifest.isInputName(name), !PluginManifest.reservedVariables.contains(name),
                          !name.hasPrefix("STEWARD_") else {
                        return refuse("'\(name)' in 'env' is not a variable shell may set (letters, digits and '_'; "
                                      + "not PATH, HOME or a STEWARD_ variable)")
                    }
                    switch value {
                    case .list, .object: environment[name] = value.json
                    default: environment[name] = value.text
                    }
                }
            case let other?:
                return refuse("'env' of shell is a mapping of variable names to values; got \(other.json)")
            }
            var timeout = defaultTimeout
            if let given = request.argument("timeout"), given != .null {
                switch PluginManifest.timeLimit(given.text, most: maxTimeout) {
                case .success(let limit): timeout = limit
                case .failure(let problem): return refuse("'timeout' of shell: \(problem.message)")
                }
            }
            return .success(Command(program: program, arguments: arguments, environment: environment, timeout: timeout))
        }

        /// An absolute path as it is; a bare name from the program folders; anything else nil.
        static func resolve(_ name: String) -> String? {
            if name.hasPrefix("/") { return name }
            guard !name.contains("/") else { return nil }
            return programFolders.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
        }
    }
}
