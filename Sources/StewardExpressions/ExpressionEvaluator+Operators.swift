/// The operators: `!` `-`, `* / %`, `+ -`, `< <= > >=`, `in`, `== !=`, `&& ||`.
///
/// - `+` adds numbers, joins two strings, and joins two lists; a string and a number do not add
///   (convert with `toString`), so `inputs.year + 'x'` is a type error.
/// - Integer arithmetic stays integer (`+ - * %`) and an overflow is an `expr-overflow` error; `/` always
///   gives a number (`7 / 2` is `3.5`, `10 / 2` is `5`); mixing an integer with a number gives a number.
/// - `/` and `%` by zero are `expr-division-by-zero` errors.
/// - `x in list` tests membership with `==`; `'部' in text` tests for a substring; `'key' in object` tests for a field.
extension ExpressionEvaluator {
    mutating func unary(_ op: UnaryOperator, _ value: ExpressionValue, operand: Expression, at offset: Int)
        throws(ExpressionError) -> ExpressionValue {
        switch op {
        case .not:
            return .bool(!(try boolean(value, operand, role: "the operand of '!'")))
        case .negate:
            switch value {
            case let .integer(number):
                let (result, overflow) = 0.subtractingReportingOverflow(number)
                if overflow { throw overflowError("-", at: offset) }
                return .integer(result)
            case let .number(number): return .number(-number)
            case .null: throw missing(operand, role: "the operand of '-'")
            default:
                throw ExpressionError(.type, "operator '-' needs a number, but \(Self.describe(operand)) is \(Self.article(value))",
                                      offset: offset)
            }
        }
    }

