/// Parses tokens into an `Expression` by precedence climbing.
///
/// Grammar, loosest first:
/// ```
/// conditional := or ( '?' conditional ':' conditional )?        right-associative
/// binary      := unary ( op unary )*                             by BinaryOperator.precedence
/// unary       := ( '!' | '-' ) unary | postfix
/// postfix     := primary ( '.' name | '[' conditional ']' )*
/// primary     := literal | name | name '(' arguments ')' | '[' elements ']' | '(' conditional ')'
/// arguments   := ( argument ( ',' argument )* ','? )?
/// argument    := name '=>' conditional | conditional             a lambda, only here (see `Lambda`)
/// ```
/// Every recursive step counts against `ExpressionLimits.maximumDepth` before it descends, and every
/// node built is checked against it, so no input can make the parser (or later the checker and the
/// evaluator) recurse deeper than the limit.
struct ExpressionParser {
    private let tokens: [Token]
    private let limits: ExpressionLimits
    private var index = 0
    private var depth = 0

    /// Parses `scalars[range]` as one whole expression; offsets are indices into `scalars`.
    static func parse(
        _ scalars: [Unicode.Scalar], range: Range<Int>, limits: ExpressionLimits
    ) throws(ExpressionError) -> Expression {
        if range.count > limits.maximumLength {
            throw ExpressionError(
                .limit, "expression of \(range.count) characters is longer than the \(limits.maximumLength) allowed",
                suggestion: "split it into smaller steps or variables", offset: range.lowerBound)
        }
        let tokens = try ExpressionLexer.tokenize(scalars, range: range)
        var parser = ExpressionParser(tokens: tokens, limits: limits)
        if case .end = parser.current.kind {
            throw ExpressionError(.syntax, "empty expression", suggestion: "write an expression between '${{' and '}}'",
                                  offset: range.lowerBound)
        }
        let expression = try parser.parseConditional()
        if case .end = parser.current.kind { return expression }
        throw ExpressionError(
            .syntax, "unexpected \(parser.current.quoted) after a complete expression",
            suggestion: parser.trailingHint(), offset: parser.current.offset)
    }

    private init(tokens: [Token], limits: ExpressionLimits) {
        self.tokens = tokens
        self.limits = limits
    }

    private var current: Token { tokens[min(index, tokens.count - 1)] }

    /// The token after `current`.
    private var next: Token { tokens[min(index + 1, tokens.count - 1)] }

