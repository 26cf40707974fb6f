/// Functions on text and lists: len, contains, startsWith, endsWith, lower, upper, trim, join, split.
extension ExpressionFunctions {
    static let textFunctions: [ExpressionFunction] = [
        ExpressionFunction("len", [[.string, .list, .object]], usage: "len(text or list)", returns: .integer) {
            call throws(ExpressionError) in
            switch call.value(0) {
            case let .string(text): return .integer(text.count)
            case let .list(elements): return .integer(elements.count)
            case let .object(object): return .integer(object.count)
            default: throw call.mismatch(0, "a string, list or object")
            }
        },
        ExpressionFunction("contains", [[.list, .string], .all], usage: "contains(list or text, value)", typing: { types in
            if types[0].presentKinds == .string, !types[1].kinds.contains(.string) {
                return .problem(argument: 1, message: "function 'contains' looks for text in text, but argument 2 is \(article(types[1]))",
                                suggestion: "convert it with toString(…)")
            }
            return .type(.bool)
        }) { call throws(ExpressionError) in
            switch call.value(0) {
            case let .list(elements):
                for element in elements {
                    try call.budget.charge(at: call.offset)
                    if try element.equals(call.value(1), budget: &call.budget, at: call.offset) { return .bool(true) }
                }
                return .bool(false)
            case let .string(text):
                guard case let .string(part) = call.value(1) else {
                    throw call.mismatch(1, "a string (text to look for)")
                }
                return .bool(TextSearch.contains(text, part))
            default:
                throw call.mismatch(0, "a list or a string")
            }
        },
        ExpressionFunction("startsWith", [.string, .string], usage: "startsWith(text, prefix)", returns: .bool) {
            call throws(ExpressionError) in .bool(try call.string(0).hasPrefix(call.string(1)))
        },
        ExpressionFunction("endsWith", [.string, .string], usage: "endsWith(text, suffix)", returns: .bool) {
            call throws(ExpressionError) in .bool(try call.string(0).hasSuffix(call.string(1)))
        },
        ExpressionFunction("lower", [.string], usage: "lower(text)", returns: .string) {
            call throws(ExpressionError) in try call.string(result: call.string(0).lowercased())
        },
        ExpressionFunction("upper", [.string], usage: "upper(text)", returns: .string) {
            call throws(ExpressionError) in try call.string(result: call.string(0).uppercased())
        },
        ExpressionFunction("trim", [.string], usage: "trim(text)", returns: .string) {
            call throws(ExpressionError) in
            .string(try call.string(0).trimmingWhitespace)
        },
        ExpressionFunction("join", [.list, .string], required: 1, usage: "join(list, separator)", returns: .string) {
            call throws(ExpressionError) in
            let elements = try call.list(0)
            let separator = call.arguments.count > 1 ? try call.string(1) : ExpressionValue.listSeparator
            var result = TextBuilder(limits: call.limits, offset: call.offset)
            for (position, element) in elements.enumerated() {
                try call.budget.charge(at: call.offset)
                if position > 0 { try result.append(separator) }
                try result.append(element)
            }
            return .string(result.text)
        },
        ExpressionFunction("split", [.string, .string], usage: "split(text, separator)", returns: .list(of: .string)) {
            call throws(ExpressionError) in
            let parts = TextSearch.split(try call.string(0), by: try call.string(1))
            try call.budget.charge(parts.count, at: call.offset)
            return try call.list(result: parts.map(ExpressionValue.string))
        },
    ]

    /// `an integer`, `a string`, for messages about a type.
    static func article(_ type: ExpressionType) -> String {
        let name = type.description
        if type == .any || type.unwrapped == .null { return name }
        return (name.first.map { "aeiou".contains($0) } == true ? "an " : "a ") + name
    }
}
