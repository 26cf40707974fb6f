import StewardTestSupport
import Foundation
import StewardModel
import Testing

/// Workflow fixtures: each invalid file paired with the exact text `steward validate` prints
/// for it (`scripts/update-golden` regenerates them), and valid files that must print nothing.
///
/// Conventions (shared with scripts/update-golden): run in Tests/Fixtures/workflows with the
/// path `invalid/NAME.yaml`, `--calendars` the package's calendars folder, and
/// `--roster roster.yaml` when NAME starts with `roster-`, `--workflows valid` when it starts
/// with `workflows-`.
@Suite("workflow golden diagnostics")
struct WorkflowGoldenTests {
    static let invalidFixtures = Fixtures.files(in: "workflows/invalid")
    static let validFixtures = Fixtures.files(in: "workflows/valid")

    /// The codes of expression findings the fixtures must show at least once.
    static let expressionCodes = ["expr-syntax", "expr-unknown-name", "expr-unknown-member", "expr-unknown-function",
                                  "expr-arity", "expr-type"]

    static var folder: URL { Fixtures.root.appendingPathComponent("workflows") }

    static func arguments(_ path: String) -> [String] {
        let calendars = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("calendars")
        var arguments = ["validate", path, "--calendars", calendars.path]
        if path.split(separator: "/").last?.hasPrefix("roster-") == true { arguments += ["--roster", "roster.yaml"] }
        if path.split(separator: "/").last?.hasPrefix("workflows-") == true { arguments += ["--workflows", "valid"] }
        return arguments
    }

    static func expectedOutput(_ name: String) throws -> String {
        let out = folder.appendingPathComponent("invalid").appendingPathComponent(name.replacingOccurrences(of: ".yaml", with: ".out"))
        return try String(contentsOf: out, encoding: .utf8)
    }

    /// The first line of each finding: `invalid/NAME.yaml:LINE:COL: error: message [code]`.
    static func findingLines(_ output: String) -> [Substring] {
        output.split(separator: "\n").filter { $0.hasPrefix("invalid/") }
    }

    static func code(of line: Substring) -> String? {
        guard line.hasSuffix("]"), let open = line.lastIndex(of: "[") else { return nil }
        return String(line[line.index(after: open)..<line.index(before: line.endIndex)])
    }

    @Test("there are enough fixtures, and every invalid one has its golden output")
    func fixturesExist() {
        #expect(Self.invalidFixtures.count >= 60)
        #expect(Self.validFixtures.count >= 10)
        for name in Self.invalidFixtures {
            #expect((try? Self.expectedOutput(name)) != nil, "no .out for \(name)")
        }
    }

    @Test("validate prints exactly the golden output", arguments: invalidFixtures)
    func invalid(_ name: String) throws {
        let expected = try Self.expectedOutput(name)
        let result = try StewardProcess.run(Self.arguments("invalid/\(name)"), in: Self.folder)
        #expect(!result.crashed)
        #expect(result.stdout == expected)
        let findings = Self.findingLines(expected)
        #expect(!findings.isEmpty, "an invalid fixture must have at least one finding")
        let errors = findings.filter { $0.contains(": error: ") }.count
        let warnings = findings.filter { $0.contains(": warning: ") }.count
        #expect(result.status == (errors > 0 ? 1 : 0))
        let summary = errors == 0 && warnings == 0 ? "no problems"
            : "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
        #expect(result.stderr == "checked 1 file: \(summary)\n")
    }

    @Test("a valid workflow prints nothing and exits 0", arguments: validFixtures)
    func valid(_ name: String) throws {
        let result = try StewardProcess.run(Self.arguments("valid/\(name)"), in: Self.folder)
        #expect(result.stdout == "")
        #expect(result.status == 0)
        #expect(result.stderr == "checked 1 file: no problems\n")
    }

    @Test("the invalid fixtures together show every rule and the expression codes")
    func coverage() throws {
        var shown = Set<String>()
        for name in Self.invalidFixtures {
            for line in Self.findingLines(try Self.expectedOutput(name)) {
                if let code = Self.code(of: line) { shown.insert(code) }
            }
        }
        // Found in the roster file itself, never in a workflow: RosterTests shows it. Refused
        // handlers need a project that refuses them: PluginProjectTests shows it.
        let rosterFileOnly: Set<RuleID> = [.sharedAccount, .handlerNotAllowed]
        for rule in RuleID.allCases where !rosterFileOnly.contains(rule) {
            #expect(shown.contains(rule.rawValue), "no invalid fixture shows the rule '\(rule.rawValue)'")
        }
        for code in Self.expressionCodes {
            #expect(shown.contains(code), "no invalid fixture shows '\(code)'")
        }
    }

    @Test("a warning alone leaves the exit code 0")
    func warningOnly() throws {
        let result = try StewardProcess.run(Self.arguments("invalid/maybe-unset-value.yaml"), in: Self.folder)
        #expect(result.status == 0)
        #expect(result.stdout.contains(": warning: "))
        #expect(!result.stdout.contains(": error: "))
    }
}
