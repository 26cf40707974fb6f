/// The language's `==` and ordering.
///
/// Equality (`==`, `!=`, `in`, `contains`):
/// - `null == null` is true; null equals nothing else (comparing with null is never an error).
/// - integers and numbers compare by value: `1 == 1.0` is true.
/// - strings compare by Unicode canonical equivalence, case-sensitively.
/// - dates equal dates, datetimes equal datetimes; a date never equals a datetime or a string
///   (`inputs.due == '2026-10-01'` is false at run time and flagged by the checker: write `date('2026-10-01')`).
/// - lists are equal when they have equal elements in the same order; objects when they have the same
///   field names (in any order) with equal values.
/// - values of different types are not equal.
///
/// Ordering (`<`, `<=`, `>`, `>=`, `min`, `max`): numbers with numbers, strings with strings (by Unicode
/// scalar values), dates with dates, datetimes with datetimes. Anything else is an `expr-type` error;
/// null is an `expr-missing-value` error.
extension ExpressionValue {
    /// The language's `==`.
    public func equals(_ other: ExpressionValue) -> Bool {
        var budget = StepBudget(limit: .max - 1)
        return (try? equals(other, budget: &budget, at: 0)) ?? false
    }

    /// The language's `==`, spending one step per element or field compared.
    func equals(_ other: ExpressionValue, budget: inout StepBudget, at offset: Int) throws(ExpressionError) -> Bool {
        switch (self, other) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.integer(a), .integer(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.integer(a), .number(b)): return Self.compare(a, b) == 0
        case let (.number(a), .integer(b)): return Self.compare(b, a) == 0
        case let (.string(a), .string(b)):
            // Strings deep in lists and objects were never charged for their length.
            try budget.charge(text: a.utf8.count < b.utf8.count ? a : b, at: offset)
            return a == b
        case let (.date(a), .date(b)): return a == b
        case let (.datetime(a), .datetime(b)): return a == b
        case let (.list(a), .list(b)):
            guard a.count == b.count else { return false }
            for (x, y) in zip(a, b) {
                try budget.charge(at: offset)
                if !(try x.equals(y, budget: &budget, at: offset)) { return false }
            }
            return true
        case let (.object(a), .object(b)):
            guard a.count == b.count else { return false }
            for (key, x) in a.entries {
                try budget.charge(at: offset)
                guard let y = b[key], try x.equals(y, budget: &budget, at: offset) else { return false }
            }
            return true
        default:
            return false
        }
    }

    /// -1, 0 or 1 when the two values can be ordered, nil when their types cannot (null included).
    func order(against other: ExpressionValue) -> Int? {
        func sign<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a == b ? 0 : 1) }
        switch (self, other) {
        case let (.integer(a), .integer(b)): return sign(a, b)
        case let (.number(a), .number(b)): return sign(a, b)
        case let (.integer(a), .number(b)): return Self.compare(a, b)
        case let (.number(a), .integer(b)): return -Self.compare(b, a)
        case let (.string(a), .string(b)):
            if a == b { return 0 }
            return a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) ? -1 : 1
        case let (.date(a), .date(b)): return sign(a, b)
        case let (.datetime(a), .datetime(b)): return sign(a, b)
        default: return nil
        }
    }

    /// Compares an integer with a finite double exactly (no rounding of the integer).
    static func compare(_ integer: Int, _ double: Double) -> Int {
        let limit = 9_223_372_036_854_775_808.0  // 2^63, exactly representable
        if double.isNaN { return -1 }
        if double >= limit { return -1 }
        if double < -limit { return 1 }
        let whole = double.rounded(.towardZero)
        let wholeInteger = Int(whole)
        if integer != wholeInteger { return integer < wholeInteger ? -1 : 1 }
        let fraction = double - whole
        return fraction > 0 ? -1 : (fraction < 0 ? 1 : 0)
    }
}
