import StewardTime

/// Finds problems in an expression before it runs, and infers the type of its value.
///
/// Reports unknown names, fields of closed objects (`inputs.yaer`, `states.nosuch`,
/// `states.draft.form.nosuch`) and functions, with a "did you mean" suggestion within edit
/// distance 2; wrong numbers of arguments; and types that cannot work whatever the values
/// (`inputs.year + 'x'`, `!'text'`, `len(5)`, `inputs.due < 3`). Where a type is `any` nothing is
/// reported: the evaluator checks at run time. Nullable types are not reported as errors: a field that
/// is not filled in is a run-time `expr-missing-value` (guard it with `default`).
public struct ExpressionChecker: Sendable {
    /// What is available where the expression appears.
    public let scope: CheckScope
    var findings: [ExpressionError] = []
    /// The parameters of the lambdas around the node being checked, innermost last, with their types.
    var lambdaParameters: [(name: String, type: ExpressionType)] = []

    /// Creates a checker for expressions that appear in `scope`.
    public init(scope: CheckScope) { self.scope = scope }

    /// All problems in `expression`, in source order, and the type of its value.
    public func check(_ expression: Expression) -> CheckResult {
        var run = self
        run.findings = []
        let type = run.infer(expression)
        let ordered = run.findings.enumerated().sorted { ($0.element.offset, $0.offset) < ($1.element.offset, $1.offset) }
        return CheckResult(type: type, findings: ordered.map(\.element))
    }

    mutating func report(_ code: ExpressionError.Code, _ message: String, suggestion: String? = nil, at offset: Int) {
        findings.append(ExpressionError(code, message, suggestion: suggestion, offset: offset))
    }

    mutating func infer(_ expression: Expression) -> ExpressionType {
        switch expression.kind {
        case let .literal(value):
            switch value {
            case .null: return .null
            case .bool: return .bool
            case .integer: return .integer
            case .number: return .number
            case .string: return .string
            default: return .any
            }
        case let .list(elements):
            let types = elements.map { infer($0) }
            guard let first = types.first else { return .list(of: .any) }
            return .list(of: types.dropFirst().reduce(first) { ExpressionType.union($0, $1) })
        case let .name(name):
            return rootType(name, at: expression.offset)
        case let .member(base, name, nameOffset):
            return memberType(infer(base), name, base: base, at: nameOffset)
        case let .index(base, index):
            let baseType = infer(base)
            let indexType = infer(index)
            return indexedType(baseType, by: indexType, base: base, index: index)
        case let .call(name, arguments):
            return callType(name, arguments, at: expression.offset)
        case let .unary(op, operand):
            return unaryType(op, infer(operand), operand: operand, at: expression.offset)
        case .binary(.lambda, _, _, _):
            findings.append(Lambda.misplaced(at: expression.offset))
            return .any
        case let .binary(op, left, right, operatorOffset):
            return binaryType(op, infer(left), infer(right), left, right, at: operatorOffset)
        case let .conditional(condition, then, otherwise):
            requireBoolean(infer(condition), condition, role: "the condition of '?:'")
            return ExpressionType.union(infer(then), infer(otherwise))
        }
    }

    private mutating func rootType(_ name: String, at offset: Int) -> ExpressionType {
        if let parameter = lambdaParameters.last(where: { $0.name == name }) { return parameter.type }
        if let type = scope.type(ofRoot: name) { return type }
        if name == scope.itemName || name == "item" {
            report(.unknownName, "'\(name)' is only available inside a foreach",
                   suggestion: "use it in the states under a foreach's 'do:'", at: offset)
        } else if name == "actor" {
            report(.unknownName, "'actor' is not available here",
                   suggestion: "'actor' is the person acting, known only where a person acts on a task", at: offset)
        } else if let qualified = scope.inputs[name] != nil ? "inputs.\(name)"
                    : scope.vars[name] != nil ? "vars.\(name)"
                    : scope.states[name] != nil ? "states.\(name)" : nil {
            report(.unknownName, "unknown name '\(name)'", suggestion: "did you mean '\(qualified)'?", at: offset)
        } else if ExpressionFunctions.named(name) != nil {
            report(.unknownName, "'\(name)' is a function", suggestion: "call it: \(name)(…)", at: offset)
        } else {
            report(.unknownName, "unknown name '\(name)'",
                   suggestion: Suggestion.didYouMean(name, among: scope.rootNames + lambdaParameters.map(\.name)),
                   at: offset)
        }
        return .any
    }

    mutating func memberType(_ baseType: ExpressionType, _ name: String, base: Expression, at offset: Int)
        -> ExpressionType {
        switch baseType.unwrapped {
        case .any:
            return .any
        case .null:
            return .null
        case let .object(fields, isOpen):
            if let type = fields[name] { return type }
            if isOpen { return .any }
            var suggestion = Suggestion.didYouMean(name, among: fields.keys.sorted())
            if suggestion == nil, name.contains("-") { suggestion = "to subtract, put spaces around '-'" }
            report(.unknownMember, unknownMemberMessage(name, base: base), suggestion: suggestion, at: offset)
            return .any
        case .list:
            report(.type, "\(Self.describe(base)) is a list and has no field '\(name)'",
                   suggestion: "use len(…) for its length, or [0] for its first element", at: offset)
            return .any
        default:
            report(.type, "\(Self.describe(base)) is \(ExpressionFunctions.article(baseType)) and has no field '\(name)'",
                   at: offset)
            return .any
        }
    }

