/// Counts evaluation steps against `ExpressionLimits.maximumSteps`.
struct StepBudget: Sendable {
    private(set) var used = 0
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// Text costs one step per this many bytes (UTF-8; a Chinese character is 3): a function that reads
    /// or builds a long text does work in proportion to its length, which the nodes alone do not show.
    static let textBytesPerStep = 256

    /// Spends the steps `text` costs (nothing for text shorter than `textBytesPerStep`).
    mutating func charge(text: String, at offset: Int) throws(ExpressionError) {
        try charge(text.utf8.count / Self.textBytesPerStep, at: offset)
    }

    /// Spends `count` steps, or throws `expr-limit` at `offset` when the budget is exhausted.
    mutating func charge(_ count: Int = 1, at offset: Int) throws(ExpressionError) {
        let (sum, overflow) = used.addingReportingOverflow(max(0, count))
        used = overflow ? Int.max : sum
        if used > limit {
            throw ExpressionError(
                .limit, "expression needs more than the \(limit) evaluation steps allowed",
                suggestion: "work on smaller lists or split the work into steps", offset: offset)
        }
    }
}
