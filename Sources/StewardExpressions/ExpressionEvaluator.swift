import StewardTime

/// Computes the value of an expression in a context; pure, bounded by `ExpressionLimits`.
///
/// Missing values: reading a field that is not there — a member or index of null, an object key that
/// does not exist, a list index out of range, a state that has not run — gives null, so that
/// `default(states.review.form.comment, '无')` and `states.review.action == null` work. Using null where a
/// value is needed — arithmetic, ordering, `!`, `&&`, `||`, `?:`, a function argument other than
/// `default`'s and `toString`'s — is an `expr-missing-value` error that names the path
/// (`'states.draft.form.goals' has no value`). `==` and `!=` accept null.
///
/// `&&`, `||` and `?:` evaluate only what they need; so does `default`. A lambda's body is evaluated
/// once for each element by the function that takes it (`FunctionCall.apply`), its steps counted with
/// the rest.
struct ExpressionEvaluator {
    let context: EvaluationContext
    var budget: StepBudget
    /// The parameters of the lambdas being applied, innermost last, with the elements they name.
    var parameters: [(name: String, value: ExpressionValue)] = []

    init(context: EvaluationContext) {
        self.context = context
        self.budget = StepBudget(limit: context.limits.maximumSteps)
    }

    var limits: ExpressionLimits { context.limits }

    mutating func evaluate(_ expression: Expression) throws(ExpressionError) -> ExpressionValue {
        try budget.charge(at: expression.offset)
        let result = try value(of: expression)
        // Steps count nodes, not the text a function works through; charging text by its length where a
        // node gives it keeps a lambda that reads a long text for each element within the budget.
        if case let .string(text) = result { try budget.charge(text: text, at: expression.offset) }
        return result
    }

    private mutating func value(of expression: Expression) throws(ExpressionError) -> ExpressionValue {
        switch expression.kind {
        case let .literal(value):
            return value
        case let .list(elements):
            try limits.check(listSize: elements.count, at: expression.offset)
            var values: [ExpressionValue] = []
            values.reserveCapacity(elements.count)
            for element in elements { values.append(try evaluate(element)) }
            return .list(values)
        case let .name(name):
            return try root(name, at: expression.offset)
        case let .member(base, name, nameOffset):
            if case .name("states") = base.kind, context.itemName != "states" {
                return context.states[name]?.value ?? .null
            }
            // `states.draft.form`: the one field, without building the state's whole object.
            if case let .member(inner, state, _) = base.kind, case .name("states") = inner.kind, context.itemName != "states" {
                try budget.charge(at: base.offset)
                return context.states[state]?.field(name) ?? .null
            }
            return try member(name, of: evaluate(base), base: base, at: nameOffset)
        case let .index(base, index):
            return try self.index(evaluate(base), by: evaluate(index), base: base, indexNode: index)
        case let .call(name, arguments):
            return try call(name, arguments, at: expression.offset)
        case let .unary(op, operand):
            return try unary(op, evaluate(operand), operand: operand, at: expression.offset)
        case .binary(.lambda, _, _, _):
            throw Lambda.misplaced(at: expression.offset)
        case let .binary(op, left, right, operatorOffset):
            return try binary(op, left, right, at: operatorOffset)
        case let .conditional(condition, then, otherwise):
            let test = try boolean(evaluate(condition), condition, role: "the condition of '?:'")
            return try evaluate(test ? then : otherwise)
        }
    }

    private mutating func root(_ name: String, at offset: Int) throws(ExpressionError) -> ExpressionValue {
        if let parameter = parameters.last(where: { $0.name == name }) { return parameter.value }
        if name == context.itemName {
            if let item = context.item { return item }
            throw ExpressionError(.unknownName, "'\(name)' is only available inside a foreach", offset: offset)
        }
        switch name {
        case "inputs": return .object(context.inputs)
        case "vars": return .object(context.vars)
        case "states":
            // Every state is built into the object: in a lambda's body that is once per element.
            try budget.charge(context.states.count, at: offset)
            return .object(ExpressionObject(context.states.keys.sorted().map { ($0, context.states[$0]?.value ?? .null) }))
        case "instance": return .object(["id": .string(context.instanceID)])
        case "actor": return context.actor.map(ExpressionValue.string) ?? .null
        case "now": return .datetime(context.now)
        default:
            if let outer = context.outerItems.first(where: { $0.name == name }) { return outer.value }
            var roots = ["inputs", "vars", "states", "instance", "actor", "now"]
            if context.item != nil { roots.append(context.itemName) }
            roots += context.outerItems.map(\.name) + parameters.map(\.name)
            throw ExpressionError(.unknownName, "unknown name '\(name)'",
                                  suggestion: Suggestion.didYouMean(name, among: roots), offset: offset)
        }
    }

    private func member(_ name: String, of value: ExpressionValue, base: Expression, at offset: Int)
        throws(ExpressionError) -> ExpressionValue {
        switch value {
        case .null: return .null
        case let .object(object): return object[name] ?? .null
        default:
            throw ExpressionError(.type, "\(Self.describe(base)) is \(Self.article(value)) and has no field '\(name)'",
                                  offset: offset)
        }
    }

