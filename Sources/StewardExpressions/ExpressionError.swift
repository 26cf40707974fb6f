/// A problem with an expression: a syntax error, a finding of the checker, or a failure while evaluating.
///
/// The message is lower case and names the offending thing in quotes; `offset` says where the
/// problem starts so that the caller can point a caret at it.
///
/// `offset` is 0-based and counts **Unicode scalars** from the start of the whole template string
/// (the text given to `ExpressionTemplate.parse`, or to `Expression.parse`), the way a text editor
/// counts columns. A caller that knows the column of the YAML scalar's first character adds the offset
/// to it (for plain and single-line quoted scalars without escapes).
public struct ExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable identifier of the kind of problem, for tools and documentation.
    public enum Code: String, Sendable, CaseIterable {
        /// The text is not a well-formed expression or template.
        case syntax = "expr-syntax"
        /// A name that is not known here (`input.year`, `item` outside a foreach).
        case unknownName = "expr-unknown-name"
        /// A field that the object does not have (`inputs.yaer`, `states.nosuch`).
        case unknownMember = "expr-unknown-member"
        /// A call of a function that does not exist.
        case unknownFunction = "expr-unknown-function"
        /// A function called with too few or too many arguments.
        case arity = "expr-arity"
        /// A value of the wrong type for an operator or a function.
        case type = "expr-type"
        /// `x / 0` or `x % 0`.
        case divisionByZero = "expr-division-by-zero"
        /// An integer result outside the 64-bit range, or a number that is no longer finite.
        case overflow = "expr-overflow"
        /// A limit of `ExpressionLimits` was exceeded.
        case limit = "expr-limit"
        /// An operator or function needed a value, but the value is null (not filled in, not yet run).
        case missingValue = "expr-missing-value"
        /// A value has the right type but cannot be used: `date('2026-02-30')`, `integer('abc')`.
        case invalidValue = "expr-invalid-value"
        /// The working-day calendar could not answer (no calendar set, year not covered).
        case calendar = "expr-calendar"
        /// Something the expression needs is not available in this context (`isMember` without a roster).
        case unavailable = "expr-unavailable"
    }

    /// The kind of problem.
    public var code: Code
    /// What is wrong, in lower case, naming the offending thing in quotes.
    public var message: String
    /// How to fix it, when there is an obvious fix (`did you mean 'inputs'?`).
    public var suggestion: String?
    /// Where the problem starts: 0-based, in Unicode scalars, from the start of the whole template string.
    public var offset: Int

    /// Creates an error.
    public init(_ code: Code, _ message: String, suggestion: String? = nil, offset: Int) {
        self.code = code
        self.message = message
        self.suggestion = suggestion
        self.offset = offset
    }

    /// `message (suggestion)` with the code, for logs and tests; the caller formats diagnostics itself.
    public var description: String {
        var text = "\(code.rawValue) at \(offset): \(message)"
        if let suggestion { text += "; \(suggestion)" }
        return text
    }
}
