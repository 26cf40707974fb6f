import StewardTestSupport
import Foundation
import Testing

/// `steward init` writes the shipped files compiled into the binary; they must be the
/// repository's own workflows/, templates/ and calendars/cn-workdays.yaml, the one copy
/// (run scripts/make-templates after editing those).
@Suite("init templates")
struct InitTemplatesTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The project paths of the shipped files, as scripts/make-templates picks them.
    static func shipped() throws -> [String] {
        let fm = FileManager.default
        let workflows = try fm.contentsOfDirectory(atPath: repository.appendingPathComponent("workflows").path)
            .filter { $0.hasSuffix(".yaml") }.map { "workflows/" + $0 }
        let tests = try fm.contentsOfDirectory(atPath: repository.appendingPathComponent("workflows/tests").path)
            .filter { $0.hasSuffix(".test.yaml") }.map { "workflows/tests/" + $0 }
        let templatesFolder = repository.appendingPathComponent("templates")
        let templates = (fm.enumerator(atPath: templatesFolder.path)?.allObjects as? [String] ?? [])
            .filter { !isFolder(templatesFolder.appendingPathComponent($0)) }.map { "templates/" + $0 }
        return workflows + tests + templates + ["calendars/cn-workdays.yaml"]
    }

    static func isFolder(_ url: URL) -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &folder) && folder.boolValue
    }

    @Test("init writes every shipped workflow, template and the calendar, byte for byte, and nothing else")
    func sameAsShipped() throws {
        let shipped = try Self.shipped()
        #expect(shipped.contains("workflows/volunteer-service.yaml"))
        #expect(shipped.contains("templates/cadre-certificate.md"))
        try withTemporaryDirectory { dir in
            let made = try StewardProcess.run(["init"], in: dir)
            #expect(made.status == 0, "\(made)")
            for path in shipped {
                let got = try Data(contentsOf: dir.appendingPathComponent(path))
                var want = try Data(contentsOf: Self.repository.appendingPathComponent(path))
                // A workflow starts with the line that names its schema for editors.
                if path.hasPrefix("workflows/"), !path.hasPrefix("workflows/tests/") {
                    want = Data("# yaml-language-server: $schema=../.steward/schema/workflow.json\n".utf8) + want
                }
                #expect(got == want, "\(path) differs from the repository's: run scripts/make-templates")
            }
            let written = (FileManager.default.enumerator(atPath: dir.path)?.allObjects as? [String] ?? [])
                .filter { !Self.isFolder(dir.appendingPathComponent($0)) }
            let schemas = [".steward/schema/workflow.json", ".steward/schema/roster.json", ".steward/schema/project.json"]
            #expect(Set(written) == Set(shipped + ["steward.yaml", "roster.yaml"] + schemas), "\(written.sorted())")
        }
    }

    @Test("the roster init writes has every role the shipped workflows use, and they validate against it with no finding")
    func rosterCoversTheWorkflows() throws {
        try withTemporaryDirectory { dir in
            #expect(try StewardProcess.run(["init"], in: dir).status == 0)
            let roster = try String(contentsOf: dir.appendingPathComponent("roster.yaml"), encoding: .utf8)
            for role in ["union-office", "union-committee", "branch-secretary", "members", "assessment-group",
                         "cadres", "delegates"] {
                #expect(roster.contains("\n  \(role):"), "roster.yaml lacks the role \(role)")
            }
            let checked = try StewardProcess.run(["validate"], in: dir)
            #expect(checked.status == 0, "\(checked)")
            #expect(!checked.stdout.contains("warning") && !checked.stderr.contains("warning"), "\(checked)")
            #expect(!checked.stdout.contains("error") && !checked.stderr.contains("error"), "\(checked)")
        }
    }
}
