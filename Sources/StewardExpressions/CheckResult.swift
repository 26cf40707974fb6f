/// What the checker found: the inferred type and every problem, in source order.
public struct CheckResult: Sendable, Equatable {
    /// The type the expression produces (`any` where it cannot be known).
    public var type: ExpressionType
    /// Problems found; empty when the expression is fine.
    public var findings: [ExpressionError]

    /// Creates a result.
    public init(type: ExpressionType, findings: [ExpressionError] = []) {
        self.type = type
        self.findings = findings
    }
}
