import StewardExpressions
import StewardModel

extension Run {
    /// Starts one scope per branch.
    mutating func fork(_ spec: ParallelSpec, scope: Int, index: Int, state s: State) {
        let nested = flow(of: scope).states[index].nestedFlows
        for (i, flowIndex) in nested.enumerated() {
            let child = addScope(flow: flowIndex, parent: scope, owner: s.name, branch: spec.branches[i].name, item: nil,
                                 itemIndex: nil)
            enter(scope: child, index: compiled.flows[flowIndex].start, from: nil)
            guard state.status == .running, state.scopes[scope].current?.name == s.name else { return }
        }
    }

    /// Starts one scope per item of the list.
    mutating func fanOut(_ spec: ForeachSpec, scope: Int, index: Int, state s: State) {
        let items: [ExpressionValue]
        do {
            switch try evaluate(spec.items, scope: scope) {
            case .list(let list): items = list
            case .null: items = []
            case let other:
                fail("the items of foreach '\(s.name)' gave \(other.typeName), not a list")
                return
            }
        } catch {
            fail("the items of foreach '\(s.name)' could not be computed: \(error.message)", because: error)
            return
        }
        guard let body = flow(of: scope).states[index].nestedFlows.first else { return }
        if items.isEmpty {
            completeJoin(parent: scope, owner: s.name)
            return
        }
        var children: [Int] = []
        for (i, item) in items.enumerated() {
            children.append(addScope(flow: body, parent: scope, owner: s.name, branch: nil, item: item, itemIndex: i))
        }
        for child in children {
            enter(scope: child, index: compiled.flows[body].start, from: nil)
            guard state.status == .running, state.scopes[scope].current?.name == s.name else { return }
        }
    }

    /// After a branch or item ended: is the owner's join met?
    mutating func checkJoin(parent: Int, owner: String) {
        guard state.scopes[parent].current?.name == owner else { return }
        let children = state.scopes[parent].children.filter { state.scopes[$0].owner == owner }
        let done = children.filter { state.scopes[$0].status != nil }.count
        let needed: Int
        switch joinOf(parent: parent) {
        case .all: needed = children.count
        case .any: needed = 1
        case .count(let n, _): needed = min(n, children.count)
        }
        guard done >= needed else { return }
        completeJoin(parent: parent, owner: owner)
    }

    private func joinOf(parent: Int) -> Join {
        guard let position = state.scopes[parent].current else { return .all }
        switch flow(of: parent).states[position.index].state.kind {
        case .parallel(let p): return p.join
        case .foreach(let f): return f.join
        default: return .all
        }
    }

    /// The join is met: stop what still runs, collect results in order, go on.
    mutating func completeJoin(parent: Int, owner: String) {
        guard let position = state.scopes[parent].current, position.name == owner else { return }
        // Children of earlier visits were removed when their join completed, so these are this visit's.
        let children = state.scopes[parent].children.filter { state.scopes[$0].owner == owner }
        for child in children where state.scopes[child].status == nil { cancelScope(child) }
        var results: [ExpressionValue] = []
        for child in children.sorted(by: { (state.scopes[$0].itemIndex ?? $0) < (state.scopes[$1].itemIndex ?? $1) }) {
            let c = state.scopes[child]
            var states: ExpressionObject = [:]
            for (name, record) in c.records.sorted(by: { $0.key < $1.key }) {
                states[name] = .object(ExpressionObject([
                    ("form", .object(record.form)), ("action", record.action.map(ExpressionValue.string) ?? .null),
                    ("actor", record.actor.map(ExpressionValue.string) ?? .null),
                    ("at", record.at.map(ExpressionValue.datetime) ?? .null), ("output", record.output),
                ]))
            }
            var result: ExpressionObject = ["outcome": .string(c.status?.rawValue ?? "cancelled")]
            if let branch = c.branch { result["branch"] = .string(branch) }
            if let item = c.item { result["item"] = item }
            result["states"] = .object(states)
            results.append(.object(result))
        }
        var record = state.scopes[parent].records[owner] ?? StateRecord()
        record.results = results
        record.output = .list(results)
        record.at = now
        state.scopes[parent].records[owner] = record
        // Scopes of this visit are done; a later visit (after a reject loop) starts fresh ones.
        state.scopes[parent].children.removeAll { children.contains($0) }
        note(scope: parent, from: owner, to: nil, "join of '\(owner)' met (\(results.count) results)")
        switch flow(of: parent).states[position.index].state.kind {
        case .parallel(let p): goNext(p.next, scope: parent)
        case .foreach(let f): goNext(f.next, scope: parent)
        default: break
        }
    }
}
