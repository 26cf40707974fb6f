/// Static typing of the operators; the rules mirror `ExpressionEvaluator+Operators.swift`.
///
/// An operator is reported only when no values of the operand types could work: an `any` or a
/// union type that includes a working combination passes.
extension ExpressionChecker {
    mutating func requireBoolean(_ type: ExpressionType, _ node: Expression, role: String) {
        if !type.presentKinds.contains(.bool) {
            report(.type, "\(role) must be true or false, but \(Self.describe(node)) is \(ExpressionFunctions.article(type))",
                   suggestion: type.presentKinds == .string ? "compare it, for example: x == 'yes'" : nil,
                   at: node.offset)
        }
    }

    mutating func unaryType(_ op: UnaryOperator, _ type: ExpressionType, operand: Expression, at offset: Int)
        -> ExpressionType {
        switch op {
        case .not:
            requireBoolean(type, operand, role: "the operand of '!'")
            return .bool
        case .negate:
            if type.presentKinds.isDisjoint(with: .numeric) {
                report(.type, "operator '-' needs a number, but \(Self.describe(operand)) is \(ExpressionFunctions.article(type))",
                       at: offset)
                return .any
            }
            switch type.unwrapped {
            case .integer, .number: return type.unwrapped
            default: return .any
            }
        }
    }

    mutating func binaryType(_ op: BinaryOperator, _ a: ExpressionType, _ b: ExpressionType, _ left: Expression,
                             _ right: Expression, at offset: Int) -> ExpressionType {
        let (ka, kb) = (a.presentKinds, b.presentKinds)
        func both(_ kinds: ValueKinds) -> Bool { !ka.isDisjoint(with: kinds) && !kb.isDisjoint(with: kinds) }
        switch op {
        case .lambda:
            return .any  // `infer` stops at a lambda before it gets here
        case .and, .or:
            requireBoolean(a, left, role: "the left side of '\(op.rawValue)'")
            requireBoolean(b, right, role: "the right side of '\(op.rawValue)'")
            return .bool
        case .equal, .notEqual:
            let (wa, wb) = (Self.widened(a.kinds), Self.widened(b.kinds))
            if wa.isDisjoint(with: wb), !wa.contains(.null), !wb.contains(.null) {
                report(.type, "comparing \(ExpressionFunctions.article(a)) with \(ExpressionFunctions.article(b)) is always \(op == .equal ? "false" : "true")",
                       suggestion: ExpressionEvaluator.hint(comparing: Self.hintName(a), with: Self.hintName(b)), at: offset)
            }
            return .bool
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            if !(both(.numeric) || both(.string) || both(.date) || both(.datetime)) {
                report(.type, "operator '\(op.rawValue)' cannot compare \(ExpressionFunctions.article(a)) with \(ExpressionFunctions.article(b))",
                       suggestion: ExpressionEvaluator.hint(comparing: Self.hintName(a), with: Self.hintName(b)), at: offset)
            }
            return .bool
        case .contains:
            if kb.isDisjoint(with: [.list, .string, .object]) {
                report(.type, "'in' needs a list, a string or an object on its right, but \(Self.describe(right)) is \(ExpressionFunctions.article(b))",
                       at: right.offset)
            } else if kb.isDisjoint(with: .list), ka.isDisjoint(with: .string) {
                report(.type, "'in' looks for text in \(ExpressionFunctions.article(b)), but \(Self.describe(left)) is \(ExpressionFunctions.article(a))",
                       suggestion: "convert it with toString(…)", at: left.offset)
            }
            return .bool
        case .add:
            if !(both(.numeric) || both(.string) || both(.list)) {
                reportMismatch(op, a, b, at: offset)
                return .any
            }
            switch (a.unwrapped, b.unwrapped) {
            case (.list(let x), .list(let y)): return .list(of: ExpressionType.union(x, y))
            default: break
            }
            if ka == .string, kb == .string { return .string }
            return Self.numericResult(ka, kb)
        case .subtract, .multiply, .divide, .remainder:
            if !both(.numeric) {
                reportMismatch(op, a, b, at: offset)
                return .any
            }
            if op == .divide { return ka.isSubset(of: .numeric) && kb.isSubset(of: .numeric) ? .number : .any }
            return Self.numericResult(ka, kb)
        }
    }

    private mutating func reportMismatch(_ op: BinaryOperator, _ a: ExpressionType, _ b: ExpressionType, at offset: Int) {
        report(.type, "operator '\(op.rawValue)' cannot combine \(ExpressionFunctions.article(a)) and \(ExpressionFunctions.article(b))",
               suggestion: ExpressionEvaluator.arithmeticHint(op, Self.hintName(a), Self.hintName(b)), at: offset)
    }

    /// integer with integer gives integer, numbers give number, anything unknown gives any.
    private static func numericResult(_ a: ValueKinds, _ b: ValueKinds) -> ExpressionType {
        if a == .integer, b == .integer { return .integer }
        if a.isSubset(of: .numeric), b.isSubset(of: .numeric) { return .number }
        return .any
    }

    /// Integers and numbers compare with each other.
    private static func widened(_ kinds: ValueKinds) -> ValueKinds {
        kinds.isDisjoint(with: .numeric) ? kinds : kinds.union(.numeric)
    }

    /// The run-time type name a static type stands for, for hints.
    static func hintName(_ type: ExpressionType) -> String {
        switch type.unwrapped {
        case .person, .role, .string: return "string"
        case .list: return "list"
        default: return type.unwrapped.description
        }
    }
}
