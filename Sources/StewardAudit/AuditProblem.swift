/// One thing `audit verify` found: tampering or damage (an error), or something an auditor
/// should look at that proves nothing by itself (a warning).
public struct AuditProblem: Sendable, Hashable, Encodable, CustomStringConvertible {
    /// Whether the problem fails the verification.
    public enum Severity: String, Sendable, Hashable, Codable {
        /// The trail or the store was altered or damaged: verification fails (exit 1).
        case error
        /// Worth a look, but not proof of tampering (a clock set back): verification still passes.
        case warning
    }

    /// A stable name for scripts: a `VerificationFailure.Reason` for the trail's own checks
    /// (`hashMismatch`, `truncated`, …), else one of the kinds the store checks and replay use.
    public var kind: String
    /// Error or warning.
    public var severity: Severity
    /// The trail entry concerned, when there is one.
    public var seq: Int64?
    /// The 1-based line of an exported file, when reading one.
    public var line: Int?
    /// The instance concerned (replay), when there is one.
    public var instance: String?
    /// What was found, in plain words.
    public var message: String

    /// A problem from its parts.
    public init(kind: String, severity: Severity, seq: Int64? = nil, line: Int? = nil, instance: String? = nil,
                message: String) {
        self.kind = kind
        self.severity = severity
        self.seq = seq
        self.line = line
        self.instance = instance
        self.message = message
    }

    /// The first problem of a trail, as an error of its reason's kind.
    public init(_ failure: VerificationFailure) {
        self.init(kind: failure.reason.rawValue, severity: .error, seq: failure.seq, line: failure.line,
                  message: failure.message)
    }

    /// The message.
    public var description: String { message }

    private enum CodingKeys: String, CodingKey { case kind, severity, seq, line, instance, message }

    /// Every key, `null` when it does not apply, so the shape is the same for every problem.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(severity, forKey: .severity)
        try container.encode(seq, forKey: .seq)
        try container.encode(line, forKey: .line)
        try container.encode(instance, forKey: .instance)
        try container.encode(message, forKey: .message)
    }
}
