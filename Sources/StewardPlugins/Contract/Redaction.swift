import Foundation
import StewardExpressions

/// Takes secret values out of what a handler said before anything is written down: its
/// failure message, its log lines, its output. Exact matching only, so a secret the handler
/// transformed (encoded, split) is not caught: secrets belong on stdin and nowhere else.
public struct Redaction: Sendable {
    public static let mark = "[redacted]"
    private let secrets: [String]

    public init(secrets: [String]) {
        // Longest first, so a secret containing another is removed whole; very short values
        // would blank ordinary words and are left alone.
        self.secrets = secrets.filter { $0.count >= 4 }.sorted { $0.count > $1.count }
    }

    public func apply(to text: String) -> String {
        guard !secrets.isEmpty else { return text }
        var text = text
        for secret in secrets where text.contains(secret) {
            text = text.replacingOccurrences(of: secret, with: Self.mark)
        }
        return text
    }

    public func apply(to value: ExpressionValue) -> ExpressionValue {
        guard !secrets.isEmpty else { return value }
        switch value {
        case .string(let text): return .string(apply(to: text))
        case .list(let items): return .list(items.map(apply(to:)))
        case .object(let object):
            var redacted: ExpressionObject = [:]
            for (key, item) in object.entries { redacted[key] = apply(to: item) }
            return .object(redacted)
        default: return value
        }
    }

    public func apply(to outcome: StepOutcome) -> StepOutcome {
        guard !secrets.isEmpty else { return outcome }
        let logs = outcome.logs.map { HandlerLog(level: $0.level, message: apply(to: $0.message)) }
        let notices = outcome.notices.map {
            HandlerNotice(people: $0.people, subject: apply(to: $0.subject), body: apply(to: $0.body))
        }
        switch outcome.result {
        case .success(let output):
            return StepOutcome(.success(apply(to: output)), logs: logs, notices: notices)
        case .failure(let failure):
            return StepOutcome(.failure(StepFailure(kind: failure.kind, message: apply(to: failure.message),
                                                    retryable: failure.retryable)), logs: logs, notices: notices)
        }
    }
}
