/// Functions over the elements of a list: sum, avg, count, filter, map (`min(list)` and `max(list)` are
/// with the two-value forms in Functions+Values.swift).
///
/// Each spends one step per element, and a lambda's body its own steps for each element, so that
/// `map` over a large list, or a `map` inside a `map`, stops at `ExpressionLimits.maximumSteps`.
extension ExpressionFunctions {
    static let listFunctions: [ExpressionFunction] = [
        ExpressionFunction("sum", [.list], usage: "sum(list)", typing: { types in
            if let problem = elementProblem("sum", types[0], .numeric) { return problem }
            let element = types[0].elementType
            if element.unwrapped == .integer { return .type(.integer) }
            return .type(element.presentKinds.isSubset(of: .numeric) ? .number : .any)
        }) { call throws(ExpressionError) in
            try total(&call)
        },
        // An average of nothing is no value (null), as a form field left empty is: `default(avg(x), 0)`
        // chooses what it should be, and a comparison with it is an error rather than a silent 0.
        ExpressionFunction("avg", [.list], usage: "avg(list)", typing: { types in
            elementProblem("avg", types[0], .numeric) ?? .type(.optional(.number))
        }) { call throws(ExpressionError) in
            let total = try total(&call)
            let count = try call.list(0).count
            if count == 0 { return .null }
            return try call.evaluator.arithmetic(.divide, total, .integer(count), at: call.offset)
        },
        ExpressionFunction("count", [.list, .bool], required: 1, usage: "count(list, v => condition)",
                           lambda: .condition, returns: .integer) { call throws(ExpressionError) in
            let elements = try call.list(0)
            guard let lambda = call.lambda else { return .integer(elements.count) }
            var count = 0
            for element in elements {
                try call.budget.charge(at: call.offset)
                if try call.holds(lambda, for: element) { count += 1 }
            }
            return .integer(count)
        },
        ExpressionFunction("filter", [.list, .bool], usage: "filter(list, v => condition)", lambda: .condition,
                           typing: { types in .type(.list(of: types[0].elementType)) }) { call throws(ExpressionError) in
            let lambda = try call.requiredLambda(1)
            var kept: [ExpressionValue] = []
            for element in try call.list(0) {
                try call.budget.charge(at: call.offset)
                if try call.holds(lambda, for: element) { kept.append(element) }
            }
            return try call.list(result: kept)
        },
        ExpressionFunction("map", [.list, .all], usage: "map(list, v => value)", lambda: .value,
                           typing: { types in .type(.list(of: types[1])) }) { call throws(ExpressionError) in
            let lambda = try call.requiredLambda(1)
            let elements = try call.list(0)
            var values: [ExpressionValue] = []
            values.reserveCapacity(elements.count)
            for element in elements {
                try call.budget.charge(at: call.offset)
                values.append(try call.apply(lambda, to: element))
            }
            return try call.list(result: values)
        },
    ]

    /// The elements of the list in argument 1 added as `+` adds them: integers stay integers (an overflow
    /// is an error), a number among them makes the total a number; 0 for an empty list.
    private static func total(_ call: inout FunctionCall) throws(ExpressionError) -> ExpressionValue {
        var total = ExpressionValue.integer(0)
        for (position, element) in try call.list(0).enumerated() {
            try call.budget.charge(at: call.offset)
            try call.check(element, at: position, .numeric)
            total = try call.evaluator.arithmetic(.add, total, element, at: call.offset)
        }
        return total
    }

    /// A problem when the elements of a list of type `list` can never be of `kinds`; nil otherwise.
    static func elementProblem(_ name: String, _ list: ExpressionType, _ kinds: ValueKinds) -> ExpressionFunction.Typing? {
        let element = list.elementType
        guard element.presentKinds.isDisjoint(with: kinds) else { return nil }
        let pick = element.unwrapped.kinds == .object ? "take a value from each element first: \(name)(map(list, v => v.field))"
            : nil
        return .problem(argument: 0, message: "function '\(name)' needs \(kinds.phrase) for each element, but got \(article(list))",
                        suggestion: pick)
    }
}

extension FunctionCall {
    /// Element `position` of the list in argument 1 must be of `kinds`: null is a missing value, another
    /// kind a type error.
    func check(_ element: ExpressionValue, at position: Int, _ kinds: ValueKinds) throws(ExpressionError) {
        if kinds.contains(ValueKinds(of: element)) { return }
        let list = argumentNodes.first.map(ExpressionEvaluator.describe) ?? "the list"
        if element.isNull {
            throw error(.missingValue, argument: 0, "element [\(position)] of \(list) has no value",
                        suggestion: "leave the empty ones out with filter(list, v => v != null), or give them a value with map(list, v => default(v, 0))")
        }
        throw error(.type, argument: 0,
                    "function '\(name)' needs \(kinds.phrase) for each element, but element [\(position)] of \(list) is \(ExpressionEvaluator.article(element))")
    }
}
