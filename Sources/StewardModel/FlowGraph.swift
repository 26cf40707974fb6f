/// The states of one flow as a directed graph, for reachability and loop checks.
struct FlowGraph {
    let flow: Flow
    let index: [String: Int]
    let successors: [[Int]]

    init(_ flow: Flow) {
        self.flow = flow
        var index: [String: Int] = [:]
        index.reserveCapacity(flow.states.count)  // no regrowing on a long flow
        for (i, state) in flow.states.enumerated() where index[state.name] == nil { index[state.name] = i }
        self.index = index
        successors = flow.states.map { state in
            var targets: [Int] = []
            state.forEachTransition { if let i = index[$0.target.value] { targets.append(i) } }
            return targets
        }
    }

    var startIndex: Int? { index[flow.start.value] }

    /// States reachable from `start` without passing through `avoiding`.
    func reachable(from start: Int, avoiding: Int? = nil) -> [Bool] {
        Self.reachable(successors, from: start, avoiding: avoiding)
    }

    static func reachable(_ successors: [[Int]], from start: Int, avoiding: Int? = nil) -> [Bool] {
        var seen = [Bool](repeating: false, count: successors.count)
        guard start != avoiding else { return seen }
        var stack = [start]
        seen[start] = true
        while let node = stack.popLast() {
            for next in successors[node] where !seen[next] && next != avoiding {
                seen[next] = true
                stack.append(next)
            }
        }
        return seen
    }

    /// Whether `target` can be reached from `start` (in one or more steps); stops as soon as it is.
    func reaches(from start: Int, to target: Int) -> Bool {
        var seen: Set<Int> = [start]
        var stack = [start]
        while let node = stack.popLast() {
            for next in successors[node] {
                if next == target { return true }
                if seen.insert(next).inserted { stack.append(next) }
            }
        }
        return false
    }

    /// States from which some final state can be reached; with `countingDeadEnds`, states
    /// without any way out count as ends too.
    func canReachFinal(countingDeadEnds: Bool = false) -> [Bool] {
        var predecessors = [[Int]](repeating: [], count: successors.count)
        for (from, targets) in successors.enumerated() {
            for to in targets { predecessors[to].append(from) }
        }
        var seen = [Bool](repeating: false, count: successors.count)
        var stack: [Int] = []
        for (i, state) in flow.states.enumerated() {
            let isEnd: Bool
            if case .final = state.kind { isEnd = true } else { isEnd = countingDeadEnds && !state.hasTransitions }
            if isEnd {
                seen[i] = true
                stack.append(i)
            }
        }
        while let node = stack.popLast() {
            for previous in predecessors[node] where !seen[previous] {
                seen[previous] = true
                stack.append(previous)
            }
        }
        return seen
    }

    /// Loops made only of states matching `isAutomatic` (Tarjan's strongly connected components).
    func cycles(among isAutomatic: (State) -> Bool) -> [[Int]] {
        let count = successors.count
        var indexOf = [Int](repeating: -1, count: count)
        var low = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var stack: [Int] = []
        var counter = 0
        var result: [[Int]] = []
        let allowed = flow.states.map(isAutomatic)

        // Iterative to stay safe on very long flows.
        for root in 0..<count where allowed[root] && indexOf[root] < 0 {
            var work: [(node: Int, next: Int)] = [(root, 0)]
            indexOf[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack[root] = true
            while var frame = work.popLast() {
                let targets = successors[frame.node]
                if frame.next < targets.count {
                    let child = targets[frame.next]
                    frame.next += 1
                    work.append(frame)
                    guard allowed[child] else { continue }
                    if indexOf[child] < 0 {
                        indexOf[child] = counter; low[child] = counter; counter += 1
                        stack.append(child); onStack[child] = true
                        work.append((child, 0))
                    } else if onStack[child] {
                        low[frame.node] = min(low[frame.node], indexOf[child])
                    }
                    continue
                }
                if let parent = work.last {
                    low[parent.node] = min(low[parent.node], low[frame.node])
                }
                if low[frame.node] == indexOf[frame.node] {
                    var component: [Int] = []
                    while let top = stack.popLast() {
                        onStack[top] = false
                        component.append(top)
                        if top == frame.node { break }
                    }
                    let selfLoop = component.count == 1 && successors[frame.node].contains(frame.node)
                    if component.count > 1 || selfLoop { result.append(component.sorted()) }
                }
            }
        }
        return result.sorted { $0[0] < $1[0] }
    }
}

/// The dominator tree of a flow from its start: `a` dominates `b` when every path from the
/// start to `b` passes through `a` (Cooper, Harvey and Kennedy's iterative algorithm over
/// reverse postorder). A state the start cannot reach is dominated by every state.
struct Dominators {
    /// Immediate dominator by state index; -1 for the start and for unreachable states.
    private let idom: [Int]
    private let reachable: [Bool]
    private let start: Int?

    init(_ graph: FlowGraph) {
        self.init(successors: graph.successors, start: graph.startIndex)
    }

    init(successors: [[Int]], start: Int?) {
        let count = successors.count
        self.start = start
        guard let start, count > 0 else {
            idom = [Int](repeating: -1, count: count)
            reachable = [Bool](repeating: false, count: count)
            return
        }
        // Reverse postorder from the start, iteratively (flows can be long).
        var order: [Int] = []
        var visited = [Bool](repeating: false, count: count)
        var stack: [(node: Int, next: Int)] = [(start, 0)]
        visited[start] = true
        while let top = stack.last {
            let outgoing = successors[top.node]
            if top.next < outgoing.count {
                stack[stack.count - 1].next += 1
                let next = outgoing[top.next]
                if !visited[next] {
                    visited[next] = true
                    stack.append((next, 0))
                }
            } else {
                order.append(top.node)
                stack.removeLast()
            }
        }
        order.reverse()
        var position = [Int](repeating: -1, count: count)
        for (i, node) in order.enumerated() { position[node] = i }
        var predecessors = [[Int]](repeating: [], count: count)
        for (from, targets) in successors.enumerated() where visited[from] {
            for to in targets { predecessors[to].append(from) }
        }
        var doms = [Int](repeating: -1, count: count)
        doms[start] = start
        var changed = true
        while changed {
            changed = false
            for node in order where node != start {
                var new = -1
                for p in predecessors[node] where doms[p] != -1 {
                    if new == -1 {
                        new = p
                        continue
                    }
                    // Intersect: walk both up the tree until they meet.
                    var a = p
                    var b = new
                    while a != b {
                        while position[a] > position[b] { a = doms[a] }
                        while position[b] > position[a] { b = doms[b] }
                    }
                    new = a
                }
                if new != -1, doms[node] != new {
                    doms[node] = new
                    changed = true
                }
            }
        }
        doms[start] = -1
        idom = doms
        reachable = visited
    }

    /// Whether every path from the start to `b` passes through `a` (`a` dominates itself).
    func dominates(_ a: Int, _ b: Int) -> Bool {
        guard reachable[b] else { return true }
        guard reachable[a] else { return false }
        var node = b
        while node != -1 {
            if node == a { return true }
            node = idom[node]
        }
        return false
    }
}