    private func index(_ value: ExpressionValue, by key: ExpressionValue, base: Expression, indexNode: Expression)
        throws(ExpressionError) -> ExpressionValue {
        switch (value, key) {
        case (_, .null):
            throw missing(indexNode)
        case (.null, _):
            return .null
        case let (.list(elements), .integer(position)):
            return elements.indices.contains(position) ? elements[position] : .null
        case let (.object(object), .string(name)):
            return object[name] ?? .null
        case (.list, _):
            throw ExpressionError(.type, "a list is indexed by an integer, not \(Self.article(key))", offset: indexNode.offset)
        case (.object, _):
            throw ExpressionError(.type, "an object is indexed by a field name (a string), not \(Self.article(key))",
                                  offset: indexNode.offset)
        default:
            throw ExpressionError(.type, "\(Self.describe(base)) is \(Self.article(value)) and cannot be indexed",
                                  offset: indexNode.offset)
        }
    }

    private mutating func call(_ name: String, _ arguments: [Expression], at offset: Int) throws(ExpressionError)
        -> ExpressionValue {
        guard let function = ExpressionFunctions.named(name) else {
            throw ExpressionError(.unknownFunction, "unknown function '\(name)'",
                                  suggestion: ExpressionFunctions.suggestion(for: name), offset: offset)
        }
        guard (function.required...function.parameters.count).contains(arguments.count) else {
            throw ExpressionError(.arity, function.arityMessage(given: arguments.count),
                                  suggestion: "write it as \(function.usage)", offset: offset)
        }
        if let problem = function.lambdaProblem(arguments) { throw problem }
        if name == "default" {
            let value = try evaluate(arguments[0])
            return ExpressionFunctions.isMissing(value) ? try evaluate(arguments[1]) : value
        }
        var values: [ExpressionValue] = []
        var lambda: Lambda?
        for (position, argument) in arguments.enumerated() {
            if let found = Lambda(argument) {
                let namesInUse = [context.itemName] + context.outerItems.map(\.name) + parameters.map(\.name)
                if let problem = found.shadowing(namesInUse) { throw problem }
                lambda = found
                continue
            }
            let value = try evaluate(argument)
            let accepted = function.parameters[position]
            if !accepted.contains(ValueKinds(of: value)) {
                if value.isNull { throw missing(argument, role: "argument \(position + 1) of '\(name)'") }
                throw ExpressionError(
                    .type, "function '\(name)' needs \(accepted.phrase) as argument \(position + 1), but \(Self.describe(argument)) is \(Self.article(value))",
                    offset: argument.offset)
            }
            values.append(value)
        }
        var invocation = FunctionCall(name: name, offset: offset, arguments: values, argumentNodes: arguments,
                                      lambda: lambda, evaluator: self)
        let result = try function.body(&invocation)
        budget = invocation.budget
        return result
    }

    /// The value as a boolean, or an error naming `role`.
    func boolean(_ value: ExpressionValue, _ node: Expression, role: String) throws(ExpressionError) -> Bool {
        switch value {
        case let .bool(flag): return flag
        case .null: throw missing(node, role: role)
        default:
            throw ExpressionError(.type, "\(role) must be true or false, but \(Self.describe(node)) is \(Self.article(value))",
                                  offset: node.offset)
        }
    }

    /// `'states.draft.form.goals' has no value`.
    func missing(_ node: Expression, role: String? = nil) -> ExpressionError {
        let what = role.map { "\($0) (\(Self.describe(node)))" } ?? Self.describe(node)
        let fix = node.isPath ? "give a fallback with default(\(node), …)" : nil
        return ExpressionError(.missingValue, "\(what) has no value", suggestion: fix, offset: node.offset)
    }

    /// `'inputs.year'` for paths and literals, short calls and lists as written, `the value` otherwise.
    static func describe(_ node: Expression) -> String {
        if node.isPath { return "'\(node)'" }
        if case let .literal(value) = node.kind {
            if case .string = value { return node.description }  // already in quotes
            return "'\(node)'"
        }
        switch node.kind {
        case .call, .list:
            let text = node.description
            if text.count <= 60 { return "'\(text)'" }
        default:
            break
        }
        return "the value"
    }

    /// `an integer`, `a string`, `null`.
    static func article(_ value: ExpressionValue) -> String {
        if value.isNull { return "null" }
        let name = value.typeName
        return (name.first.map { "aeiou".contains($0) } == true ? "an " : "a ") + name
    }
}

extension Expression {
    /// Evaluates the expression in `context`: pure (no clock, no I/O), bounded by `context.limits`.
    ///
    /// - Reading what is not there gives null: a field of null, a missing object key, a list index
    ///   out of range, a state that has not run. So `default(states.x.form.y, 'n/a')` and
    ///   `states.x.action == null` work.
    /// - Using null where a value is needed (arithmetic, ordering, `!`, `&&`, `||`, `?:`, `in`'s right
    ///   side, most function arguments) throws `expr-missing-value` naming the path.
    /// - `&&`, `||`, `?:` and `default` evaluate only what they need.
    /// - Division or remainder by zero throws `expr-division-by-zero`; integer overflow and non-finite
    ///   numbers throw `expr-overflow`; nothing traps.
    public func evaluate(in context: EvaluationContext) throws(ExpressionError) -> ExpressionValue {
        var evaluator = ExpressionEvaluator(context: context)
        return try evaluator.evaluate(self)
    }
}
