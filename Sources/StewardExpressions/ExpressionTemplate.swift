/// A YAML string value that may hold `${{ … }}` expressions.
///
/// - No `${{`: a `literal`, used as written.
/// - Exactly one `${{ … }}` with nothing but whitespace around it: a `single` expression, whose value
///   keeps its type (`items: ${{ states.draft.form.items }}` is a list).
/// - Otherwise `interpolated`: text and expressions, each expression's value converted to text
///   (see `ExpressionValue.text`) and the whole a string.
///
/// Inside `${{ … }}` a `}}` within a quoted string does not end the expression. There is no escape
/// for a literal `${{` in text; write `${{ '${{' }}` instead.
/// Offsets of expressions and errors count Unicode scalars from the start of the whole text.
public enum ExpressionTemplate: Sendable, Equatable {
    /// Text with no expression.
    case literal(String)
    /// One expression and only whitespace around it: the value keeps its type.
    case single(Expression)
    /// Text and expressions in order: the value is a string.
    case interpolated([Part])

    /// A piece of an interpolated template.
    public enum Part: Sendable, Equatable {
        /// Text used as written.
        case text(String)
        /// An expression whose value is converted to text.
        case expression(Expression)
    }

    /// Whether `text` holds at least one `${{`.
    public static func containsExpression(_ text: String) -> Bool {
        var state = 0
        for scalar in text.unicodeScalars {
            switch (state, scalar) {
            case (0, "$"): state = 1
            case (1, "{"): state = 2
            case (2, "{"): return true
            case (_, "$"): state = 1
            default: state = 0
            }
        }
        return false
    }

    /// Parses a string value; throws `expr-syntax` for an unterminated `${{`, an empty `${{ }}`, or an
    /// expression that does not parse, and `expr-limit` for one that is too long or too deep.
    public static func parse(_ text: String, limits: ExpressionLimits = .default) throws(ExpressionError)
        -> ExpressionTemplate {
        // Most values (titles, names, messages) hold no expression: nothing to split.
        if !text.utf8.contains(UInt8(ascii: "$")) { return .literal(text) }
        let scalars = Array(text.unicodeScalars)
        var parts: [Part] = []
        var textStart = 0
        var position = 0
        while position + 2 < scalars.count {
            guard scalars[position] == "$", scalars[position + 1] == "{", scalars[position + 2] == "{" else {
                position += 1
                continue
            }
            if textStart < position { parts.append(.text(string(scalars[textStart..<position]))) }
            let innerStart = position + 3
            let innerEnd = try closingBraces(in: scalars, from: innerStart, opening: position)
            if scalars[innerStart..<innerEnd].allSatisfy(ExpressionLexer.isWhitespace) {
                throw ExpressionError(.syntax, "empty expression '${{ }}'",
                                      suggestion: "write an expression between '${{' and '}}', or remove them",
                                      offset: position)
            }
            if innerEnd - innerStart > limits.maximumLength {
                throw ExpressionError(
                    .limit, "expression of \(innerEnd - innerStart) characters is longer than the \(limits.maximumLength) allowed",
                    suggestion: "split it into smaller steps or variables", offset: position)
            }
            parts.append(.expression(try ExpressionParser.parse(scalars, range: innerStart..<innerEnd, limits: limits)))
            position = innerEnd + 2
            textStart = position
        }
        if textStart < scalars.count { parts.append(.text(string(scalars[textStart...]))) }

        let expressions = parts.compactMap { part -> Expression? in
            if case let .expression(expression) = part { return expression }
            return nil
        }
        if expressions.isEmpty { return .literal(text) }
        let onlyWhitespaceAround = parts.allSatisfy { part in
            if case let .text(piece) = part { return piece.unicodeScalars.allSatisfy(ExpressionLexer.isWhitespace) }
            return true
        }
        if expressions.count == 1, onlyWhitespaceAround, let only = expressions.first { return .single(only) }
        return .interpolated(parts)
    }

    /// The index of the `}}` that closes the expression starting at `start`, skipping quoted strings.
    private static func closingBraces(in scalars: [Unicode.Scalar], from start: Int, opening: Int)
        throws(ExpressionError) -> Int {
        var position = start
        var quote: Unicode.Scalar?
        var quoteStart = start
        while position < scalars.count {
            let scalar = scalars[position]
            if let open = quote {
                if scalar == "\\" {
                    position += 1
                } else if scalar == open {
                    quote = nil
                }
            } else if scalar == "'" || scalar == "\"" {
                quote = scalar
                quoteStart = position
            } else if scalar == "}", position + 1 < scalars.count, scalars[position + 1] == "}" {
                return position
            }
            position += 1
        }
        if let open = quote {
            throw ExpressionError(.syntax, "string is not closed", suggestion: "end it with \(open) before '}}'",
                                  offset: quoteStart)
        }
        throw ExpressionError(.syntax, "'${{' is not closed", suggestion: "end the expression with '}}'", offset: opening)
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        ScalarText.string(scalars)
    }

    /// The expressions in the template, in order.
    public var expressions: [Expression] {
        switch self {
        case .literal: return []
        case let .single(expression): return [expression]
        case let .interpolated(parts):
            return parts.compactMap { part in
                if case let .expression(expression) = part { return expression }
                return nil
            }
        }
    }

    /// The template's value: the text of a literal, the value of a single expression, or the
    /// interpolated string. All expressions share one step budget.
    public func evaluate(in context: EvaluationContext) throws(ExpressionError) -> ExpressionValue {
        switch self {
        case let .literal(text):
            return .string(text)
        case let .single(expression):
            return try expression.evaluate(in: context)
        case let .interpolated(parts):
            var evaluator = ExpressionEvaluator(context: context)
            var result = TextBuilder(limits: context.limits, offset: expressions.first?.offset ?? 0)
            for part in parts {
                switch part {
                case let .text(text): try result.append(text)
                case let .expression(expression):
                    let value = try evaluator.evaluate(expression)
                    if case let .list(elements) = value { try evaluator.budget.charge(elements.count, at: expression.offset) }
                    var piece = TextBuilder(limits: context.limits, offset: expression.offset)
                    try piece.append(value)
                    result.offset = expression.offset
                    try result.append(piece.text)
                }
            }
            return .string(result.text)
        }
    }

    /// Checks every expression; the type is the single expression's, or `string`.
    public func check(in scope: CheckScope) -> CheckResult {
        switch self {
        case .literal:
            return CheckResult(type: .string)
        case let .single(expression):
            return expression.check(in: scope)
        case .interpolated:
            let findings = expressions.flatMap { $0.check(in: scope).findings }
            return CheckResult(type: .string, findings: findings)
        }
    }
}
