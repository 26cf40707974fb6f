import StewardTime

/// One built-in function: what it accepts, what it returns, and how it computes.
struct ExpressionFunction: Sendable {
    /// The static result of a call, or a problem with one of its arguments.
    enum Typing {
        case type(ExpressionType)
        case problem(argument: Int, message: String, suggestion: String?)
    }

    /// What a function's lambda gives for each element.
    enum LambdaUse {
        /// True or false: whether the element counts (`count`) or is kept (`filter`).
        case condition
        /// Any value: the element's replacement (`map`).
        case value
    }

    let name: String
    /// The kinds each parameter accepts; a parameter that does not accept `.null` rejects missing values.
    let parameters: [ValueKinds]
    /// How many of `parameters` must be given; the rest are optional.
    let required: Int
    /// The parameters as the documentation writes them, for arity messages: `len(text or list)`.
    let usage: String
    /// The function's lambda, always its last parameter and applied to each element of the list in its
    /// first; nil when it takes none. That parameter's `ValueKinds` are what the lambda's body gives.
    let lambda: LambdaUse?
    /// The static result type from the argument types, after each argument passed `parameters`; for
    /// the lambda, the type of its body.
    let typing: @Sendable ([ExpressionType]) -> Typing
    /// Computes the result; every argument has passed `parameters`.
    let body: @Sendable (inout FunctionCall) throws(ExpressionError) -> ExpressionValue

    init(_ name: String, _ parameters: [ValueKinds], required: Int? = nil, usage: String, lambda: LambdaUse? = nil,
         typing: @escaping @Sendable ([ExpressionType]) -> Typing,
         body: @escaping @Sendable (inout FunctionCall) throws(ExpressionError) -> ExpressionValue) {
        self.name = name
        self.parameters = parameters
        self.required = required ?? parameters.count
        self.usage = usage
        self.lambda = lambda
        self.typing = typing
        self.body = body
    }

    /// A function whose result type does not depend on its arguments.
    init(_ name: String, _ parameters: [ValueKinds], required: Int? = nil, usage: String, lambda: LambdaUse? = nil,
         returns: ExpressionType,
         body: @escaping @Sendable (inout FunctionCall) throws(ExpressionError) -> ExpressionValue) {
        self.init(name, parameters, required: required, usage: usage, lambda: lambda, typing: { _ in .type(returns) },
                  body: body)
    }

    /// A lambda where the function takes none, or something else where it takes one; nil when all is
    /// in place. The checker and the evaluator both ask, after the number of arguments is right.
    func lambdaProblem(_ arguments: [Expression]) -> ExpressionError? {
        for (position, argument) in arguments.enumerated() {
            let wanted = lambda != nil && position == parameters.count - 1
            switch (Lambda(argument) != nil, wanted) {
            case (true, false) where lambda != nil:
                return ExpressionError(.type, "function '\(name)' takes its lambda as argument \(parameters.count)",
                                       suggestion: "write it as \(usage)", offset: argument.offset)
            case (true, false):
                return Lambda.misplaced(at: argument.offset, in: self)
            case (false, true):
                return ExpressionError(.type, "function '\(name)' needs a lambda 'v => …' as argument \(position + 1)",
                                       suggestion: "write it as \(usage)", offset: argument.offset)
            default:
                continue
            }
        }
        return nil
    }

    /// `function 'len' takes 1 argument (len(text or list)), but 2 were given`.
    func arityMessage(given: Int) -> String {
        let expected: String
        if required == parameters.count {
            expected = "\(required) argument" + (required == 1 ? "" : "s")
        } else {
            expected = "\(required) or \(parameters.count) arguments"
        }
        return "function '\(name)' takes \(expected), but \(given) " + (given == 1 ? "was" : "were") + " given"
    }
}

/// The evaluated arguments of one call and what a function body needs to compute and to complain.
struct FunctionCall {
    let name: String
    /// Where the call starts.
    let offset: Int
    /// The arguments' values; a lambda, always the last argument, has none.
    let arguments: [ExpressionValue]
    let argumentNodes: [Expression]
    /// The lambda argument (`v => …`), if the call has one.
    let lambda: Lambda?
    /// The evaluator of the call, which evaluates the lambda's body and counts every step.
    var evaluator: ExpressionEvaluator

    var context: EvaluationContext { evaluator.context }
    var limits: ExpressionLimits { context.limits }

    var budget: StepBudget {
        get { evaluator.budget }
        set { evaluator.budget = newValue }
    }

    func offset(of argument: Int) -> Int {
        argument < argumentNodes.count ? argumentNodes[argument].offset : offset
    }

    /// An error about one argument.
    func error(_ code: ExpressionError.Code, argument: Int, _ message: String, suggestion: String? = nil)
        -> ExpressionError {
        ExpressionError(code, message, suggestion: suggestion, offset: offset(of: argument))
    }

    /// An argument, or null when it was not given.
    func value(_ argument: Int) -> ExpressionValue {
        argument < arguments.count ? arguments[argument] : .null
    }

    func string(_ argument: Int) throws(ExpressionError) -> String {
        if case let .string(value) = value(argument) { return value }
        throw mismatch(argument, "a string")
    }

    func integer(_ argument: Int) throws(ExpressionError) -> Int {
        if case let .integer(value) = value(argument) { return value }
        throw mismatch(argument, "an integer")
    }

    func list(_ argument: Int) throws(ExpressionError) -> [ExpressionValue] {
        if case let .list(value) = value(argument) { return value }
        throw mismatch(argument, "a list")
    }

    /// The lambda, which `filter` and `map` require as argument `argument` (`lambdaProblem` made sure of it).
    func requiredLambda(_ argument: Int) throws(ExpressionError) -> Lambda {
        if let lambda { return lambda }
        throw mismatch(argument, "a lambda 'v => …'")
    }

    /// The lambda's body for one element, the parameter naming the element.
    mutating func apply(_ lambda: Lambda, to element: ExpressionValue) throws(ExpressionError) -> ExpressionValue {
        evaluator.parameters.append((lambda.parameter, element))
        defer { evaluator.parameters.removeLast() }
        return try evaluator.evaluate(lambda.body)
    }

    /// Whether a condition lambda holds for `element`; its body must give true or false.
    mutating func holds(_ lambda: Lambda, for element: ExpressionValue) throws(ExpressionError) -> Bool {
        try evaluator.boolean(apply(lambda, to: element), lambda.body, role: Lambda.conditionRole(of: name))
    }

    /// A date argument, or the local date of a datetime argument.
    func date(_ argument: Int) throws(ExpressionError) -> CivilDate {
        switch value(argument) {
        case let .date(date): return date
        case let .datetime(instant): return LocalTime.localDate(of: instant, context.utcOffset)
        default: throw mismatch(argument, "a date")
        }
    }

    /// `function 'contains' needs a string as argument 2, but got integer`.
    func mismatch(_ argument: Int, _ expected: String) -> ExpressionError {
        error(.type, argument: argument,
              "function '\(name)' needs \(expected) as argument \(argument + 1), but got \(value(argument).typeName)")
    }

    /// A string result, checked against the string limit.
    func string(result: String) throws(ExpressionError) -> ExpressionValue {
        try limits.check(string: result, at: offset)
        return .string(result)
    }

    /// A list result, checked against the list limit.
    func list(result: [ExpressionValue]) throws(ExpressionError) -> ExpressionValue {
        try limits.check(listSize: result.count, at: offset)
        return .list(result)
    }
}
