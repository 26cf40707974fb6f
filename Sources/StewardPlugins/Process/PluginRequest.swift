import Foundation
import StewardExpressions

/// The request of protocol 1, the same for a process plug-in (one line on its standard input)
/// and a library (the text its call function is given).
enum PluginRequest {
    /// The call's keys, `with:` (a secret input holding the secret's value, which is never
    /// written down), the folders, the deadline and the milliseconds left before it.
    static func line(_ request: StepRequest, contract: HandlerContract, work: String) -> String {
        var with = ExpressionObject()
        if case .object(let given) = request.arguments { with = given }
        // A secret input holds the secret's name in the workflow; the plug-in gets its value.
        for name in contract.secretInputs {
            if let value = request.secrets[name] { with[name] = .string(value) }
        }
        let left = ContinuousClock.now.duration(to: request.deadline)
        let milliseconds = max(0, left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)
        let deadline = Date().addingTimeInterval(Double(milliseconds) / 1000)
        let places = request.places
        let line: ExpressionObject = [
            "steward": 1, "type": "invoke", "protocol": .integer(PluginManifest.protocolVersion),
            "handler": .string(contract.name), "version": .string(contract.version),
            "key": .string(request.key), "operation_key": .string(request.operationKey), "attempt": .integer(request.attempt),
            "instance": .string(request.instance), "workflow": .string(request.workflow), "state": .string(request.state),
            "deadline": .string(iso8601(deadline)), "timeout_ms": .integer(Int(milliseconds)),
            "with": .object(with),
            "places": ["work": .string(work), "outbox": .string(places.outbox.path),
                       "ledger": .string(places.ledger.path), "documents": .string(places.documents.path),
                       "templates": .string(places.templates.path)],
        ]
        return ExpressionValue.object(line).json
    }

    private static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
