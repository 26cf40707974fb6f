import StewardTestSupport
import Foundation
import Testing

/// `steward graph` draws every shipped workflow, and Graphviz accepts the DOT it prints.
@Suite("steward graph")
struct GraphTests {
    static var workflows: [String] {
        let root = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()
        let shipped = ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("workflows").path)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted().map { root.appendingPathComponent("workflows/\($0)").path }
        let valid = Fixtures.files(in: "workflows/valid").map {
            Fixtures.root.appendingPathComponent("workflows/valid/\($0)").path
        }
        return shipped + valid
    }

    /// Runs Graphviz on DOT text; returns its exit status and output.
    static func renderSVG(_ dot: String) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["dot", "-Tsvg"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        input.fileHandleForWriting.write(Data(dot.utf8))
        try input.fileHandleForWriting.close()
        let svg = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: svg, as: UTF8.self))
    }

    @Test("there are workflows to draw")
    func found() {
        #expect(!Self.workflows.isEmpty)
    }

    @Test("the DOT output renders to SVG with Graphviz", arguments: workflows)
    func dotRenders(_ path: String) throws {
        let result = try StewardProcess.run(["graph", path, "--format", "dot"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("digraph workflow {"))
        let (status, svg) = try Self.renderSVG(result.stdout)
        #expect(status == 0, "dot -Tsvg failed for \(path)")
        #expect(svg.contains("<svg"))
    }

    @Test("the Mermaid output declares every node it links", arguments: workflows)
    func mermaidIsConsistent(_ path: String) throws {
        let result = try StewardProcess.run(["graph", path])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("flowchart TD"))
        var declared = Set<String>()
        var linked = Set<String>()
        for line in lines.map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line.contains("-->") {
                let parts = line.components(separatedBy: " ")
                linked.insert(parts[0])
                if let last = parts.last { linked.insert(last) }
            } else if let first = line.first, first == "s", let id = line.split(whereSeparator: { "([{".contains($0) }).first {
                declared.insert(String(id))
            }
        }
        #expect(!declared.isEmpty)
        #expect(linked.isSubset(of: declared), "undeclared: \(linked.subtracting(declared))")
    }

    @Test("shapes, labels and Chinese titles are kept")
    func shapesAndTitles() throws {
        let root = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()
        let plan = root.appendingPathComponent("workflows/party-building-plan.yaml").path
        let dot = try StewardProcess.run(["graph", plan, "--format", "dot"]).stdout
        #expect(dot.contains("label=\"年度党建工作规划\""))
        #expect(dot.contains("[label=\"起草规划\\n(draft)\", shape=box, style=rounded]"))
        #expect(dot.contains("[label=\"assess\", shape=diamond]"))
        #expect(dot.contains("shape=doublecircle"))
        #expect(dot.contains("subgraph cluster_"))
        #expect(dot.contains("[label=\"reject\"]"))
        let mermaid = try StewardProcess.run(["graph", plan, "--format", "mermaid"]).stdout
        #expect(mermaid.hasPrefix("---\ntitle: 年度党建工作规划\n---\nflowchart TD\n"))
        #expect(mermaid.contains("{\"assess\"}"))
        #expect(mermaid.contains("-->|\"approve\"|"))
    }

    @Test("an invalid workflow is not drawn")
    func invalidIsRefused() throws {
        try withTemporaryDirectory { dir in
            let file = dir.appendingPathComponent("bad.yaml")
            try Data("steward: 1\nid: x\nstart: a\nstates: {}\n".utf8).write(to: file)
            let result = try StewardProcess.run(["graph", file.path])
            #expect(result.status == 1)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains("error:"))
        }
    }

    @Test("in a project, --detail names roles and people as the roster does, with their ids")
    func detailWithRoster() throws {
        try withTemporaryDirectory { dir in
            #expect(try StewardProcess.run(["init"], in: dir).status == 0)
            let drawn = try StewardProcess.run(["graph", "workflows/party-building-plan.yaml", "--detail"], in: dir)
            #expect(drawn.status == 0, "\(drawn)")
            #expect(drawn.stdout.contains("办理：角色 工会委员会 (union-committee)"), "\(drawn.stdout)")
            #expect(drawn.stdout.contains("督办：due → 转交 角色 支部书记 (branch-secretary)"), "\(drawn.stdout)")
            // Without --detail nothing of the roster is drawn.
            #expect(!(try StewardProcess.run(["graph", "workflows/party-building-plan.yaml"], in: dir)).stdout.contains("工会委员会 ("))
        }
    }
}
