/// Builds text from values while counting Unicode scalars, so that text longer than
/// `ExpressionLimits.maximumStringLength` is refused before it is built (a list of 10,000 long strings
/// never becomes one huge string).
struct TextBuilder {
    private(set) var text = ""
    private var scalars = 0
    let limit: Int
    /// Where to point an error.
    var offset: Int

    init(limits: ExpressionLimits, offset: Int) {
        self.limit = limits.maximumStringLength
        self.offset = offset
    }

    /// Appends `piece`, or throws `expr-limit` when the text would grow past the limit.
    mutating func append(_ piece: String) throws(ExpressionError) {
        let (sum, overflow) = scalars.addingReportingOverflow(piece.unicodeScalars.count)
        if overflow || sum > limit {
            throw ExpressionError(.limit, "text of more than \(limit) characters is longer than allowed", offset: offset)
        }
        scalars = sum
        text += piece
    }

    /// Appends the text of `value` (see `ExpressionValue.text`), list element by list element.
    mutating func append(_ value: ExpressionValue) throws(ExpressionError) {
        guard case let .list(elements) = value else {
            try append(value.text)
            return
        }
        for (position, element) in elements.enumerated() {
            if position > 0 { try append(ExpressionValue.listSeparator) }
            try append(element)
        }
    }
}
