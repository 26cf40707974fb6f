/// A workflow as boxes and arrows, ready to print as Mermaid or Graphviz DOT.
///
/// Parallel and foreach states become clusters: a fork node, one sub-cluster per
/// branch (or the foreach body), and a join node that leads to `next`.
public struct WorkflowGraph: Sendable {
    /// How a node is drawn; each state type has its own shape.
    public enum Shape: Sendable, Hashable {
        case start, task, action, choice, wait, workflow, final, fork, join
    }

    public struct Node: Sendable, Hashable {
        public let id: String
        public let label: String
        public let shape: Shape
    }

    public struct Edge: Sendable, Hashable {
        public let from: String
        public let to: String
        public let label: String?
    }

    public struct Cluster: Sendable {
        public let id: String
        public let label: String
        public var nodes: [Node] = []
        public var clusters: [Cluster] = []
    }

    public let title: String
    /// The top level: nodes outside any cluster, and the clusters.
    public private(set) var root: Cluster
    public private(set) var edges: [Edge] = []

    /// Whether labels carry the rules a committee reviews (`--detail`): assignees, quorum,
    /// deadlines, reminders, escalations, retries.
    public let detail: Bool
    /// The roster whose titles and names the details show (`角色 工会委员会 (union-committee)`).
    let roster: Roster?

    public init(_ workflow: Workflow, detail: Bool = false, roster: Roster? = nil) {
        self.detail = detail
        self.roster = roster
        title = workflow.title ?? workflow.id.value
        root = Cluster(id: "workflow", label: title)
        var counter = 0
        var finals: [String] = []
        root = build(workflow.flow, into: root, counter: &counter, entry: nil, finals: &finals)
    }

    /// Adds a flow's states to `cluster`; returns the cluster. Node ids are `s1`, `s2`, … so
    /// any state name (Chinese, hyphens) is safe in both output languages.
    private mutating func build(_ flow: Flow, into cluster: Cluster, counter: inout Int,
                                entry: String?, finals: inout [String]) -> Cluster {
        var cluster = cluster
        var ids: [String: String] = [:]
        for state in flow.states {
            counter += 1
            ids[state.name] = "s\(counter)"
        }
        // The top level gets a start dot; a nested flow is entered from its fork node.
        let startID: String
        if let entry {
            startID = entry
        } else {
            counter += 1
            startID = "s\(counter)"
            cluster.nodes.append(Node(id: startID, label: "start", shape: .start))
        }
        if let first = ids[flow.start.value] { edges.append(Edge(from: startID, to: first, label: nil)) }
        for state in flow.states {
            guard let id = ids[state.name] else { continue }
            let label = detail ? ([Self.label(state)] + Self.detailLines(state, roster: roster)).joined(separator: "\n") : Self.label(state)
            switch state.kind {
            case .parallel, .foreach:
                let joinID = id + "j"
                var group = Cluster(id: "c" + id, label: label)
                group.nodes.append(Node(id: id, label: Self.forkLabel(state), shape: .fork))
                for (name, nested) in state.nestedFlows {
                    var innerFinals: [String] = []
                    let branch = build(nested, into: Cluster(id: "c\(id)_\(group.clusters.count)", label: name),
                                       counter: &counter, entry: id, finals: &innerFinals)
                    for final in innerFinals { edges.append(Edge(from: final, to: joinID, label: nil)) }
                    group.clusters.append(branch)
                }
                group.nodes.append(Node(id: joinID, label: "join \(Self.joinText(state))", shape: .join))
                cluster.clusters.append(group)
                for transition in state.transitions {
                    if let target = ids[transition.target.value] {
                        edges.append(Edge(from: joinID, to: target, label: transition.label))
                    }
                }
                continue
            case .final:
                finals.append(id)
            default:
                break
            }
            cluster.nodes.append(Node(id: id, label: label, shape: Self.shape(state.kind)))
            for transition in state.transitions {
                if let target = ids[transition.target.value] {
                    edges.append(Edge(from: id, to: target, label: transition.label))
                }
            }
        }
        return cluster
    }


    static func shape(_ kind: StateKind) -> Shape {
        switch kind {
        case .task: .task
        case .action: .action
        case .choice: .choice
        case .wait: .wait
        case .workflow: .workflow
        case .final: .final
        case .parallel, .foreach: .fork
        }
    }

    /// The state's title (Chinese kept) with its name beneath, or just the name.
    static func label(_ state: State) -> String {
        var title = state.title?.raw
        if case .final(let f) = state.kind, title == nil { title = f.outcome == .completed ? nil : f.outcome.rawValue }
        if case .action(let a) = state.kind, title == nil { title = a.uses.value }
        guard let title, title != state.name else { return state.name }
        return "\(title)\n(\(state.name))"
    }

    static func forkLabel(_ state: State) -> String {
        if case .foreach(let f) = state.kind {
            return "\(state.name): each \(f.itemName) in \(State.conditionLabel(f.items))"
        }
        return "\(state.name): parallel"
    }

    static func joinText(_ state: State) -> String {
        switch state.kind {
        case .parallel(let p): p.join.description
        case .foreach(let f): f.join.description
        default: "all"
        }
    }
}
