import StewardTestSupport
import Foundation
import Testing

/// `steward init` writes the templates compiled into the binary; they must be the files in
/// Sources/steward/Templates (run scripts/make-templates after editing those).
@Suite("init templates")
struct InitTemplatesTests {
    @Test("the workflow, the calendar and the document template init writes are byte for byte the template files")
    func sameAsTemplates() throws {
        let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/steward/Templates")
        try withTemporaryDirectory { dir in
            let made = try StewardProcess.run(["init"], in: dir)
            #expect(made.status == 0, "\(made)")
            for (written, template) in [("workflows/party-building-plan.yaml", "party-building-plan.yaml"),
                                        ("calendars/cn-workdays.yaml", "cn-workdays.yaml"),
                                        ("templates/plan.md", "plan.md")] {
                let got = try Data(contentsOf: dir.appendingPathComponent(written))
                var want = try Data(contentsOf: templates.appendingPathComponent(template))
                // A workflow starts with the line that names its schema for editors.
                if written.hasPrefix("workflows/") {
                    want = Data("# yaml-language-server: $schema=../.steward/schema/workflow.json\n".utf8) + want
                }
                #expect(got == want, "\(written) differs from Templates/\(template): run scripts/make-templates")
            }
        }
    }
}
