import StewardTestSupport
import Foundation
import Testing

/// Where the golden fixtures live: Tests/Fixtures in the package.
enum Fixtures {
    static var root: URL {
        if let root = ProcessInfo.processInfo.environment["STEWARD_ROOT"] {
            return URL(fileURLWithPath: root).appendingPathComponent("Tests/Fixtures")
        }
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { break }
            url.deleteLastPathComponent()
        }
        return url.appendingPathComponent("Tests/Fixtures")
    }

    /// The `.yaml` files of a fixture folder, by name.
    static func files(in folder: String) -> [String] {
        let dir = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }
}

/// Each fixture file paired with the exact text `steward validate` must print for it.
@Suite("golden diagnostics")
struct GoldenDiagnosticsTests {
    static let yamlFixtures = Fixtures.files(in: "yaml")

    @Test("the fixture folder is found")
    func fixturesExist() {
        #expect(Self.yamlFixtures.count >= 12)
    }

    @Test("validate prints exactly the golden output", arguments: yamlFixtures)
    func golden(_ name: String) throws {
        let dir = Fixtures.root.appendingPathComponent("yaml")
        let expected = try String(contentsOf: dir.appendingPathComponent(name.replacingOccurrences(of: ".yaml", with: ".out")), encoding: .utf8)
        let result = try StewardProcess.run(["validate", name], in: dir)
        #expect(result.stdout == expected)
        #expect(result.status == 1)
        #expect(result.stderr == "checked 1 file: 1 error, 0 warnings\n")
    }

    @Test("--format json prints the same findings as JSON")
    func json() throws {
        let dir = Fixtures.root.appendingPathComponent("yaml")
        let result = try StewardProcess.run(["validate", "--format", "json", "duplicate-key.yaml", "empty.yaml"], in: dir)
        #expect(result.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let list = try #require(object?["diagnostics"] as? [[String: Any]])
        #expect(list.count == 2)
        #expect(list[0]["code"] as? String == "yaml-duplicate-key")
        #expect(list[0]["line"] as? Int == 4)
        #expect(list[0]["column"] as? Int == 1)
        #expect(list[0]["file"] as? String == "duplicate-key.yaml")
        #expect(list[1]["code"] as? String == "yaml-empty")
        #expect(list[1]["line"] == nil)
    }

    @Test("--format github prints workflow-command annotations")
    func github() throws {
        let dir = Fixtures.root.appendingPathComponent("yaml")
        let result = try StewardProcess.run(["validate", "--format", "github", "tab-indent.yaml"], in: dir)
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("::error file=tab-indent.yaml,line=5,col=1,title=yaml-syntax::a tab cannot indent YAML; use spaces%0Anote: libyaml: "))
    }

    @Test("a valid file prints nothing and exits 0")
    func valid() throws {
        try withTemporaryDirectory { dir in
            try Data("""
                steward: 1
                id: plan
                title: 年度党建工作规划
                start: draft
                states:
                  draft:
                    type: task
                    assignee: { role: union-office }
                    actions: { submit: done }
                  done: { type: final }

                """.utf8).write(to: dir.appendingPathComponent("plan.yaml"))
            let result = try StewardProcess.run(["validate", "plan.yaml"], in: dir)
            #expect(result.status == 0)
            #expect(result.stdout == "")
            #expect(result.stderr == "checked 1 file: no problems\n")
        }
    }
}
