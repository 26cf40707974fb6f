import Foundation
import StewardExpressions

/// A process plug-in: one program run per call, spoken to in protocol v1 (docs/plugins.md).
///
/// Before each call its files are checked again and its program hashed: a program changed
/// since Steward read it is not run (`plugin-changed`), one that is gone fails `plugin-missing`.
public struct ProcessPlugin: StepHandler {
    public let manifest: PluginManifest
    public let contract: HandlerContract

    public init(manifest: PluginManifest, contract: HandlerContract) {
        self.manifest = manifest
        self.contract = contract
    }

    public func call(_ request: StepRequest) async -> StepOutcome {
        let redaction = Redaction(secrets: Array(request.secrets.values))
        return redaction.apply(to: await run(request))
    }

    private func run(_ request: StepRequest) async -> StepOutcome {
        guard case .process(let run) = manifest.kind else {
            return .failure(kind: "plugin-missing", message: "'\(manifest.name)' is not a process plug-in", retryable: false)
        }
        if let problem = CallArguments.problem(request.arguments, contract) {
            return .failure(kind: "handler", message: problem, retryable: false)
        }
        let program: URL
        do {
            program = try PluginFiles.recheck(manifest, digest: contract.digest ?? "")
        } catch {
            return StepOutcome(.failure(error.failure))
        }
        let folder: CallFolder
        do { folder = try CallFolder(for: request) } catch { return StepOutcome(.failure(error)) }
        defer { folder.remove() }

        let frames = PluginFrames(name: manifest.name, version: manifest.version, errors: manifest.errors)
        let launch = ProcessLaunch(executable: program.path, arguments: [program.path] + run.dropFirst(),
                                   environment: CallEnvironment.base(home: folder.url, passing: manifest.environment),
                                   folder: folder.url.path, input: Array((PluginRequest.line(request, contract: contract, work: folder.url.path) + "\n").utf8),
                                   deadline: request.deadline)
        switch await ProcessRunner.run(launch, lines: frames) {
        case .failure(let failure):
            return .failure(kind: failure.code == ENOENT ? "plugin-missing" : "handler",
                            message: "the program of plug-in '\(manifest.name)' could not be started: \(failure.message)"
                                + (failure.code == ENOEXEC ? " (a script must start with a '#!' line naming its interpreter)" : ""))
        case .success(let ran):
            return outcome(ran, frames: frames, request: request)
        }
    }

    private func outcome(_ ran: ProcessRun, frames: PluginFrames, request: StepRequest) -> StepOutcome {
        let who = "plug-in '\(manifest.name)'"
        var logs = frames.keptLogs
        switch ran.stop {
        case .deadline?:
            return failure("timeout", "\(who) did not finish within its time limit (\(Self.seconds(contract.timeout))); "
                               + "its processes were stopped", ran, logs)
        case .outputTooLarge?:
            return failure("output-too-large", "\(who) printed more than \(ProcessLaunch.outputCap >> 20) MiB on standard output, "
                               + "the most a call may; it was stopped", ran, logs)
        case .refused(let reason)?:
            return failure("protocol", "\(who): \(reason)", ran, logs, retryable: false)
        case nil:
            break
        }
        if let result = frames.result {
            // A well-formed result stands, whatever the exit status; an odd one is noted.
            switch ran.ending {
            case .exited(0): break
            case .exited(let code): logs.append(HandlerLog(level: .warn, message: "\(who) exited with status \(code) after its result"))
            case .signaled(let signal): logs.append(HandlerLog(level: .warn, message: "\(who) was killed by signal \(signal) after its result"))
            }
            return StepOutcome(result, logs: logs)
        }
        let ignored = frames.ignoredTypes.isEmpty ? ""
            : " (frames of unknown type were ignored: \(frames.ignoredTypes.joined(separator: ", ")))"
        switch ran.ending {
        case .signaled(let signal):
            return failure("crashed", "\(who) was killed by signal \(signal)\(Self.signalName(signal)) before giving a result", ran, logs)
        case .exited(let code):
            let said = frames.greeted ? "" : " (it did not even say hello)"
            return failure("handler", "\(who) exited with status \(code) without a result\(said)\(ignored)", ran, logs)
        }
    }

    private func failure(_ kind: String, _ message: String, _ ran: ProcessRun, _ logs: [HandlerLog],
                         retryable: Bool = true) -> StepOutcome {
        .failure(kind: kind, message: message + Self.errorTail(ran), retryable: retryable, logs: logs)
    }

    /// The end of what it wrote on standard error, for the failure message.
    static func errorTail(_ ran: ProcessRun) -> String {
        guard !ran.errorTail.isEmpty else { return "" }
        let cut = ran.errorBytes > ran.errorTail.count ? " (its last \(ran.errorTail.count) of \(ran.errorBytes) bytes)" : ""
        var text = String(decoding: ran.errorTail, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        return "\nstandard error\(cut):\n" + text
    }

    /// `1h`, `5m` or `30s`, as a manifest writes a time limit.
    static func seconds(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        if seconds >= 3600, seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        return seconds >= 60 && seconds % 60 == 0 ? "\(seconds / 60)m" : "\(seconds)s"
    }

    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGSEGV: " (SIGSEGV)"
        case SIGABRT: " (SIGABRT)"
        case SIGKILL: " (SIGKILL)"
        case SIGTERM: " (SIGTERM)"
        case SIGBUS: " (SIGBUS)"
        case SIGILL: " (SIGILL)"
        case SIGFPE: " (SIGFPE)"
        default: ""
        }
    }
}

/// The arguments of a call against the contract, checked again at the call (validate checked
/// the workflow, but a value computed by an expression may still be missing).
enum CallArguments {
    static func problem(_ arguments: ExpressionValue, _ contract: HandlerContract) -> String? {
        let given: ExpressionObject
        switch arguments {
        case .object(let object): given = object
        case .null: given = ExpressionObject()
        default: return "the arguments of '\(contract.name)' must be a mapping (with:)"
        }
        for name in contract.required where given[name] == nil || given[name] == .null {
            return "'\(contract.name)' needs the argument '\(name)'"
        }
        guard !contract.openInputs else { return nil }
        for key in given.keys where contract.input(named: key) == nil {
            return "'\(contract.name)' does not take '\(key)'; it takes: \(contract.inputs.map(\.name).joined(separator: ", "))"
        }
        return nil
    }
}
