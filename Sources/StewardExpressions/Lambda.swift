/// A lambda `v => body`: what `count`, `filter` and `map` compute for each element of a list.
///
/// - The parameter is one name; the body is any expression and reaches as far as it can, up to the
///   `,` or `)` that ends the argument (`v => v.hours * 2` is `v => (v.hours * 2)`).
/// - A lambda can only be an argument of a function call (the parser refuses it anywhere else), and only
///   the last argument of `count`, `filter` and `map` (the checker and the evaluator refuse it elsewhere,
///   see `ExpressionFunction.lambdaProblem`).
/// - In the body the parameter is the element; for the checker it has the list's element type.
/// - The parameter must not hide a name: a root name of the language (`inputs`, `vars`, `states`,
///   `instance`, `actor`, `now`, `item`, even where it is not available), the foreach's `as:` name, an
///   outer foreach item, or the parameter of a lambda around it. So a name means the same wherever it
///   is read, and `map(list, item => …)` inside a foreach cannot silently lose the foreach's item.
struct Lambda {
    let parameter: String
    /// Where the parameter is written, which is where the lambda starts.
    let offset: Int
    let body: Expression

    /// The lambda `node` is, or nil when it is not one.
    init?(_ node: Expression) {
        guard case let .binary(.lambda, parameter, body, _) = node.kind, case let .name(name) = parameter.kind else {
            return nil
        }
        self.parameter = name
        self.offset = parameter.offset
        self.body = body
    }

    /// Names no parameter may take, wherever the lambda is.
    static let reservedNames: Set<String> = ["inputs", "vars", "states", "instance", "actor", "now", "item"]

    /// `'item' already names something here…` when the parameter would hide a reserved name or one of
    /// `namesInUse`; nil when the name is free.
    func shadowing(_ namesInUse: [String]) -> ExpressionError? {
        guard Self.reservedNames.contains(parameter) || namesInUse.contains(parameter) else { return nil }
        let free = ["x", "v", "e"].first { !namesInUse.contains($0) } ?? "x"
        return ExpressionError(.syntax, "'\(parameter)' already names something here and cannot be a lambda's parameter",
                               suggestion: "choose another name, such as '\(free)'", offset: offset)
    }

    /// `the condition of 'filter'`: how messages name a body that must give true or false.
    static func conditionRole(of function: String) -> String { "the condition of '\(function)'" }

    /// A lambda where none is allowed: outside a call, or in a call of `function`, which takes none.
    static func misplaced(at offset: Int, in function: ExpressionFunction? = nil) -> ExpressionError {
        let takers = ExpressionFunctions.lambdaFunctionNames
        let list = takers.dropLast().joined(separator: ", ") + " or " + (takers.last ?? "")
        guard let function else {
            return ExpressionError(.syntax, "a lambda 'v => …' can only be an argument of \(list)",
                                   suggestion: "to compare, write '>='", offset: offset)
        }
        let rest = function.required > 1 ? ", …" : ""
        let apply = function.parameters.first?.contains(.list) == true
            ? "apply it first with map or filter: \(function.name)(map(list, v => …)\(rest))" : nil
        return ExpressionError(.type, "function '\(function.name)' does not take a lambda; only \(list) do",
                               suggestion: apply, offset: offset)
    }
}