    /// `no state named 'x'`, `the form of state 'draft' has no field 'x'`…
    private func unknownMemberMessage(_ name: String, base: Expression) -> String {
        switch base.kind {
        case .name("inputs"): return "no input named '\(name)'"
        case .name("states"): return "no state named '\(name)'"
        case let .member(parent, field, _):
            if case .name("states") = parent.kind { return "state '\(field)' has no '\(name)'" }
            if field == "form", case let .member(grandparent, state, _) = parent.kind,
               case .name("states") = grandparent.kind {
                return "the form of state '\(state)' has no field '\(name)'"
            }
        default:
            break
        }
        return "\(Self.describe(base)) has no field '\(name)'"
    }

    private mutating func indexedType(_ baseType: ExpressionType, by indexType: ExpressionType, base: Expression,
                                      index: Expression) -> ExpressionType {
        let keyKinds = indexType.presentKinds
        switch baseType.unwrapped {
        case .any:
            return .any
        case .null:
            return .null
        case let .list(element):
            if !keyKinds.contains(.integer) {
                report(.type, "a list is indexed by an integer, not \(ExpressionFunctions.article(indexType))",
                       at: index.offset)
                return .any
            }
            return element
        case let .object(fields, _):
            if case let .literal(.string(name)) = index.kind {
                return memberType(baseType, name, base: base, at: index.offset)
            }
            if !keyKinds.contains(.string) {
                report(.type, "an object is indexed by a field name (a string), not \(ExpressionFunctions.article(indexType))",
                       at: index.offset)
                return .any
            }
            let types = Set(fields.values)
            return types.count == 1 ? types.first ?? .any : .any
        default:
            report(.type, "\(Self.describe(base)) is \(ExpressionFunctions.article(baseType)) and cannot be indexed",
                   at: index.offset)
            return .any
        }
    }

    private mutating func callType(_ name: String, _ arguments: [Expression], at offset: Int) -> ExpressionType {
        var types: [ExpressionType] = []
        for argument in arguments {
            // A lambda's parameter stands for an element of the list given first.
            if let lambda = Lambda(argument) {
                types.append(lambdaType(lambda, element: types.first?.elementType ?? .any))
            } else {
                types.append(infer(argument))
            }
        }
        guard let function = ExpressionFunctions.named(name) else {
            report(.unknownFunction, "unknown function '\(name)'", suggestion: ExpressionFunctions.suggestion(for: name),
                   at: offset)
            return .any
        }
        guard (function.required...function.parameters.count).contains(arguments.count) else {
            report(.arity, function.arityMessage(given: arguments.count), suggestion: "write it as \(function.usage)",
                   at: offset)
            return .any
        }
        if let problem = function.lambdaProblem(arguments) {
            findings.append(problem)
            return .any
        }
        var fine = true
        for (position, type) in types.enumerated() where function.parameters[position].isDisjoint(with: type.kinds) {
            if let lambda = Lambda(arguments[position]), function.lambda == .condition {
                requireBoolean(type, lambda.body, role: Lambda.conditionRole(of: name))
                continue
            }
            fine = false
            let accepted = function.parameters[position].phrase
            report(.type, "function '\(name)' needs \(accepted) as argument \(position + 1), but \(Self.describe(arguments[position])) is \(ExpressionFunctions.article(type))",
                   at: arguments[position].offset)
        }
        guard fine else { return .any }
        if let problem = Self.literalProblem(name, arguments, at: offset) {
            findings.append(problem)
            return .any
        }
        switch function.typing(types + Array(repeating: .null, count: function.parameters.count - types.count)) {
        case let .type(type):
            return type
        case let .problem(argument, message, suggestion):
            report(.type, message, suggestion: suggestion, at: argument < arguments.count ? arguments[argument].offset : offset)
            return .any
        }
    }

    /// The type of a lambda's body, its parameter standing for an element of type `element`.
    private mutating func lambdaType(_ lambda: Lambda, element: ExpressionType) -> ExpressionType {
        let namesInUse = [scope.itemName] + scope.outerItems.map(\.name) + lambdaParameters.map(\.name)
        if let problem = lambda.shadowing(namesInUse) { findings.append(problem) }
        lambdaParameters.append((lambda.parameter, element))
        defer { lambdaParameters.removeLast() }
        return infer(lambda.body)
    }

    /// Conversions whose arguments are all literals (`date('2026-02-30')`) are tried now, so that a bad
    /// literal is reported at validate time rather than when the workflow runs.
    private static func literalProblem(_ name: String, _ arguments: [Expression], at offset: Int) -> ExpressionError? {
        guard ["date", "datetime", "number", "integer"].contains(name),
              arguments.allSatisfy({ if case .literal = $0.kind { true } else { false } }) else { return nil }
        do {
            _ = try Expression(.call(name: name, arguments: arguments), offset: offset)
                .evaluate(in: EvaluationContext(now: Instant(millisecondsSinceEpoch: 0)))
            return nil
        } catch {
            return error
        }
    }

    /// `'inputs.year'` for paths and literals, short calls and lists as written, `the value` otherwise.
    static func describe(_ node: Expression) -> String { ExpressionEvaluator.describe(node) }
}

extension Expression {
    /// Checks the expression against what `scope` says is available; see `ExpressionChecker`.
    public func check(in scope: CheckScope) -> CheckResult { ExpressionChecker(scope: scope).check(self) }
}
