import StewardAudit
import StewardExpressions

/// Reads a plug-in's standard output, frame by frame, as protocol v1 says: `hello` first,
/// then any `log` frames, then exactly one `result`. A line that breaks the rules stops the
/// plug-in at once (the reason becomes a `protocol` failure).
///
/// Used by the runner's thread while the plug-in runs, read by the caller once it has ended.
final class PluginFrames: OutputLines, @unchecked Sendable {
    /// Log lines kept per call, and characters per line: the rest is left out, and a last
    /// line says how much.
    static let maxLogs = 100
    static let maxLogLength = 2000
    /// How much of a refused line a message quotes.
    static let quoteLimit = 200

    private let name: String
    private let version: String
    private(set) var greeted = false
    private(set) var logs: [HandlerLog] = []
    private var logsLeftOut = 0
    private(set) var result: Result<ExpressionValue, StepFailure>?
    /// Frame types this protocol does not know (ignored, so a newer plug-in still works; named if no result comes).
    private(set) var ignoredTypes: [String] = []
    private let declaredErrors: [String]

    init(name: String, version: String, errors: [String]) {
        self.name = name
        self.version = version
        declaredErrors = errors
    }

    /// The logs, with a last line when some were left out.
    var keptLogs: [HandlerLog] {
        logsLeftOut == 0 ? logs
            : logs + [HandlerLog(level: .warn, message: "\(logsLeftOut) more log lines of the plug-in were left out")]
    }

    func line(_ bytes: ArraySlice<UInt8>) -> String? {
        var bytes = bytes
        if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
        // Blank lines carry nothing and break nothing.
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return nil }
        guard let text = String(validating: bytes, as: UTF8.self) else { return notAFrame(bytes, why: "it is not UTF-8 text") }
        let frame: ExpressionObject
        do {
            guard case .object(let object) = ExpressionValue(try AuditValue(parsingJSON: text)) else {
                return notAFrame(bytes, why: "it is not a JSON object")
            }
            frame = object
        } catch {
            return notAFrame(bytes, why: error.description)
        }
        guard case .string(let type)? = frame["type"] else { return "a frame has no 'type' (\(Self.quote(bytes)))" }
        if result != nil { return "the plug-in printed a '\(type)' frame after its result; the result is its last frame" }
        guard greeted || type == "hello" else {
            return "the first frame must be 'hello' (the protocol, name and version); got '\(type)'"
        }
        switch type {
        case "hello": return hello(frame)
        case "log": return log(frame)
        case "result": return readResult(frame)
        default:
            if !ignoredTypes.contains(type) { ignoredTypes.append(type) }
            return nil
        }
    }

    private func notAFrame(_ bytes: ArraySlice<UInt8>, why: String) -> String {
        "the plug-in printed a line on standard output that is not a JSON frame (\(why)): \(Self.quote(bytes)); "
            + "standard output carries protocol frames only: write logs to standard error"
    }

    private func hello(_ frame: ExpressionObject) -> String? {
        if greeted { return "the plug-in said 'hello' twice" }
        greeted = true
        guard case .integer(let protocolVersion)? = frame["protocol"] else { return "'hello' must give 'protocol', a whole number" }
        guard protocolVersion == PluginManifest.protocolVersion else {
            return "the plug-in speaks protocol \(protocolVersion); this Steward speaks \(PluginManifest.protocolVersion)"
        }
        guard case .string(let said)? = frame["name"], said == name else {
            return "'hello' names the plug-in \(frame["name"]?.json ?? "nothing"), but its manifest says '\(name)'"
        }
        guard case .string(let saidVersion)? = frame["version"], saidVersion == version else {
            return "'hello' gives version \(frame["version"]?.json ?? "nothing"), but the manifest says '\(version)': "
                + "the program and its manifest do not match"
        }
        return nil
    }

    private func log(_ frame: ExpressionObject) -> String? {
        guard case .string(let message)? = frame["message"] else { return "a 'log' frame must give 'message', text" }
        var level = HandlerLog.Level.info
        if let given = frame["level"] {
            guard case .string(let text) = given, let known = HandlerLog.Level(rawValue: text) else {
                return "a 'log' frame's 'level' is info, warn or error; got \(given.json)"
            }
            level = known
        }
        guard logs.count < Self.maxLogs else {
            logsLeftOut += 1
            return nil
        }
        let kept = message.count > Self.maxLogLength ? String(message.prefix(Self.maxLogLength)) + "…" : message
        logs.append(HandlerLog(level: level, message: kept))
        return nil
    }

    private func readResult(_ frame: ExpressionObject) -> String? {
        guard case .bool(let ok)? = frame["ok"] else { return "a 'result' frame must give 'ok', true or false" }
        if ok {
            result = .success(frame["output"] ?? .null)
            return nil
        }
        guard case .object(let error)? = frame["error"] else {
            return "a failed 'result' must give 'error': {kind, message, retryable}"
        }
        guard case .string(let kind)? = error["kind"], PluginManifest.isName(kind) else {
            return "the error's 'kind' must be lower-case letters, digits and '-', starting with a letter; got \(error["kind"]?.json ?? "nothing")"
        }
        var message = ""
        if let given = error["message"] {
            guard case .string(let text) = given else { return "the error's 'message' must be text" }
            message = text
        }
        var retryable = true
        if let given = error["retryable"] {
            guard case .bool(let flag) = given else { return "the error's 'retryable' must be true or false" }
            retryable = flag
        }
        if !declaredErrors.contains(kind), !StepFailure.hostKinds.contains(kind) {
            logs.append(HandlerLog(level: .warn, message: "the plug-in reported the error kind '\(kind)', which its manifest's 'errors' does not list"))
        }
        result = .failure(StepFailure(kind: kind, message: message, retryable: retryable))
        return nil
    }

    /// At most `quoteLimit` bytes of a line, cut between characters, in quotes.
    static func quote(_ bytes: ArraySlice<UInt8>) -> String {
        var end = min(bytes.count, quoteLimit)
        let start = bytes.startIndex
        // Back up to the start of a character (continuation bytes are 10xxxxxx).
        while end < bytes.count, end > 0, bytes[start + end] & 0xC0 == 0x80 { end -= 1 }
        let text = String(decoding: bytes[start..<start + end], as: UTF8.self)
        return "'" + text + (end < bytes.count ? "…" : "") + "'"
    }
}
