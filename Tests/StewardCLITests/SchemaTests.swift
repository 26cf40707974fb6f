import StewardTestSupport
import Foundation
import Testing

/// `steward schema` checked by an independent validator (Python's jsonschema, through
/// scripts/check-schema.py): every shipped workflow and valid fixture passes it, and the
/// invalid fixtures whose mistake is one of structure fail it.
@Suite("steward schema")
struct SchemaTests {
    static var repository: URL { Fixtures.root.deletingLastPathComponent().deletingLastPathComponent() }

    /// Invalid fixtures whose mistake is the file's structure (a key, a type, an enum), not a
    /// name, an expression or the roster: the schema alone must catch each.
    static let structural = [
        "unknown-key-top", "unknown-key-state", "unknown-key-action", "unknown-key-field", "missing-key-top",
        "missing-key-type", "missing-key-assignee", "missing-key-start", "missing-key-enum-values",
        "wrong-type-states-list", "wrong-type-next-list", "wrong-type-boolean-yes",
        "wrong-type-version-quoted", "wrong-type-form-required", "bad-value-outcome", "unknown-state-type",
        "unknown-state-type-chinese", "bad-value-retry-max", "language-version-2", "bad-id-workflow",
        "bad-value-join-zero", "bad-value-role-and-person", "bad-value-field-type",
    ]

    /// `check-schema.py SCHEMA FILES…`: its result per file, keyed by path.
    static func check(_ kind: String, _ files: [String]) throws -> [String: String] {
        var results: [String: String] = [:]
        try withTemporaryDirectory { dir in
            let printed = try StewardProcess.run(["schema", kind])
            #expect(printed.status == 0, "\(printed)")
            let schema = dir.appendingPathComponent("\(kind).json")
            try Data(printed.stdout.utf8).write(to: schema)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", repository.appendingPathComponent("scripts/check-schema.py").path, schema.path] + files
            let output = Pipe()
            let errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            // Exit 3: python3 lacks jsonschema; a failure that says so, never a pass.
            #expect(process.terminationStatus == 0, "scripts/check-schema.py failed (run scripts/setup): \(problem)")
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ", maxSplits: 1)
                guard words.count == 2 else { continue }
                let rest = String(words[1])
                let path = words[0] == "ok" ? rest : String(rest.prefix { $0 != ":" })
                results[path] = String(line)
            }
        }
        return results
    }

    @Test("every shipped workflow and every valid fixture passes the workflow schema")
    func validWorkflowsPass() throws {
        let shipped = try FileManager.default.contentsOfDirectory(atPath: Self.repository.appendingPathComponent("workflows").path)
            .filter { $0.hasSuffix(".yaml") }.map { Self.repository.appendingPathComponent("workflows/\($0)").path }
        let valid = Fixtures.files(in: "workflows/valid").map { Fixtures.root.appendingPathComponent("workflows/valid/\($0)").path }
        #expect(!shipped.isEmpty && valid.count >= 10)
        let results = try Self.check("workflow", shipped + valid)
        for file in shipped + valid {
            #expect(results[file] == "ok \(file)", "\(results[file] ?? "no result for \(file)")")
        }
    }

    @Test("the structural invalid fixtures fail the workflow schema")
    func structuralFail() throws {
        let files = Self.structural.map { Fixtures.root.appendingPathComponent("workflows/invalid/\($0).yaml").path }
        let results = try Self.check("workflow", files)
        for file in files {
            #expect(results[file]?.hasPrefix("invalid \(file): ") == true, "\(results[file] ?? "no result for \(file)")")
        }
    }

    @Test("the roster and steward.yaml that init writes, and the fixtures' roster, pass their schemas; a typo fails")
    func rosterAndProject() throws {
        try withTemporaryDirectory { dir in
            #expect(try StewardProcess.run(["init"], in: dir).status == 0)
            let roster = dir.appendingPathComponent("roster.yaml").path
            let fixture = Fixtures.root.appendingPathComponent("workflows/roster.yaml").path
            let typo = dir.appendingPathComponent("typo.yaml")
            try Data("people:\n  li.ming: { nmae: 李明 }\n".utf8).write(to: typo)
            let rosters = try Self.check("roster", [roster, fixture, typo.path])
            #expect(rosters[roster] == "ok \(roster)")
            #expect(rosters[fixture] == "ok \(fixture)")
            #expect(rosters[typo.path]?.contains("nmae") == true, "\(rosters)")
            let project = dir.appendingPathComponent("steward.yaml").path
            let wrong = dir.appendingPathComponent("wrong.yaml")
            try Data("clock: manul\n".utf8).write(to: wrong)
            let projects = try Self.check("project", [project, wrong.path])
            #expect(projects[project] == "ok \(project)")
            #expect(projects[wrong.path]?.hasPrefix("invalid") == true, "\(projects)")
        }
    }

    @Test("init writes the schemas and names them on the first line of the files an editor checks")
    func initModeline() throws {
        try withTemporaryDirectory { dir in
            #expect(try StewardProcess.run(["init"], in: dir).status == 0)
            for (file, line) in [("steward.yaml", "# yaml-language-server: $schema=.steward/schema/project.json"),
                                 ("roster.yaml", "# yaml-language-server: $schema=.steward/schema/roster.json"),
                                 ("workflows/party-building-plan.yaml",
                                  "# yaml-language-server: $schema=../.steward/schema/workflow.json")] {
                let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
                #expect(text.hasPrefix(line + "\n"), "\(file) starts: \(text.prefix(80))")
            }
            for kind in ["workflow", "roster", "project"] {
                let written = try String(contentsOf: dir.appendingPathComponent(".steward/schema/\(kind).json"), encoding: .utf8)
                #expect(written == (try StewardProcess.run(["schema", kind])).stdout)
            }
            // The project still validates with the modelines in place.
            #expect(try StewardProcess.run(["validate"], in: dir).status == 0)
        }
    }

    @Test("an unknown kind is wrong usage, with the one meant")
    func unknownKind() throws {
        let result = try StewardProcess.run(["schema", "rooster"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("did you mean 'roster'?"), "\(result.stderr)")
    }
}
