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
                let want = try Data(contentsOf: templates.appendingPathComponent(template))
                #expect(got == want, "\(written) differs from Templates/\(template): run scripts/make-templates")
            }
        }
    }
}
