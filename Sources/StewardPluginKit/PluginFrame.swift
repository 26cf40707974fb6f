/// One line a plug-in writes on stdout (or returns from `steward_plugin_call`), protocol v1:
///
///     {"type":"hello","protocol":1,"name":"sign-off","version":"1.0.0"}
///     {"type":"log","level":"info","message":"3 of 4 have signed"}
///     {"type":"result","ok":true,"output":{"complete":false}}
///     {"type":"result","ok":false,"error":{"kind":"bad-input","message":"…","retryable":false}}
///
/// `hello` first, any number of `log` lines, exactly one `result` last.
public enum PluginFrame: Sendable, Equatable {
    case hello(protocol: Int, name: String, version: String)
    case log(PluginLogLevel, String)
    case result(Result<PluginObject, PluginFailure>)
    /// A frame of a type this version does not know (a later minor version may add some): skipped.
    case other(type: String)

    /// The protocol version this kit speaks.
    public static let protocolVersion = 1

    /// The frame as one line of JSON (without the line break).
    public var json: String { value.json }

    var value: PluginValue {
        switch self {
        case let .hello(version, name, pluginVersion):
            return ["type": "hello", "protocol": .integer(version), "name": .string(name), "version": .string(pluginVersion)]
        case let .log(level, message):
            return ["type": "log", "level": .string(level.rawValue), "message": .string(message)]
        case .result(.success(let output)):
            return ["type": "result", "ok": true, "output": .object(output)]
        case .result(.failure(let failure)):
            return ["type": "result", "ok": false,
                    "error": ["kind": .string(failure.kind), "message": .string(failure.message),
                              "retryable": .bool(failure.retryable)]]
        case .other(let type):
            return ["type": .string(type)]
        }
    }

    /// Reads one line; fields it does not know are ignored.
    public init(line: String) throws(PluginFrameError) {
        let value: PluginValue
        do {
            value = try PluginValue(json: line)
        } catch {
            throw PluginFrameError("is not JSON (\(error))")
        }
        guard let frame = value.object else { throw PluginFrameError("is not a JSON object") }
        guard let type = frame["type"]?.string else { throw PluginFrameError("has no text 'type'") }
        switch type {
        case "hello":
            guard let version = frame["protocol"]?.integer else { throw PluginFrameError("(hello) has no whole number 'protocol'") }
            guard let name = frame["name"]?.string, let pluginVersion = frame["version"]?.string else {
                throw PluginFrameError("(hello) has no text 'name' and 'version'")
            }
            self = .hello(protocol: version, name: name, version: pluginVersion)
        case "log":
            guard let levelName = frame["level"]?.string, let level = PluginLogLevel(rawValue: levelName) else {
                throw PluginFrameError("(log) has no 'level' info, warn or error")
            }
            guard let message = frame["message"]?.string else { throw PluginFrameError("(log) has no text 'message'") }
            self = .log(level, message)
        case "result":
            self = .result(try Self.result(frame))
        default:
            self = .other(type: type)
        }
    }

    private static func result(_ frame: PluginObject) throws(PluginFrameError) -> Result<PluginObject, PluginFailure> {
        switch frame["ok"] {
        case .bool(true)?:
            switch frame["output"] {
            case nil, .null?: return .success(PluginObject())
            case .object(let output)?: return .success(output)
            default: throw PluginFrameError("(result) has an 'output' that is not an object")
            }
        case .bool(false)?:
            guard let error = frame["error"]?.object else { throw PluginFrameError("(result) has no object 'error'") }
            guard let kind = error["kind"]?.string, PluginFrame.isKind(kind) else {
                throw PluginFrameError("(result) has no 'kind' in lower case with dashes (like rate-limited)")
            }
            let message = error["message"]?.string ?? ""
            let retryable: Bool
            switch error["retryable"] {
            case nil: retryable = true
            case .bool(let value)?: retryable = value
            default: throw PluginFrameError("(result) has a 'retryable' that is not true or false")
            }
            return .failure(PluginFailure(kind: kind, message: message, retryable: retryable))
        default:
            throw PluginFrameError("(result) has no 'ok' true or false")
        }
    }

    /// A failure kind: a lower-case letter, then lower-case letters, digits and dashes.
    public static func isKind(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first), text.unicodeScalars.count <= 64 else {
            return false
        }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}

/// Why a line is not a frame.
public struct PluginFrameError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Completes "the line …".
    public let reason: String

    public init(_ reason: String) { self.reason = reason }

    public var description: String { "the line \(reason)" }
}
