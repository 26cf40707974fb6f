/// The states of one flow as a directed graph, for reachability and loop checks.
struct FlowGraph {
    let flow: Flow
    let index: [String: Int]
    let successors: [[Int]]

    init(_ flow: Flow) {
        self.flow = flow
        var index: [String: Int] = [:]
        for (i, state) in flow.states.enumerated() where index[state.name] == nil { index[state.name] = i }
        self.index = index
        successors = flow.states.map { state in
            state.transitions.compactMap { index[$0.target.value] }
        }
    }

    var startIndex: Int? { index[flow.start.value] }

    /// States reachable from `start` without passing through `avoiding`.
    func reachable(from start: Int, avoiding: Int? = nil) -> [Bool] {
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
            if case .final = state.kind { isEnd = true } else { isEnd = countingDeadEnds && state.transitions.isEmpty }
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
