/// One lexical unit of an expression, with its place in the template.
struct Token: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case integer(Int)
        case number(Double)
        case string(String)
        /// A name or a keyword (`true`, `false`, `null`, `in`); the parser tells them apart.
        case name(String)
        case symbol(Symbol)
        case end
    }

    /// Operators and punctuation.
    enum Symbol: String, Sendable, Equatable, CaseIterable {
        case plus = "+", minus = "-", star = "*", slash = "/", percent = "%"
        case bang = "!", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
        case equalEqual = "==", bangEqual = "!="
        case andAnd = "&&", orOr = "||"
        /// Between a lambda's parameter and its body: `v => v.form.score`.
        case arrow = "=>"
        case question = "?", colon = ":", dot = ".", comma = ","
        case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]"

        /// The one-scalar symbol, if `scalar` is one; scalars compared directly, since the lexer
        /// asks for every operator and building strings to look them up cost more than lexing.
        init?(_ scalar: Unicode.Scalar) {
            switch scalar {
            case "+": self = .plus
            case "-": self = .minus
            case "*": self = .star
            case "/": self = .slash
            case "%": self = .percent
            case "!": self = .bang
            case "<": self = .less
            case ">": self = .greater
            case "?": self = .question
            case ":": self = .colon
            case ".": self = .dot
            case ",": self = .comma
            case "(": self = .leftParen
            case ")": self = .rightParen
            case "[": self = .leftBracket
            case "]": self = .rightBracket
            default: return nil
            }
        }

        /// The two-scalar symbol `first` and `second` spell, if any.
        init?(_ first: Unicode.Scalar, _ second: Unicode.Scalar) {
            switch (first, second) {
            case ("<", "="): self = .lessEqual
            case (">", "="): self = .greaterEqual
            case ("=", "="): self = .equalEqual
            case ("!", "="): self = .bangEqual
            case ("&", "&"): self = .andAnd
            case ("|", "|"): self = .orOr
            case ("=", ">"): self = .arrow
            default: return nil
            }
        }
    }

    var kind: Kind
    /// Offset of the first scalar, in the whole template.
    var offset: Int

    /// How the token reads in an error message.
    var quoted: String {
        switch kind {
        case let .integer(value): return "'\(value)'"
        case let .number(value): return "'\(value)'"
        case let .string(value):
            return ExpressionValue.quoted(value.count > 20 ? String(value.prefix(20)) + "…" : value, quote: "'")
        case let .name(name): return "'\(name)'"
        case let .symbol(symbol): return "'\(symbol.rawValue)'"
        case .end: return "the end of the expression"
        }
    }
}
