import Foundation
import StewardTestSupport
import Testing

/// docs/workflows.md shows each shipped workflow as `steward graph` draws it now: a change to
/// a workflow that is not drawn again (scripts/make-diagrams) fails here.
@Suite("the diagrams in docs/workflows.md")
struct WorkflowDiagramsTests {
    static var root: URL { Fixtures.root.deletingLastPathComponent().deletingLastPathComponent() }

    /// The mermaid block after each `<!-- diagram: workflows/ID.yaml -->` marker, by path.
    static func diagrams() throws -> [String: String] {
        let doc = try String(contentsOf: root.appendingPathComponent("docs/workflows.md"), encoding: .utf8)
        var found: [String: String] = [:]
        let lines = doc.components(separatedBy: "\n")
        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            guard line.hasPrefix("<!-- diagram: "), line.hasSuffix(" -->") else { continue }
            let path = String(line.dropFirst("<!-- diagram: ".count).dropLast(" -->".count))
            guard index < lines.count, lines[index] == "```mermaid" else { continue }
            var body: [String] = []
            index += 1
            while index < lines.count, lines[index] != "```" {
                body.append(lines[index])
                index += 1
            }
            found[path] = body.joined(separator: "\n") + "\n"
        }
        return found
    }

    @Test("every shipped workflow has its diagram, and each is what steward graph draws")
    func matches() throws {
        let shipped = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("workflows").path)
            .filter { $0.hasSuffix(".yaml") }.sorted().map { "workflows/\($0)" }
        #expect(shipped.count >= 6)
        let diagrams = try Self.diagrams()
        for path in shipped {
            guard let drawn = diagrams[path] else {
                Issue.record("docs/workflows.md has no '<!-- diagram: \(path) -->' section")
                continue
            }
            let graph = try StewardProcess.run(["graph", path, "--format", "mermaid"], in: Self.root)
            #expect(graph.status == 0, "\(graph.stderr)")
            let now = graph.stdout.hasSuffix("\n") ? graph.stdout : graph.stdout + "\n"
            #expect(drawn == now, "the diagram of \(path) in docs/workflows.md is out of date: run scripts/make-diagrams")
        }
    }
}
