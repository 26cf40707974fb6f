import StewardTime

/// One built-in function: what it accepts, what it returns, and how it computes.
struct ExpressionFunction: Sendable {
    /// The static result of a call, or a problem with one of its arguments.
    enum Typing {
        case type(ExpressionType)
        case problem(argument: Int, message: String, suggestion: String?)
    }

    let name: String
    /// The kinds each parameter accepts; a parameter that does not accept `.null` rejects missing values.
    let parameters: [ValueKinds]
    /// How many of `parameters` must be given; the rest are optional.
    let required: Int
    /// The parameters as the documentation writes them, for arity messages: `len(text or list)`.
    let usage: String
    /// The static result type from the argument types, after each argument passed `parameters`.
    let typing: @Sendable ([ExpressionType]) -> Typing
    /// Computes the result; every argument has passed `parameters`.
    let body: @Sendable (inout FunctionCall) throws(ExpressionError) -> ExpressionValue

    init(_ name: String, _ parameters: [ValueKinds], required: Int? = nil, usage: String,
         typing: @escaping @Sendable ([ExpressionType]) -> Typing,
         body: @escaping @Sendable (inout FunctionCall) throws(ExpressionError) -> ExpressionValue) {
        self.name = name
        self.parameters = parameters
        self.required = required ?? parameters.count
        self.usage = usage
        self.typing = typing
        self.body = body
    }

    /// A function whose result type does not depend on its arguments.
    init(_ name: String, _ parameters: [ValueKinds], required: Int? = nil, usage: String, returns: ExpressionType,
         body: @escaping @Sendable (inout FunctionCall) throws(ExpressionError) -> ExpressionValue) {
        self.init(name, parameters, required: required, usage: usage, typing: { _ in .type(returns) }, body: body)
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
    let arguments: [ExpressionValue]
    let argumentNodes: [Expression]
    let context: EvaluationContext
    var budget: StepBudget

    var limits: ExpressionLimits { context.limits }

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