    @discardableResult
    private mutating func advance() -> Token {
        let token = current
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private func isSymbol(_ symbol: Token.Symbol) -> Bool { current.kind == .symbol(symbol) }

    private mutating func expect(_ symbol: Token.Symbol, closing opener: Token? = nil) throws(ExpressionError) {
        if isSymbol(symbol) {
            advance()
            return
        }
        var message = "expected '\(symbol.rawValue)' but found \(current.quoted)"
        if let opener, case let .symbol(open) = opener.kind {
            message = open == .question ? "expected ':' after '?' but found \(current.quoted)"
                : "'\(open.rawValue)' is not closed: " + message
        }
        throw ExpressionError(.syntax, message, offset: current.offset)
    }

    /// Counts one level of nesting; call `leave()` when done.
    private mutating func enter() throws(ExpressionError) {
        depth += 1
        if depth > limits.maximumDepth { throw tooDeep(at: current.offset) }
    }

    private mutating func leave() { depth -= 1 }

    private func tooDeep(at offset: Int) -> ExpressionError {
        ExpressionError(
            .limit, "expression is nested more than \(limits.maximumDepth) levels deep",
            suggestion: "split it into smaller steps or variables", offset: offset)
    }

    /// Builds a node, refusing trees deeper than the limit.
    private func node(_ kind: Expression.Kind, at offset: Int) throws(ExpressionError) -> Expression {
        let expression = Expression(kind, offset: offset)
        if expression.depth > limits.maximumDepth { throw tooDeep(at: offset) }
        return expression
    }

    private mutating func parseConditional() throws(ExpressionError) -> Expression {
        try enter()
        defer { leave() }
        let condition = try parseBinary(minimumPrecedence: 1)
        guard isSymbol(.question) else { return condition }
        let question = advance()
        let then = try parseConditional()
        try expect(.colon, closing: question)
        let otherwise = try parseConditional()
        return try node(.conditional(condition, then: then, otherwise: otherwise), at: condition.offset)
    }

    private func binaryOperator() -> BinaryOperator? {
        switch current.kind {
        case let .symbol(symbol): return BinaryOperator(symbol)
        case .name("in"): return .contains
        default: return nil
        }
    }

    private mutating func parseBinary(minimumPrecedence: Int) throws(ExpressionError) -> Expression {
        var left = try parseUnary()
        while let op = binaryOperator(), op.precedence >= minimumPrecedence {
            let opToken = advance()
            let right = try parseBinary(minimumPrecedence: op.precedence + 1)
            left = try node(.binary(op, left, right, operatorOffset: opToken.offset), at: left.offset)
        }
        return left
    }

    private mutating func parseUnary() throws(ExpressionError) -> Expression {
        let op: UnaryOperator
        switch current.kind {
        case .symbol(.bang): op = .not
        case .symbol(.minus): op = .negate
        default: return try parsePostfix()
        }
        let opToken = advance()
        try enter()
        defer { leave() }
        // `-5` and `-1.5` are literals, not negations.
        if op == .negate, case let .integer(value) = current.kind {
            advance()
            return try parsePostfix(startingWith: node(.literal(.integer(-value)), at: opToken.offset))
        }
        if op == .negate, case let .number(value) = current.kind {
            advance()
            return try parsePostfix(startingWith: node(.literal(.number(-value)), at: opToken.offset))
        }
        let operand = try parseUnary()
        return try node(.unary(op, operand), at: opToken.offset)
    }

    private mutating func parsePostfix(startingWith first: Expression? = nil) throws(ExpressionError) -> Expression {
        var base: Expression
        if let first { base = first } else { base = try parsePrimary() }
        while true {
            if isSymbol(.dot) {
                advance()
                guard case let .name(name) = current.kind else {
                    throw ExpressionError(.syntax, "expected a field name after '.' but found \(current.quoted)",
                                          offset: current.offset)
                }
                let nameToken = advance()
                base = try node(.member(base, name: name, nameOffset: nameToken.offset), at: base.offset)
            } else if isSymbol(.leftBracket) {
                let open = advance()
                try enter()
                let index = try parseConditional()
                leave()
                try expect(.rightBracket, closing: open)
                base = try node(.index(base, index), at: base.offset)
            } else if isSymbol(.leftParen) {
                throw ExpressionError(
                    .syntax, "only functions can be called, and '\(base)' is not a function name",
                    suggestion: "call a function by its name, as in len(x)", offset: current.offset)
            } else {
                return base
            }
        }
    }

    private mutating func parsePrimary() throws(ExpressionError) -> Expression {
        let token = current
        switch token.kind {
        case let .integer(value):
            advance()
            return try node(.literal(.integer(value)), at: token.offset)
        case let .number(value):
            advance()
            return try node(.literal(.number(value)), at: token.offset)
        case let .string(value):
            advance()
            return try node(.literal(.string(value)), at: token.offset)
        case let .name(name):
            advance()
            switch name {
            case "true": return try node(.literal(.bool(true)), at: token.offset)
            case "false": return try node(.literal(.bool(false)), at: token.offset)
            case "null": return try node(.literal(.null), at: token.offset)
            case "in":
                throw ExpressionError(.syntax, "expected a value before 'in'", offset: token.offset)
            default: break
            }
            if isSymbol(.arrow) { throw Lambda.misplaced(at: token.offset) }
            guard isSymbol(.leftParen) else { return try node(.name(name), at: token.offset) }
            let open = advance()
            let arguments = try parseSequence(closing: .rightParen, opener: open, allowingLambdas: true)
            return try node(.call(name: name, arguments: arguments), at: token.offset)
        case .symbol(.leftParen):
            advance()
            let inner = try parseConditional()
            try expect(.rightParen, closing: token)
            return inner
        case .symbol(.leftBracket):
            advance()
            let elements = try parseSequence(closing: .rightBracket, opener: token)
            return try node(.list(elements), at: token.offset)
        case .end:
            throw ExpressionError(.syntax, "expression ends where a value was expected", offset: token.offset)
        case .symbol:
            throw ExpressionError(.syntax, "expected a value but found \(token.quoted)", offset: token.offset)
        }
    }

    /// Comma-separated expressions up to `closing`; a trailing comma is allowed. Where `allowingLambdas`
    /// (a call's arguments), an item may be a lambda `name => conditional`.
    private mutating func parseSequence(closing: Token.Symbol, opener: Token, allowingLambdas: Bool = false)
        throws(ExpressionError) -> [Expression] {
        try enter()
        defer { leave() }
        var items: [Expression] = []
        while !isSymbol(closing) {
            if allowingLambdas, case let .name(parameter) = current.kind, next.kind == .symbol(.arrow) {
                items.append(try parseLambda(parameter))
            } else {
                items.append(try parseConditional())
            }
            if allowingLambdas, isSymbol(.arrow) {
                throw ExpressionError(.syntax, "a lambda's parameter is a single name", suggestion: "write it as v => …",
                                      offset: current.offset)
            }
            if isSymbol(.comma) {
                advance()
            } else if !isSymbol(closing) {
                try expect(closing, closing: opener)
            }
        }
        advance()
        return items
    }

    /// `parameter => body`, with `current` on the parameter.
    private mutating func parseLambda(_ parameter: String) throws(ExpressionError) -> Expression {
        let name = advance()
        if ["true", "false", "null", "in"].contains(parameter) {
            throw ExpressionError(.syntax, "'\(parameter)' is a keyword and cannot be a lambda's parameter",
                                  suggestion: "choose another name, such as 'v'", offset: name.offset)
        }
        let arrow = advance()
        let body = try parseConditional()
        return try node(.binary(.lambda, node(.name(parameter), at: name.offset), body, operatorOffset: arrow.offset),
                        at: name.offset)
    }

    /// A hint for a token that follows a complete expression.
    private func trailingHint() -> String? {
        switch current.kind {
        case .name("and"): return "use '&&' for 'and'"
        case .name("or"): return "use '||' for 'or'"
        case .name("not"): return "use '!' for 'not'"
        case .symbol(.rightParen): return "remove the extra ')'"
        case .symbol(.rightBracket): return "remove the extra ']'"
        case .symbol(.arrow): return "to compare, write '>='"
        default: return "join the parts with an operator such as '+' or '&&'"
        }
    }
}

extension Expression {
    /// Parses the text of one expression (what stands between `${{` and `}}`); offsets count from its start.
    public static func parse(_ text: String, limits: ExpressionLimits = .default) throws(ExpressionError) -> Expression {
        let scalars = Array(text.unicodeScalars)
        return try ExpressionParser.parse(scalars, range: 0..<scalars.count, limits: limits)
    }
}
