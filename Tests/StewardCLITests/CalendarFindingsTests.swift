import StewardTestSupport
import Foundation
import Testing

/// A calendar that cannot be used is reported at the line of the entry at fault, in the
/// calendar file, not at the file's first line. Each fixture Tests/Fixtures/calendars/NAME/
/// office.yaml is put into a fresh project as calendars/office.yaml; `steward validate`
/// prints exactly Tests/Fixtures/calendars/NAME.out (scripts/update-golden writes it).
@Suite("calendar findings")
struct CalendarFindingsTests {
    static let names = ["outside-years", "workday-not-on-weekend"]

    @Test("validate reports a calendar's mistake at its own line", arguments: names)
    func atItsLine(_ name: String) throws {
        let folder = Fixtures.root.appendingPathComponent("calendars")
        let expected = try String(contentsOf: folder.appendingPathComponent("\(name).out"), encoding: .utf8)
        try withTemporaryDirectory { dir in
            #expect(try StewardProcess.run(["init"], in: dir).status == 0)
            try Data(contentsOf: folder.appendingPathComponent("\(name)/office.yaml"))
                .write(to: dir.appendingPathComponent("calendars/office.yaml"))
            let result = try StewardProcess.run(["validate"], in: dir)
            #expect(result.status == 1)
            #expect(result.stdout == expected)
            #expect(!result.stdout.contains("office.yaml:1:1:"), "reported at the file's start: \(result.stdout)")
        }
    }
}
