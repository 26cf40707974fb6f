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
        switch kind {
        case .task(let t):
            return t.actions.map { Transition(kind: .action($0.name), target: $0.target) }
        case .action(let a):
            return (a.next.map { [Transition(kind: .next, target: $0)] } ?? [])
                + a.catch.map { Transition(kind: .error($0.error), target: $0.target) }
        case .choice(let c):
            return c.choices.map { Transition(kind: .condition($0.condition.raw), target: $0.target) }
                + (c.defaultTarget.map { [Transition(kind: .otherwise, target: $0)] } ?? [])
        case .wait(let w): return w.next.map { [Transition(kind: .next, target: $0)] } ?? []
        case .parallel(let p): return p.next.map { [Transition(kind: .next, target: $0)] } ?? []
        case .foreach(let f): return f.next.map { [Transition(kind: .next, target: $0)] } ?? []
        case .workflow(let w): return w.next.map { [Transition(kind: .next, target: $0)] } ?? []
        case .final: return []
        }
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
