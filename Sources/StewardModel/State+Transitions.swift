import Foundation

/// One way out of a state, with the words that label it in diagrams.
public struct Transition: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A person's action on a task.
        case action(String)
        /// `next` after an automatic step, a wait, a join or a child workflow.
        case next
        /// A choice whose condition held (the condition as written).
        case condition(String)
        /// A choice's `default`.
        case otherwise
        /// `catch` of an error kind.
        case error(String)
    }

    public let kind: Kind
    public let target: Located<String>

    /// The label drawn on the arrow.
    public var label: String? {
        switch kind {
        case .action(let name): name
        case .next: nil
        case .condition(let text): State.conditionLabel(text)
        case .otherwise: "otherwise"
        case .error(let kind): "error: \(kind)"
        }
    }
}

extension State {
    /// Every way out of this state, in the order they are written.
    public var transitions: [Transition] {
        var all: [Transition] = []
        forEachTransition { all.append($0) }
        return all
    }

    /// Calls `body` with every way out, in the order they are written; the graph checks
    /// walk each state's ways out several times, and this builds no array for them.
    func forEachTransition(_ body: (Transition) -> Void) {
        switch kind {
        case .task(let t):
            for action in t.actions {
                if let target = action.target { body(Transition(kind: .action(action.name), target: target)) }
            }
        case .action(let a):
            if let next = a.next { body(Transition(kind: .next, target: next)) }
            for clause in a.catch { body(Transition(kind: .error(clause.error), target: clause.target)) }
        case .choice(let c):
            for choice in c.choices { body(Transition(kind: .condition(choice.condition.raw), target: choice.target)) }
            if let otherwise = c.defaultTarget { body(Transition(kind: .otherwise, target: otherwise)) }
        case .wait(let w): if let next = w.next { body(Transition(kind: .next, target: next)) }
        case .parallel(let p): if let next = p.next { body(Transition(kind: .next, target: next)) }
        case .foreach(let f): if let next = f.next { body(Transition(kind: .next, target: next)) }
        case .workflow(let w): if let next = w.next { body(Transition(kind: .next, target: next)) }
        case .final: break
        }
    }

    /// Whether the state has any way out.
    var hasTransitions: Bool {
        var any = false
        forEachTransition { _ in any = true }
        return any
    }

    /// The nested flows of a parallel or foreach state, with their names.
    public var nestedFlows: [(name: String, flow: Flow)] {
        switch kind {
        case .parallel(let p): return p.branches.map { ($0.name, $0.flow) }
        case .foreach(let f): return [("do", f.body)]
        default: return []
        }
    }

    /// A condition as people read it: the expression without `${{ }}`.
    static func conditionLabel(_ text: TemplateText) -> String { conditionLabel(text.raw) }

    static func conditionLabel(_ written: String) -> String {
        var raw = written.trimmingCharacters(in: .whitespaces)
        if raw.hasPrefix("${{"), raw.hasSuffix("}}") {
            raw = String(raw.dropFirst(3).dropLast(2)).trimmingCharacters(in: .whitespaces)
        }
        return raw
    }
}
