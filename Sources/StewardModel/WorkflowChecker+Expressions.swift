import StewardDiagnostics
import StewardExpressions
import StewardPlugins

extension WorkflowChecker {
    /// One text to check, and where it is evaluated.
    private struct Use {
        let text: TemplateText
        /// What the text is (`'title'`), and the state it belongs to: the message wording is
        /// only built for a finding, not for each of the thousands of texts checked.
        let part: String
        let stateName: String?
        /// The state it is evaluated in (nil for workflow outputs and schedule inputs).
        let at: (place: Int, index: Int)?
        /// The flow whose `item` is in scope (a foreach body), if any.
        let itemPlace: Int?
        var actor = false
        var condition = false
        /// What the value must be, where the engine needs a kind of value.
        var expected: Expected?

        init(text: TemplateText, part: String, stateName: String? = nil, at: (place: Int, index: Int)?, itemPlace: Int?) {
            self.text = text
            self.part = part
            self.stateName = stateName
            self.at = at
            self.itemPlace = itemPlace
        }

        /// "'title' of state 'review'", "output 'total'".
        var what: String { stateName.map { "\(part) of state '\($0)'" } ?? part }
    }

    /// Kinds of value the engine needs from an expression that fills a whole key.
    private enum Expected {
        /// A date, a date and time, or text holding one (`due`, `until`, `for`).
        case moment
        /// A list (`items` of a foreach).
        case list
        /// A whole number (a quorum's number of people).
        case count
        /// What a handler's contract says one of its inputs takes.
        case input(HandlerValueType)

        func accepts(_ type: ExpressionType) -> Bool {
            switch (self, type) {
            case (_, .any), (_, .null): true
            case (.moment, .date), (.moment, .datetime), (.moment, .string): true
            case (.list, .list): true
            case (.count, .integer): true
            case (.input(let wanted), let type): HandlerInputCheck.accepts(wanted, type)
            default: false
            }
        }

        var description: String {
            switch self {
            case .moment: "a date or a date and time"
            case .list: "a list"
            case .count: "a whole number of people"
            case .input(let type): HandlerInputCheck.describe(type)
            }
        }
    }

    func checkExpressions() {
        let base = baseScope()
        var withActor = base
        withActor.actorAvailable = true
        for use in uses() {
            guard let template = use.text.template, use.text.isExpression else { continue }
            let result: CheckResult
            // Outside a foreach the shared scopes serve as they are, with no copy per text.
            if let p = use.itemPlace, let item = places[p].item {
                var scope = use.actor ? withActor : base
                scope.itemName = item.name
                scope.item = itemType(of: p, base: base)
                // The items of the foreach states around it, by their own names.
                var outer = places[p].owner.flatMap { innermostForeach($0.flow) }
                while let o = outer, let outerItem = places[o].item {
                    if outerItem.name != scope.itemName, !scope.outerItems.contains(where: { $0.name == outerItem.name }) {
                        scope.outerItems.append((outerItem.name, itemType(of: o, base: base)))
                    }
                    outer = places[o].owner.flatMap { innermostForeach($0.flow) }
                }
                result = template.check(in: scope)
            } else if use.actor {
                result = template.check(in: withActor)
            } else {
                result = template.check(in: base)
            }
            for finding in result.findings {
                reader.append(reader.expressionDiagnostic(finding, origin: use.text.origin, what: use.what))
            }
            if use.condition, result.findings.isEmpty {
                switch result.type.unwrapped {
                case .bool, .any: break
                default:
                    let type = "\(result.type)"
                    let article = type.first.map { "aeiou".contains($0) } == true ? "an" : "a"
                    // Point at the expression itself, not at a quote before it.
                    let offset = use.text.raw.range(of: "${{").map { use.text.raw.unicodeScalars[..<$0.lowerBound].count } ?? 0
                    reader.report(.conditionNotBoolean, at: use.text.origin.location(ofOffset: offset),
                                  "\(use.what) must be true or false, but this expression gives \(article) \(type)",
                                  suggestion: "compare it, e.g. ${{ x == 'yes' }}")
                }
            }
            if let expected = use.expected, result.findings.isEmpty, !expected.accepts(result.type.unwrapped) {
                let type = "\(result.type)"
                let article = type.first.map { "aeiou".contains($0) } == true ? "an" : "a"
                reader.report(.wrongType, at: use.text.location,
                              "\(use.what) must give \(expected.description), but this expression gives \(article) \(type)")
            }
            if let at = use.at { checkMaybeUnset(template, use, at: at) }
        }
    }

    private func baseScope() -> CheckScope {
        var states: [String: StateScope] = [:]
        for (_, _, state) in allStates {
            var form: [String: ExpressionType] = [:]
            if case .task(let t) = state.kind {
                for field in t.form { form[field.name] = Self.type(of: field) }
            }
            states[state.name] = StateScope(form: form)
        }
        for name in Self.unreadStates(workflow.flow) where states[name] == nil { states[name] = .unreadState }
        var inputs: [String: ExpressionType] = [:]
        for input in workflow.inputs {
            let type = Self.type(of: input)
            inputs[input.name] = input.required || input.defaultValue != nil ? type : .optional(type)
        }
        return CheckScope(inputs: inputs, states: states)
    }

    /// The states of `flow` and the flows inside it that could not be read.
    static func unreadStates(_ flow: Flow) -> [String] {
        flow.undecodedStates + flow.states.flatMap { $0.nestedFlows.flatMap { unreadStates($0.flow) } }
    }

    private func itemType(of place: Int, base: CheckScope) -> ExpressionType {
        guard let items = places[place].item?.items.template else { return .any }
        if case .list(let element) = items.check(in: base).type.unwrapped { return element }
        return .any
    }

