/// Functions on values in general: default, toString, string, number, integer, min, max, isMember.
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

    /// `min` or `max`: the first argument when `order(first, second)` is `keepFirstWhen` or 0.
    private static func extremum(_ name: String, keepFirstWhen sign: Int) -> ExpressionFunction {
        ExpressionFunction(name, [orderable, orderable], usage: "\(name)(a, b)", typing: { types in
            let (a, b) = (types[0].presentKinds, types[1].presentKinds)
            if let groupA = orderGroup(a), let groupB = orderGroup(b), groupA != groupB {
                return .problem(argument: 1, message: "function '\(name)' cannot compare \(article(types[0])) with \(article(types[1]))",
                                suggestion: nil)
            }
            return .type(ExpressionType.union(types[0].unwrapped, types[1].unwrapped))
        }) { call throws(ExpressionError) in
            let (first, second) = (call.value(0), call.value(1))
            guard let order = first.order(against: second) else {
                throw call.error(.type, argument: 1,
                                 "function '\(name)' cannot compare \(first.typeName) with \(second.typeName)")
            }
            return order == sign || order == 0 ? first : second
        }
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
