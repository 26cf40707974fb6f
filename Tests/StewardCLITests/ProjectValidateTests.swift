import StewardTestSupport
import Foundation
import Testing

/// `steward validate` in a project folder checks the project: its workflows against its
/// roster, and steward.yaml and the calendar files themselves.
@Suite("validate in a project folder")
struct ProjectValidateTests {
    func project(_ body: (URL) throws -> Void) throws {
        try withTemporaryDirectory { dir in
            #expect(try StewardProcess.run(["init"], in: dir).status == 0)
            try body(dir)
        }
    }

    func edit(_ file: URL, _ from: String, _ to: String) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        let edited = text.replacingOccurrences(of: from, with: to)
        try #require(edited != text, "'\(from)' is not in \(file.lastPathComponent)")
        try edited.write(to: file, atomically: true, encoding: .utf8)
    }

    @Test("a fresh project is clean")
    func clean() throws {
        try project { dir in
            let result = try StewardProcess.run(["validate"], in: dir)
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout == "")
        }
    }

    @Test("the project's roster is used without --roster: a role it lacks is an error")
    func rosterByDefault() throws {
        try project { dir in
            try edit(dir.appendingPathComponent("roster.yaml"), "  union-committee:", "  union-board:")
            let result = try StewardProcess.run(["validate"], in: dir)
            #expect(result.status == 1, "\(result)")
            #expect(result.stdout.contains("[unknown-role]"), "\(result)")
            #expect(result.stdout.contains("union-committee"), "\(result)")
        }
    }

    @Test("steward.yaml and a calendar file are checked, each finding at its place")
    func projectFiles() throws {
        try project { dir in
            try edit(dir.appendingPathComponent("steward.yaml"), "timezone: Asia/Shanghai", "timezone: Asia/Beijing")
            try "name: duty\nyears: [2026, 2025]\n".write(to: dir.appendingPathComponent("calendars/duty.yaml"),
                                                         atomically: true, encoding: .utf8)
            var result = try StewardProcess.run(["validate"], in: dir)
            #expect(result.status == 1, "\(result)")
            #expect(result.stdout.contains("steward.yaml:"), "\(result)")
            #expect(result.stdout.contains("[bad-timezone]"), "\(result)")
            try edit(dir.appendingPathComponent("steward.yaml"), "timezone: Asia/Beijing", "timezone: Asia/Shanghai")
            result = try StewardProcess.run(["validate"], in: dir)
            #expect(result.status == 1, "\(result)")
            #expect(result.stdout.contains("calendars/duty.yaml:"), "\(result)")
            // Naming files checks just them (with the project's roster), not the project files.
            let one = try StewardProcess.run(["validate", "workflows/party-building-plan.yaml"], in: dir)
            #expect(one.status == 0, "\(one)")
        }
    }
}
