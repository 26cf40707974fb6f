/// Bounds on what one expression may cost, so that a workflow file can never hang or exhaust the engine.
///
/// | limit | default | checked |
/// |---|---|---|
/// | `maximumLength` | 4,096 | characters (Unicode scalars) between `${{` and `}}`, while parsing |
/// | `maximumDepth` | 64 | nesting of the syntax tree (parentheses, operators, calls, lists), while parsing |
/// | `maximumStringLength` | 65,536 | Unicode scalars in any string an expression produces |
/// | `maximumListSize` | 10,000 | elements in any list an expression produces |
/// | `maximumSteps` | 100,000 | evaluation steps: one per syntax node evaluated (a lambda's body once per element), one per list element or object field visited, and one per 256 bytes of text a node gives or `==` compares |
///
/// The depth is checked while parsing, before anything deeper is built, so deeply nested input
/// (`((((…`) is refused with an `expr-limit` error instead of overflowing the stack; the checker
/// and the evaluator recurse only as deep as the tree, and so are bounded too.
/// A chain such as `a + b + c` nests one level per operator.
public struct ExpressionLimits: Sendable, Equatable {
    /// Longest expression text, in Unicode scalars.
    public var maximumLength: Int
    /// Deepest syntax tree.
    public var maximumDepth: Int
    /// Longest string an expression may produce, in Unicode scalars.
    public var maximumStringLength: Int
    /// Largest list an expression may produce.
    public var maximumListSize: Int
    /// Most evaluation steps for one expression or template.
    public var maximumSteps: Int

    /// Creates limits; every argument defaults to the engine's default.
    public init(
        maximumLength: Int = 4096,
        maximumDepth: Int = 64,
        maximumStringLength: Int = 65_536,
        maximumListSize: Int = 10_000,
        maximumSteps: Int = 100_000
    ) {
        self.maximumLength = maximumLength
        self.maximumDepth = maximumDepth
        self.maximumStringLength = maximumStringLength
        self.maximumListSize = maximumListSize
        self.maximumSteps = maximumSteps
    }

    /// The engine's defaults.
    public static let `default` = ExpressionLimits()

    /// Throws `expr-limit` when `text` is longer than `maximumStringLength`.
    func check(string text: String, at offset: Int) throws(ExpressionError) {
        // utf8.count is O(1) for native strings and never smaller than the scalar count.
        guard text.utf8.count > maximumStringLength else { return }
        let count = text.unicodeScalars.count
        if count > maximumStringLength {
            throw ExpressionError(
                .limit, "text of \(count) characters is longer than the \(maximumStringLength) allowed",
                offset: offset)
        }
    }

    /// Throws `expr-limit` when a list of `count` elements is larger than `maximumListSize`.
    func check(listSize count: Int, at offset: Int) throws(ExpressionError) {
        if count > maximumListSize {
            throw ExpressionError(
                .limit, "a list of \(count) elements is larger than the \(maximumListSize) allowed", offset: offset)
        }
    }
}
