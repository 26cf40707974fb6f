/// Functions on values in general: default, toString, string, number, integer, min, max (of two values or
/// of a list), isMember.
extension ExpressionFunctions {
    static let valueFunctions: [ExpressionFunction] = [
        // The evaluator evaluates `default` lazily (the fallback only when needed); this body serves direct calls.
        ExpressionFunction("default", [.all, .all], usage: "default(value, fallback)", typing: { types in
            types[0].unwrapped == .null ? .type(types[1]) : .type(ExpressionType.union(types[0].unwrapped, types[1]))
        }) { call throws(ExpressionError) in
            isMissing(call.value(0)) ? call.value(1) : call.value(0)
        },
        ExpressionFunction("toString", [.all], usage: "toString(value)", returns: .string) {
            call throws(ExpressionError) in try text(of: call)
        },
        ExpressionFunction("string", [.all], usage: "string(value)", returns: .string) {
            call throws(ExpressionError) in try text(of: call)
        },
        ExpressionFunction("number", [[.string, .integer, .number]], usage: "number(value)", returns: .number) {
            call throws(ExpressionError) in
            switch call.value(0) {
            case let .integer(value): return .number(Double(value))
            case let .number(value): return .number(value)
            case let .string(text):
                let trimmed = text.trimmingWhitespace
                guard !trimmed.isEmpty, trimmed.unicodeScalars.allSatisfy({ "0123456789+-.eE".unicodeScalars.contains($0) }),
                      let value = Double(trimmed), value.isFinite else {
                    throw call.error(.invalidValue, argument: 0, "'\(text)' is not a number")
                }
                return .number(value)
            default: throw call.mismatch(0, "a string or a number")
            }
        },
        ExpressionFunction("integer", [[.string, .integer, .number]], usage: "integer(value)", returns: .integer) {
            call throws(ExpressionError) in
            switch call.value(0) {
            case let .integer(value): return .integer(value)
            case let .number(value):
                guard value.isFinite, let whole = Int(exactly: value.rounded(.towardZero)) else {
                    throw call.error(.overflow, argument: 0, "\(ExpressionValue.format(value)) is too large for an integer")
                }
                return .integer(whole)
            case let .string(text):
                guard let value = Int(text.trimmingWhitespace) else {
                    throw call.error(.invalidValue, argument: 0, "'\(text)' is not an integer",
                                     suggestion: "for a decimal, write integer(number('…'))")
                }
                return .integer(value)
            default: throw call.mismatch(0, "a string or a number")
            }
        },
        extremum("min", keepFirstWhen: -1),
        extremum("max", keepFirstWhen: 1),
        ExpressionFunction("isMember", [.string, .string], usage: "isMember(person, role)", returns: .bool) {
            call throws(ExpressionError) in
            guard let isMember = call.context.isMember else {
                throw ExpressionError(.unavailable, "'isMember' needs the roster, which is not available here",
                                      offset: call.offset)
            }
            return .bool(isMember(try call.string(0), try call.string(1)))
        },
    ]

    /// The text of the first argument, within the string limit.
    private static func text(of call: FunctionCall) throws(ExpressionError) -> ExpressionValue {
        var builder = TextBuilder(limits: call.limits, offset: call.offset)
        try builder.append(call.value(0))
        return .string(builder.text)
    }

    /// Whether `default` replaces a value: null or the empty string.
    static func isMissing(_ value: ExpressionValue) -> Bool {
        switch value {
        case .null: return true
        case let .string(text): return text.isEmpty
        default: return false
        }
    }

    static let orderable: ValueKinds = [.integer, .number, .string, .date, .datetime]

    /// The kinds that can be ordered against each other: numbers, strings, dates, datetimes.
    static func orderGroup(_ kinds: ValueKinds) -> ValueKinds? {
        for group: ValueKinds in [.numeric, .string, .date, .datetime] where group.isSuperset(of: kinds) {
            return group
        }
        return nil
    }

    /// `min` or `max`. Of two values: the first when `order(first, second)` is `keepFirstWhen` or 0. Of
    /// one list: its element that is so against every other, the first of equal ones; null when it is empty,
    /// as `avg` of an empty list is.
    private static func extremum(_ name: String, keepFirstWhen sign: Int) -> ExpressionFunction {
        ExpressionFunction(name, [orderable.union(.list), orderable], required: 1, usage: "\(name)(a, b) or \(name)(list)",
                           typing: { types in
            // A missing second argument is typed null (an explicit null was refused before).
            if types[1] == .null {
                if types[0].presentKinds.isDisjoint(with: .list) {
                    return .problem(argument: 0, message: "function '\(name)' compares two values, or the elements of a list, but got only \(article(types[0]))",
                                    suggestion: "write it as \(name)(a, b) or \(name)(list)")
                }
                if let problem = elementProblem(name, types[0], orderable) { return problem }
                let element = types[0].elementType
                return .type(element == .any ? .any : .optional(element.unwrapped))
            }
            let (groupA, groupB) = (orderGroup(types[0].presentKinds), orderGroup(types[1].presentKinds))
            let isList = types[0].presentKinds == .list
            if isList || (groupA != nil && groupB != nil && groupA != groupB) {
                return .problem(argument: isList ? 0 : 1,
                                message: "function '\(name)' cannot compare \(article(types[0])) with \(article(types[1]))",
                                suggestion: isList ? "for the \(sign < 0 ? "least" : "greatest") element of a list, write \(name)(list)" : nil)
            }
            return .type(ExpressionType.union(types[0].unwrapped, types[1].unwrapped))
        }) { call throws(ExpressionError) in
            guard call.arguments.count == 2 else { return try extreme(&call, keepFirstWhen: sign) }
            let (first, second) = (call.value(0), call.value(1))
            guard let order = first.order(against: second) else {
                throw call.error(.type, argument: 1,
                                 "function '\(name)' cannot compare \(first.typeName) with \(second.typeName)")
            }
            return order == sign || order == 0 ? first : second
        }
    }

    /// The least (`sign` -1) or greatest (1) element of the list in argument 1, the first of equal ones.
    private static func extreme(_ call: inout FunctionCall, keepFirstWhen sign: Int) throws(ExpressionError)
        -> ExpressionValue {
        guard case let .list(elements) = call.value(0) else { throw call.mismatch(0, "a list (or two values to compare)") }
        var best: ExpressionValue?
        for (position, element) in elements.enumerated() {
            try call.budget.charge(at: call.offset)
            try call.check(element, at: position, orderable)
            guard let kept = best else {
                best = element
                continue
            }
            guard let order = element.order(against: kept) else {
                throw call.error(.type, argument: 0,
                                 "function '\(call.name)' cannot compare \(kept.typeName) with \(element.typeName) (element [\(position)])")
            }
            if order == sign { best = element }
        }
        return best ?? .null
    }
}

extension String {
    /// The text without whitespace (full-width spaces included) and line breaks at either end.
    var trimmingWhitespace: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }
}
