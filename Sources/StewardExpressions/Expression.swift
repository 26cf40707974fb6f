/// A parsed expression: a syntax tree whose every node knows where it starts in the template.
///
/// Build one with `Expression.parse(_:)` or through `ExpressionTemplate.parse(_:)`; check it with
/// `check(in:)` and evaluate it with `evaluate(in:)`. `description` prints it back with every
/// operation in parentheses, which shows how it was grouped: `1 + 2 * 3` prints `(1 + (2 * 3))`.
public struct Expression: Sendable, Equatable, CustomStringConvertible {
    /// What a node is.
    public indirect enum Kind: Sendable, Equatable {
        /// `null`, `true`, `12`, `1.5`, `'text'`.
        case literal(ExpressionValue)
        /// `[a, b]`.
        case list([Expression])
        /// A root name: `inputs`, `vars`, `states`, `instance`, `actor`, `item`, `now`.
        case name(String)
        /// `base.name`; `nameOffset` is where `name` starts.
        case member(Expression, name: String, nameOffset: Int)
        /// `base[index]`.
        case index(Expression, Expression)
        /// `name(arguments…)`; only named functions can be called.
        case call(name: String, arguments: [Expression])
        /// `!x`, `-x`.
        case unary(UnaryOperator, Expression)
        /// `left op right`; `operatorOffset` is where the operator starts. A lambda `v => body` is one too,
        /// with `.lambda`, a `.name` on the left and the body on the right (see `Lambda`).
        case binary(BinaryOperator, Expression, Expression, operatorOffset: Int)
        /// `condition ? then : otherwise`.
        case conditional(Expression, then: Expression, otherwise: Expression)
    }

    /// What this node is.
    public let kind: Kind
    /// Where this node starts: 0-based, in Unicode scalars, from the start of the whole template.
    public let offset: Int
    /// Height of the tree below and including this node (a leaf is 1).
    let depth: Int

    init(_ kind: Kind, offset: Int) {
        self.kind = kind
        self.offset = offset
        var deepest = 0
        kind.forEachChild { deepest = max(deepest, $0.depth) }
        self.depth = 1 + deepest
    }

    /// The expression written back, every operation in parentheses.
    public var description: String {
        switch kind {
        case let .literal(value): return value.sourceText
        case let .list(elements): return "[" + elements.map(\.description).joined(separator: ", ") + "]"
        case let .name(name): return name
        case let .member(base, name, _): return "\(base).\(name)"
        case let .index(base, index): return "\(base)[\(index)]"
        case let .call(name, arguments): return "\(name)(" + arguments.map(\.description).joined(separator: ", ") + ")"
        case let .unary(op, operand): return "(\(op.rawValue)\(operand))"
        case let .binary(.lambda, parameter, body, _): return "\(parameter) => \(body)"
        case let .binary(op, left, right, _): return "(\(left) \(op.rawValue) \(right))"
        case let .conditional(condition, then, otherwise): return "(\(condition) ? \(then) : \(otherwise))"
        }
    }

    /// True for names and chains of members and indexes (`states.draft.form.goals`), which read well in messages.
    var isPath: Bool {
        switch kind {
        case .name: return true
        case let .member(base, _, _): return base.isPath
        case let .index(base, index):
            if case .literal = index.kind { return base.isPath }
            return false
        default: return false
        }
    }
}

extension Expression {
    /// Whether the expression reads the root name `name` anywhere (`states` in `states.draft.form`).
    public func reads(_ name: String) -> Bool {
        if case .name(let n) = kind { return n == name }
        var found = false
        kind.forEachChild { child in
            if !found, child.reads(name) { found = true }
        }
        return found
    }
}

extension Expression.Kind {
    /// Direct subexpressions.
    var children: [Expression] {
        switch self {
        case .literal, .name: return []
        case let .list(elements): return elements
        case let .member(base, _, _): return [base]
        case let .index(base, index): return [base, index]
        case let .call(_, arguments): return arguments
        case let .unary(_, operand): return [operand]
        case let .binary(_, left, right, _): return [left, right]
        case let .conditional(condition, then, otherwise): return [condition, then, otherwise]
        }
    }
}

extension Expression.Kind {
    /// Calls `body` with each direct subexpression, in order, without building an array
    /// (every node of every parsed expression asks this for its depth).
    func forEachChild(_ body: (Expression) -> Void) {
        switch self {
        case .literal, .name: break
        case let .list(elements): for element in elements { body(element) }
        case let .member(base, _, _): body(base)
        case let .index(base, index): body(base); body(index)
        case let .call(_, arguments): for argument in arguments { body(argument) }
        case let .unary(_, operand): body(operand)
        case let .binary(_, left, right, _): body(left); body(right)
        case let .conditional(condition, then, otherwise): body(condition); body(then); body(otherwise)
        }
    }
}

/// A prefix operator.
public enum UnaryOperator: String, Sendable, Equatable {
    /// Boolean not.
    case not = "!"
    /// Arithmetic negation.
    case negate = "-"
}

/// An infix operator; precedence as in C and JavaScript, `in` with the relational operators.
public enum BinaryOperator: String, Sendable, Equatable, CaseIterable {
    /// Multiplicative: `*`, `/` (always a number), `%`.
    case multiply = "*", divide = "/", remainder = "%"
    /// Additive: `+` (numbers, two strings, two lists), `-`.
    case add = "+", subtract = "-"
    /// Relational: ordering, and `in` (membership in a list, substring, field of an object).
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", contains = "in"
    /// Equality, with null allowed on either side.
    case equal = "==", notEqual = "!="
    /// Logical, short-circuiting, on booleans only.
    case and = "&&", or = "||"
    /// `v => body`: a lambda, which only `count`, `filter` and `map` take as an argument; never an operator
    /// between two values. It is a binary node rather than a kind of its own so that code that walks the
    /// tree outside this module (the workflow checker looking for `states.NAME`) reaches its body unchanged.
    case lambda = "=>"

    /// The operator a symbol token stands for (as their raw values match), if any.
    init?(_ symbol: Token.Symbol) {
        switch symbol {
        case .star: self = .multiply
        case .slash: self = .divide
        case .percent: self = .remainder
        case .plus: self = .add
        case .minus: self = .subtract
        case .less: self = .less
        case .lessEqual: self = .lessOrEqual
        case .greater: self = .greater
        case .greaterEqual: self = .greaterOrEqual
        case .equalEqual: self = .equal
        case .bangEqual: self = .notEqual
        case .andAnd: self = .and
        case .orOr: self = .or
        // `=>` only follows a lambda's parameter, which the parser reads itself.
        case .bang, .question, .colon, .dot, .comma, .leftParen, .rightParen, .leftBracket, .rightBracket, .arrow:
            return nil
        }
    }

    /// Binding strength: higher binds tighter. All are left-associative.
    var precedence: Int {
        switch self {
        case .lambda: return 0
        case .or: return 1
        case .and: return 2
        case .equal, .notEqual: return 3
        case .less, .lessOrEqual, .greater, .greaterOrEqual, .contains: return 4
        case .add, .subtract: return 5
        case .multiply, .divide, .remainder: return 6
        }
    }
}
