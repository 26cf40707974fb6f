/// Splits the text of one expression into tokens.
///
/// Works on Unicode scalars so that every token knows its offset in scalars within the whole template.
/// Names may use letters of any script (`inputs.年度`); a member name (after `.`) may also contain
/// `-` between letters, so that `states.archive-failed.at` names the state `archive-failed`
/// (write `a - b` with spaces to subtract).
struct ExpressionLexer {
    private let scalars: [Unicode.Scalar]
    private var position: Int
    private let end: Int
    private var tokens: [Token] = []

    /// Tokenizes `scalars[range]`; offsets are indices into `scalars`.
    static func tokenize(_ scalars: [Unicode.Scalar], range: Range<Int>) throws(ExpressionError) -> [Token] {
        var lexer = ExpressionLexer(scalars: scalars, position: range.lowerBound, end: range.upperBound)
        try lexer.run()
        return lexer.tokens
    }

    private init(scalars: [Unicode.Scalar], position: Int, end: Int) {
        self.scalars = scalars
        self.position = position
        self.end = end
    }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        let index = position + ahead
        return index < end ? scalars[index] : nil
    }

    private mutating func run() throws(ExpressionError) {
        while let scalar = peek() {
            if Self.isWhitespace(scalar) {
                position += 1
            } else if Self.isDigit(scalar) {
                try lexNumber()
            } else if Self.isNameStart(scalar) {
                lexName()
            } else if scalar == "'" || scalar == "\"" {
                try lexString(quote: scalar)
            } else {
                try lexSymbol(scalar)
            }
        }
        tokens.append(Token(kind: .end, offset: end))
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar >= "0" && scalar <= "9" }

    /// Unicode whitespace, with ASCII answered without the property tables.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar == " " || (scalar.value >= 0x09 && scalar.value <= 0x0D) : scalar.properties.isWhitespace
    }

    static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || (scalar.isASCII ? (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
                                         : scalar.properties.isAlphabetic)
    }

    private mutating func lexNumber() throws(ExpressionError) {
        let start = position
        while let scalar = peek(), Self.isDigit(scalar) { position += 1 }
        var isDecimal = false
        if peek() == ".", let next = peek(1), Self.isDigit(next) {
            isDecimal = true
            position += 1
            while let scalar = peek(), Self.isDigit(scalar) { position += 1 }
        }
        let text = ScalarText.string(scalars[start..<position])
        if let next = peek(), Self.isNameStart(next) {
            throw ExpressionError(
                .syntax, "unexpected '\(next)' after the number '\(text)'",
                suggestion: "names cannot start with a digit", offset: position)
        }
        if isDecimal {
            guard let value = Double(text), value.isFinite else {
                throw ExpressionError(.syntax, "number '\(text)' is too large", offset: start)
            }
            tokens.append(Token(kind: .number(value), offset: start))
        } else {
            guard let value = Int(text) else {
                throw ExpressionError(
                    .syntax, "number '\(text)' is too large",
                    suggestion: "integers range from -9223372036854775808 to 9223372036854775807", offset: start)
            }
            tokens.append(Token(kind: .integer(value), offset: start))
        }
    }

    private mutating func lexName() {
        let start = position
        let isMember = tokens.last?.kind == .symbol(.dot)
        while let scalar = peek() {
            if Self.isNameStart(scalar) || Self.isDigit(scalar) {
                position += 1
            } else if isMember, scalar == "-", let next = peek(1), Self.isNameStart(next) {
                position += 1
            } else {
                break
            }
        }
        tokens.append(Token(kind: .name(ScalarText.string(scalars[start..<position])), offset: start))
    }

    private mutating func lexString(quote: Unicode.Scalar) throws(ExpressionError) {
        let start = position
        position += 1
        var value = String.UnicodeScalarView()
        while true {
            guard let scalar = peek() else {
                throw ExpressionError(
                    .syntax, "string is not closed", suggestion: "end it with \(quote)", offset: start)
            }
            position += 1
            if scalar == quote { break }
            if scalar != "\\" {
                value.append(scalar)
                continue
            }
            let escapeOffset = position - 1
            guard let escaped = peek() else {
                throw ExpressionError(.syntax, "string is not closed", suggestion: "end it with \(quote)", offset: start)
            }
            position += 1
            switch escaped {
            case "\\", "'", "\"": value.append(escaped)
            case "n": value.append("\n")
            case "t": value.append("\t")
            case "u": value.append(try lexUnicodeEscape(at: escapeOffset))
            default:
                throw ExpressionError(
                    .syntax, "unknown escape '\\\(escaped)' in a string",
                    suggestion: "escapes are \\\\ \\' \\\" \\n \\t \\u{…}; write '\\\\' for a backslash",
                    offset: escapeOffset)
            }
        }
        tokens.append(Token(kind: .string(String(value)), offset: start))
    }

    /// Reads `{hex}` after `\u`.
    private mutating func lexUnicodeEscape(at offset: Int) throws(ExpressionError) -> Unicode.Scalar {
        let bad = ExpressionError(
            .syntax, "malformed unicode escape", suggestion: "write it as \\u{4E2D} with 1 to 6 hex digits",
            offset: offset)
        guard peek() == "{" else { throw bad }
        position += 1
        var code: UInt32 = 0
        var digits = 0
        while let scalar = peek(), scalar != "}" {
            guard digits < 6, scalar.isASCII, let digit = UInt32(String(scalar), radix: 16) else { throw bad }
            code = code * 16 + digit
            digits += 1
            position += 1
        }
        guard peek() == "}", digits > 0 else { throw bad }
        position += 1
        guard let scalar = Unicode.Scalar(code) else {
            throw ExpressionError(.syntax, "'\\u{\(String(code, radix: 16))}' is not a unicode character", offset: offset)
        }
        return scalar
    }

    private mutating func lexSymbol(_ scalar: Unicode.Scalar) throws(ExpressionError) {
        let start = position
        if let next = peek(1), let symbol = Token.Symbol(scalar, next) {
            position += 2
            tokens.append(Token(kind: .symbol(symbol), offset: start))
            return
        }
        if let symbol = Token.Symbol(scalar) {
            position += 1
            tokens.append(Token(kind: .symbol(symbol), offset: start))
            return
        }
        throw ExpressionError(
            .syntax, "unexpected character '\(scalar)'", suggestion: Self.hint(for: scalar), offset: start)
    }

    /// What the author probably meant by a character that is not part of the language.
    private static func hint(for scalar: Unicode.Scalar) -> String? {
        switch scalar {
        case "=": return "use '==' to compare"
        case "&": return "use '&&' for 'and'"
        case "|": return "use '||' for 'or'"
        case "\u{201C}", "\u{201D}": return "use straight quotes \" or ' around text"
        case "\u{2018}", "\u{2019}": return "use straight quotes ' or \" around text"
        case "\u{FF08}": return "use the ASCII '(' instead of the full-width one"
        case "\u{FF09}": return "use the ASCII ')' instead of the full-width one"
        case "\u{3010}", "\u{FF3B}": return "use the ASCII '[' instead of the full-width one"
        case "\u{3011}", "\u{FF3D}": return "use the ASCII ']' instead of the full-width one"
        case "\u{FF0C}", "\u{3001}": return "use the ASCII ',' to separate arguments"
        case "\u{FF1A}": return "use the ASCII ':'"
        case "\u{FF1F}": return "use the ASCII '?'"
        case "\u{FF01}": return "use the ASCII '!'"
        case "{", "}": return "'{' and '}' only appear in '${{' and '}}'"
        default: return nil
        }
    }
}