    mutating func binary(_ op: BinaryOperator, _ left: Expression, _ right: Expression, at offset: Int)
        throws(ExpressionError) -> ExpressionValue {
        switch op {
        case .and, .or:
            let first = try boolean(evaluate(left), left, role: "the left side of '\(op.rawValue)'")
            if first == (op == .or) { return .bool(first) }
            return .bool(try boolean(evaluate(right), right, role: "the right side of '\(op.rawValue)'"))
        default:
            break
        }
        let a = try evaluate(left)
        let b = try evaluate(right)
        switch op {
        case .equal: return .bool(try a.equals(b, budget: &budget, at: offset))
        case .notEqual: return .bool(!(try a.equals(b, budget: &budget, at: offset)))
        case .contains: return try membership(a, in: b, left, right, at: offset)
        default: break
        }
        if a.isNull { throw missing(left, role: "the left side of '\(op.rawValue)'") }
        if b.isNull { throw missing(right, role: "the right side of '\(op.rawValue)'") }
        switch op {
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard let order = a.order(against: b) else {
                throw ExpressionError(.type, "operator '\(op.rawValue)' cannot compare \(Self.article(a)) with \(Self.article(b))",
                                      suggestion: Self.comparisonHint(a, b), offset: offset)
            }
            switch op {
            case .less: return .bool(order < 0)
            case .lessOrEqual: return .bool(order <= 0)
            case .greater: return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        default:
            return try arithmetic(op, a, b, at: offset)
        }
    }

    private mutating func membership(_ needle: ExpressionValue, in haystack: ExpressionValue, _ left: Expression,
                                     _ right: Expression, at offset: Int) throws(ExpressionError) -> ExpressionValue {
        switch haystack {
        case let .list(elements):
            for element in elements {
                try budget.charge(at: offset)
                if try needle.equals(element, budget: &budget, at: offset) { return .bool(true) }
            }
            return .bool(false)
        case let .string(text):
            if needle.isNull { throw missing(left, role: "the left side of 'in'") }
            guard case let .string(part) = needle else {
                throw ExpressionError(.type, "'in' looks for text in text, but \(Self.describe(left)) is \(Self.article(needle))",
                                      suggestion: "convert it with toString(…)", offset: left.offset)
            }
            return .bool(TextSearch.contains(text, part))
        case let .object(object):
            if needle.isNull { throw missing(left, role: "the left side of 'in'") }
            guard case let .string(key) = needle else {
                throw ExpressionError(.type, "'in' looks for a field name in an object, but \(Self.describe(left)) is \(Self.article(needle))",
                                      offset: left.offset)
            }
            return .bool(object[key] != nil)
        case .null:
            throw missing(right, role: "the right side of 'in'")
        default:
            throw ExpressionError(.type, "'in' needs a list, a string or an object on its right, but \(Self.describe(right)) is \(Self.article(haystack))",
                                  offset: right.offset)
        }
    }

    /// `a op b` for the arithmetic operators, `+` on strings and lists included; `sum` and `avg` use it too.
    mutating func arithmetic(_ op: BinaryOperator, _ a: ExpressionValue, _ b: ExpressionValue, at offset: Int)
        throws(ExpressionError) -> ExpressionValue {
        switch (a, b) {
        case let (.integer(x), .integer(y)):
            let result: (partialValue: Int, overflow: Bool)
            switch op {
            case .add: result = x.addingReportingOverflow(y)
            case .subtract: result = x.subtractingReportingOverflow(y)
            case .multiply: result = x.multipliedReportingOverflow(by: y)
            case .divide:
                if y == 0 { throw divisionByZero(op, at: offset) }
                return try finite(Double(x) / Double(y), op, at: offset)
            default:
                if y == 0 { throw divisionByZero(op, at: offset) }
                result = x.remainderReportingOverflow(dividingBy: y)
            }
            if result.overflow { throw overflowError(op.rawValue, at: offset) }
            return .integer(result.partialValue)
        case (.integer, .number), (.number, .integer), (.number, .number):
            guard let x = Self.double(a), let y = Self.double(b) else { break }
            switch op {
            case .add: return try finite(x + y, op, at: offset)
            case .subtract: return try finite(x - y, op, at: offset)
            case .multiply: return try finite(x * y, op, at: offset)
            case .divide:
                if y == 0 { throw divisionByZero(op, at: offset) }
                return try finite(x / y, op, at: offset)
            default:
                if y == 0 { throw divisionByZero(op, at: offset) }
                return try finite(x.truncatingRemainder(dividingBy: y), op, at: offset)
            }
        case let (.string(x), .string(y)) where op == .add:
            let joined = x + y
            try limits.check(string: joined, at: offset)
            return .string(joined)
        case let (.list(x), .list(y)) where op == .add:
            try limits.check(listSize: x.count + y.count, at: offset)
            try budget.charge(x.count + y.count, at: offset)
            return .list(x + y)
        default:
            break
        }
        throw ExpressionError(.type, "operator '\(op.rawValue)' cannot combine \(Self.article(a)) and \(Self.article(b))",
                              suggestion: Self.arithmeticHint(op, a.typeName, b.typeName), offset: offset)
    }

    private static func double(_ value: ExpressionValue) -> Double? {
        switch value {
        case let .integer(x): return Double(x)
        case let .number(x): return x
        default: return nil
        }
    }

    private func finite(_ value: Double, _ op: BinaryOperator, at offset: Int) throws(ExpressionError) -> ExpressionValue {
        if !value.isFinite { throw overflowError(op.rawValue, at: offset) }
        return .number(value)
    }

    private func overflowError(_ op: String, at offset: Int) -> ExpressionError {
        ExpressionError(.overflow, "the result of '\(op)' is too large", offset: offset)
    }

    private func divisionByZero(_ op: BinaryOperator, at offset: Int) -> ExpressionError {
        ExpressionError(.divisionByZero, op == .divide ? "division by zero" : "remainder of a division by zero",
                        suggestion: "check the divisor first, for example: b == 0 ? 0 : a \(op.rawValue) b", offset: offset)
    }

    /// A fix for an operator applied to the wrong types, by their type names.
    static func arithmeticHint(_ op: BinaryOperator, _ a: String, _ b: String) -> String? {
        let pair = [a, b]
        if op == .add, pair.contains("string") {
            return "convert with toString(…) to join text, or with number(…) to add numbers"
        }
        if op == .add || op == .subtract, pair.contains("date") || pair.contains("datetime") {
            return a == b && op == .subtract ? "use daysBetween(a, b)" : "use addDays(date, n)"
        }
        return nil
    }

    /// A fix for comparing values of different types.
    static func comparisonHint(_ a: ExpressionValue, _ b: ExpressionValue) -> String? {
        hint(comparing: a.typeName, with: b.typeName)
    }

    static func hint(comparing a: String, with b: String) -> String? {
        switch Set([a, b]) {
        case ["date", "string"]: return "turn the text into a date with date('YYYY-MM-DD')"
        case ["datetime", "string"]: return "turn the text into a datetime with datetime('…')"
        case ["date", "datetime"]: return "turn the datetime into a date with date(…)"
        case ["integer", "string"], ["number", "string"]: return "convert with number(…) or toString(…)"
        default: return nil
        }
    }
}
