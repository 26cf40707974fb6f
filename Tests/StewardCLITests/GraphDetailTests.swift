import StewardTestSupport
import Foundation
import Testing

/// `steward graph --detail`: the rules a committee reviews on the picture, checked against
/// golden files (Tests/Fixtures/graph; scripts/update-golden regenerates them).
@Suite("steward graph --detail")
struct GraphDetailTests {
    static let names = ["task-features", "action-retry-catch", "choice-and-wait"]

    static func golden(_ name: String, _ ext: String) throws -> String {
        try String(contentsOf: Fixtures.root.appendingPathComponent("graph/\(name).detail.\(ext)"), encoding: .utf8)
    }

    @Test("Mermaid and DOT with --detail print exactly the golden files", arguments: names)
    func goldenOutput(_ name: String) throws {
        let folder = Fixtures.root.appendingPathComponent("workflows")
        let mermaid = try StewardProcess.run(["graph", "--detail", "valid/\(name).yaml"], in: folder)
        #expect(mermaid.status == 0, "\(mermaid)")
        #expect(mermaid.stdout == (try Self.golden(name, "mmd")))
        let dot = try StewardProcess.run(["graph", "--detail", "--format", "dot", "valid/\(name).yaml"], in: folder)
        #expect(dot.status == 0, "\(dot)")
        #expect(dot.stdout == (try Self.golden(name, "dot")))
        let (status, svg) = try GraphTests.renderSVG(dot.stdout)
        #expect(status == 0 && svg.contains("<svg"), "Graphviz refused the detailed DOT of \(name)")
    }

    @Test("the detail shows assignees, quorum, the four-eyes rule, due, reminders and escalations; without --detail none")
    func whatIsShown() throws {
        let text = try Self.golden("task-features", "mmd")
        for part in ["办理：角色 union-committee", "表决：{ approve: majority, otherwise: return }", "回避：apply",
                     "期限：5 workdays", "提醒：2 workdays before due, 1 day after due",
                     "督办：due → 通知 角色 branch-secretary", "督办：3 workdays after due → 转交 角色 branch-secretary",
                     "督办：10 days after opening → 自动 return"] {
            #expect(text.contains(part), "no '\(part)'")
        }
        let folder = Fixtures.root.appendingPathComponent("workflows")
        let plain = try StewardProcess.run(["graph", "valid/task-features.yaml"], in: folder)
        #expect(plain.status == 0 && !plain.stdout.contains("办理：") && !plain.stdout.contains("期限："), "\(plain)")
    }
}
