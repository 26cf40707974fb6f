import Foundation

extension WorkflowGraph {
    /// Graphviz DOT text; `dot -Tsvg` draws it.
    public var dot: String {
        var out = "digraph workflow {\n"
        out += "  graph [label=\(Self.dotQuote(title)), labelloc=t, fontname=\"Noto Sans CJK SC,sans-serif\"];\n"
        out += "  node [fontname=\"Noto Sans CJK SC,sans-serif\"];\n  edge [fontname=\"Noto Sans CJK SC,sans-serif\", fontsize=10];\n"
        out += dotBody(root, indent: "  ")
        for edge in edges {
            let label = edge.label.map { " [label=\(Self.dotQuote($0))]" } ?? ""
            out += "  \(edge.from) -> \(edge.to)\(label);\n"
        }
        return out + "}\n"
    }

    private func dotBody(_ cluster: Cluster, indent: String) -> String {
        var out = ""
        for node in cluster.nodes {
            out += "\(indent)\(node.id) [label=\(Self.dotQuote(node.label)), \(Self.dotShape(node.shape))];\n"
        }
        for inner in cluster.clusters {
            out += "\(indent)subgraph cluster_\(inner.id) {\n"
            out += "\(indent)  label=\(Self.dotQuote(inner.label)); style=rounded;\n"
            out += dotBody(inner, indent: indent + "  ")
            out += "\(indent)}\n"
        }
        return out
    }

    static func dotShape(_ shape: Shape) -> String {
        switch shape {
        case .start: "shape=circle, label=\"\", width=0.2, style=filled, fillcolor=black"
        case .task: "shape=box, style=rounded"
        case .action: "shape=box, peripheries=2"
        case .choice: "shape=diamond"
        case .wait: "shape=hexagon"
        case .workflow: "shape=box3d"
        case .final: "shape=doublecircle"
        case .fork, .join: "shape=box, style=\"filled,bold\", fillcolor=lightgrey"
        }
    }

    static func dotQuote(_ text: String) -> String {
        var out = "\""
        for c in text {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out + "\""
    }

    /// Mermaid flowchart text, for Markdown pages that render Mermaid.
    public var mermaid: String {
        var out = "---\ntitle: \(Self.mermaidText(title))\n---\nflowchart TD\n"
        out += mermaidBody(root, indent: "  ")
        for edge in edges {
            if let label = edge.label {
                out += "  \(edge.from) -->|\"\(Self.mermaidText(label))\"| \(edge.to)\n"
            } else {
                out += "  \(edge.from) --> \(edge.to)\n"
            }
        }
        return out
    }

    private func mermaidBody(_ cluster: Cluster, indent: String) -> String {
        var out = ""
        for node in cluster.nodes {
            let text = "\"" + Self.mermaidText(node.label) + "\""
            out += indent + node.id + Self.mermaidShape(node.shape, text) + "\n"
        }
        for inner in cluster.clusters {
            out += "\(indent)subgraph \(inner.id) [\"\(Self.mermaidText(inner.label))\"]\n"
            out += mermaidBody(inner, indent: indent + "  ")
            out += "\(indent)end\n"
        }
        return out
    }

    static func mermaidShape(_ shape: Shape, _ text: String) -> String {
        switch shape {
        case .start: "((\" \"))"
        case .task: "(\(text))"
        case .action: "[[\(text)]]"
        case .choice: "{\(text)}"
        case .wait: "{{\(text)}}"
        case .workflow: "[/\(text)/]"
        case .final: "(((\(text))))"
        case .fork, .join: "[\(text)]"
        }
    }

    /// Mermaid labels: quotes become an entity, new lines a `<br/>`.
    static func mermaidText(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "#quot;").replacingOccurrences(of: "\n", with: "<br/>")
    }
}