    static func type(of field: FieldSpec) -> ExpressionType {
        switch field.type {
        case .string, .text, .file, .duration, .enumeration: return .string
        case .integer: return .integer
        case .number: return .number
        case .boolean: return .bool
        case .date: return .date
        case .datetime: return .datetime
        case .person: return .person
        case .role: return .role
        case .list(let item): return .list(of: type(of: item))
        case .object(let fields):
            return .object(fields: Dictionary(fields.map { ($0.name, type(of: $0)) }, uniquingKeysWith: { a, _ in a }),
                           isOpen: false)
        }
    }

    private func uses() -> [Use] {
        var uses: [Use] = []
        for (name, value) in workflow.outputs {
            uses.append(Use(text: value, part: "output '\(name)'", at: nil, itemPlace: nil))
        }
        for case .expression(let text) in workflow.readers {
            uses.append(Use(text: text, part: "'readers'", at: nil, itemPlace: nil))
        }
        for entry in workflow.schedule {
            for (name, value) in entry.inputs.sorted(by: { $0.key < $1.key }) {
                uses.append(Use(text: value, part: "schedule input '\(name)'", at: nil, itemPlace: nil))
            }
        }
        for (place, index, state) in allStates {
            let at = (place, index)
            let itemPlace = innermostForeach(place)
            func add(_ text: TemplateText?, _ what: @autoclosure () -> String, actor: Bool = false, condition: Bool = false,
                     expected: Expected? = nil) {
                guard let text else { return }
                var use = Use(text: text, part: what(), stateName: state.name, at: at, itemPlace: itemPlace)
                use.actor = actor
                use.condition = condition
                use.expected = expected
                uses.append(use)
            }
            add(state.title, "'title'")
            switch state.kind {
            case .task(let t):
                if case .expression(let e) = t.assignee { add(e, "'assignee'") }
                if case .expression(let e)? = t.due { add(e, "'due'", expected: .moment) }
                if case .expression(let e) = t.quorum.threshold { add(e, "'quorum'", expected: .count) }
                for step in t.escalate {
                    for case .expression(let e) in (step.to.map { [$0] } ?? []) + step.notify { add(e, "'escalate'") }
                }
                for action in t.actions {
                    add(action.condition, "'if' of action '\(action.name)'", actor: true, condition: true)
                    for (name, value) in action.set { add(value, "'set: \(name)' of action '\(action.name)'", actor: true) }
                }
            case .action(let a):
                let contract = context.handlers?.contract(named: a.uses.value)
                if case .mapping(let pairs, _)? = a.with {
                    for pair in pairs {
                        // A whole value given by one expression must have the input's type.
                        if case .text(let text) = pair.value, let input = contract?.input(named: pair.key), input.type != .any {
                            add(text, "'with: \(pair.key)'", expected: .input(input.type))
                        } else {
                            for text in pair.value.texts { add(text, "'with: \(pair.key)'") }
                        }
                    }
                } else {
                    for text in a.with?.texts ?? [] { add(text, "'with'") }
                }
            case .choice(let c):
                for choice in c.choices { add(choice.condition, "'if'", condition: true) }
            case .wait(let w):
                if case .expression(let e)? = w.duration { add(e, "'for'", expected: .moment) }
                add(w.until, "'until'", expected: .moment)
            case .foreach(let f):
                // The items are computed in the flow that holds the foreach, before any item exists.
                var items = Use(text: f.items, part: "'items'", stateName: state.name, at: at, itemPlace: innermostForeach(place))
                items.expected = .list
                uses.append(items)
            case .workflow(let w):
                for (name, value) in w.with { add(value, "'with: \(name)'") }
            case .parallel, .final:
                break
            }
        }
        return uses
    }

    /// The nearest enclosing foreach body of a flow (the flow itself included).
    private func innermostForeach(_ place: Int) -> Int? {
        var current: Int? = place
        while let p = current {
            if places[p].item != nil { return p }
            current = places[p].owner?.flow
        }
        return nil
    }

    /// Warns when an expression reads a state that may not have run on every path to it.
    private func checkMaybeUnset(_ template: ExpressionTemplate, _ use: Use, at: (place: Int, index: Int)) {
        var seen = Set<String>()
        for expression in template.expressions {
            for (name, offset) in Self.stateReferences(in: expression) where seen.insert(name).inserted {
                guard let other = locate(name), !alwaysRanBefore(other, at) else { continue }
                reader.report(.maybeUnsetValue, at: use.text.origin.location(ofOffset: offset),
                              "\(use.what) reads 'states.\(name)', which may not have run on every path to it",
                              notes: ["on such a path the value is empty (null)"],
                              suggestion: "wrap it: default(states.\(name)…, 'fallback')")
            }
        }
    }

    /// `states.NAME` references outside `default(…)`'s first argument, with NAME's offset.
    static func stateReferences(in expression: Expression) -> [(String, Int)] {
        switch expression.kind {
        case .member(let base, let name, let offset):
            if case .name("states") = base.kind { return [(name, offset)] }
            return stateReferences(in: base)
        case .call(let name, let arguments):
            let checked = name == "default" ? Array(arguments.dropFirst()) : arguments
            return checked.flatMap(stateReferences(in:))
        case .literal, .name: return []
        case .list(let items): return items.flatMap(stateReferences(in:))
        case .index(let base, let index): return stateReferences(in: base) + stateReferences(in: index)
        case .unary(_, let operand): return stateReferences(in: operand)
        case .binary(_, let left, let right, _): return stateReferences(in: left) + stateReferences(in: right)
        case .conditional(let c, let a, let b):
            return stateReferences(in: c) + stateReferences(in: a) + stateReferences(in: b)
        }
    }
}
