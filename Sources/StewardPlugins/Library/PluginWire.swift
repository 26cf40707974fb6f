import Foundation
import StewardExpressions
import StewardPluginKit

/// Protocol v1 as the host speaks it: a `StepRequest` as the request JSON, and the frames a
/// plug-in answers with as a `StepOutcome`.
enum PluginWire {
    /// The request line: the call's keys, `with:` (a secret input holding the secret's value,
    /// which is never written down), the folders, and the milliseconds left before the deadline.
    static func request(_ request: StepRequest, contract: HandlerContract) -> String {
        var arguments = PluginObject()
        if case .object(let object) = request.arguments {
            for (key, value) in object.entries { arguments[key] = plugin(value) }
        }
        for (input, secret) in request.secrets.sorted(by: { $0.key < $1.key }) { arguments[input] = .string(secret) }
        let left = ContinuousClock.now.duration(to: request.deadline)
        let milliseconds = max(0, left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)
        let places = request.places
        let request: PluginValue = [
            "steward": 1, "type": "invoke", "protocol": .integer(PluginFrame.protocolVersion),
            "handler": .string(contract.name), "version": .string(contract.version),
            "key": .string(request.key), "operation_key": .string(request.operationKey), "attempt": .integer(request.attempt),
            "instance": .string(request.instance), "workflow": .string(request.workflow), "state": .string(request.state),
            "timeout_ms": .integer(Int(milliseconds)),
            "with": .object(arguments),
            "places": ["work": .string(places.work.path), "outbox": .string(places.outbox.path),
                       "documents": .string(places.documents.path), "ledger": .string(places.ledger.path),
                       "templates": .string(places.templates.path)],
        ]
        return request.json
    }

    /// Reads the frames: `hello` first (protocol 1, the manifest's name and version), `log`
    /// lines, exactly one `result` last; a frame of an unknown type is skipped. Anything else is
    /// a `protocol` failure that keeps the log lines read before it.
    static func outcome(of text: String, contract: HandlerContract) -> StepOutcome {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        var logs: [HandlerLog] = []
        var result: Result<PluginObject, PluginFailure>?
        func broken(_ message: String) -> StepOutcome {
            .failure(kind: "protocol", message: "\(contract.name): \(message)", retryable: false, logs: logs)
        }
        for (index, line) in lines.enumerated() {
            let frame: PluginFrame
            do {
                frame = try PluginFrame(line: String(line))
            } catch {
                return broken("frame \(index + 1): \(error): \(quote(line)) (a plug-in writes only frames; logs go to stderr or log frames)")
            }
            if result != nil { return broken("frame \(index + 1) comes after the result") }
            switch frame {
            case let .hello(version, name, pluginVersion):
                guard index == 0 else { return broken("frame \(index + 1) is a second hello") }
                guard version == PluginFrame.protocolVersion else {
                    return broken("speaks protocol \(version), this Steward speaks \(PluginFrame.protocolVersion)")
                }
                guard name == contract.name, pluginVersion == contract.version else {
                    return broken("says hello as \(name) \(pluginVersion), the manifest names \(contract.name) \(contract.version)")
                }
            case _ where index == 0:
                return broken("the first frame must be hello: \(quote(line))")
            case let .log(level, message):
                logs.append(HandlerLog(level: HandlerLog.Level(rawValue: level.rawValue) ?? .info, message: message))
            case .result(let answer):
                result = answer
            case .other:
                continue
            }
        }
        switch result {
        case .success(let output)?: return .success(expression(.object(output)), logs: logs)
        case .failure(let failure)?:
            return .failure(kind: failure.kind, message: failure.message, retryable: failure.retryable, logs: logs)
        case nil: return broken(lines.isEmpty ? "answered nothing" : "ended without a result frame")
        }
    }

    /// The first 200 characters of a line, for a message.
    private static func quote(_ line: Substring) -> String {
        line.count > 200 ? "'\(line.prefix(200))…'" : "'\(line)'"
    }

    static func plugin(_ value: ExpressionValue) -> PluginValue {
        switch value {
        case .null: return .null
        case .bool(let value): return .bool(value)
        case .integer(let value): return .integer(value)
        case .number(let value): return .number(value)
        case .string(let value): return .string(value)
        case .date, .datetime: return .string(value.text)
        case .list(let items): return .list(items.map(plugin))
        case .object(let object): return .object(PluginObject(object.entries.map { ($0.key, plugin($0.value)) }))
        }
    }

    static func expression(_ value: PluginValue) -> ExpressionValue {
        switch value {
        case .null: return .null
        case .bool(let value): return .bool(value)
        case .integer(let value): return .integer(value)
        case .number(let value): return .number(value)
        case .string(let value): return .string(value)
        case .list(let items): return .list(items.map(expression))
        case .object(let object): return .object(ExpressionObject(object.entries.map { ($0.key, expression($0.value)) }))
        }
    }
}
