import Foundation
import StewardDiagnostics
import StewardTestSupport
import Testing

/// `steward test`: the shipped workflows' author tests, the output formats and exit codes,
/// and that neither a test run nor a run on another store writes the project's files.
@Suite("steward test")
struct AuthorTestCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A project as `steward init` makes it, with its tests folder emptied for a test's own files.
    static func project(in dir: URL) throws {
        #expect(try StewardProcess.run(["init"], in: dir).status == 0)
        let tests = dir.appendingPathComponent("workflows/tests")
        try FileManager.default.removeItem(at: tests)
        try FileManager.default.createDirectory(at: tests, withIntermediateDirectories: true)
    }

    /// Every file below `dir` with its bytes.
    static func snapshot(_ dir: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let walker = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = walker?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            files[String(url.path.dropFirst(dir.path.count))] = try Data(contentsOf: url)
        }
        return files
    }

    @Test("every shipped workflow's author tests pass in a project init made, which stays byte for byte as it was")
    func shipped() throws {
        try withTemporaryDirectory { dir in
            #expect(try StewardProcess.run(["init"], in: dir).status == 0)
            // init writes every shipped workflow's author tests beside it.
            let shipped = try FileManager.default.contentsOfDirectory(atPath: Self.repository.appendingPathComponent("workflows/tests").path)
                .filter { $0.hasSuffix(".test.yaml") }
            #expect(shipped.count >= 6)
            for name in shipped { #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("workflows/tests/\(name)").path)) }
            let before = try Self.snapshot(dir)
            let result = try StewardProcess.run(["test"], in: dir)
            #expect(result.status == 0, "\(result)")
            let passed = result.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("PASS ") }
            #expect(passed.count >= 24 && passed.count == result.stdout.components(separatedBy: "\n").count - 2, "\(result)")
            #expect(result.stdout.contains("起草人不得审议（四眼原则）"), "\(result)")
            #expect(result.stdout.hasSuffix("passed, 0 failed\n"), "\(result)")
            #expect(try Self.snapshot(dir) == before)
        }
    }

    static let failing = """
        workflow: party-building-plan
        tests:
          - name: 通过
            inputs: { year: 2026 }
            expect: { state: draft }
          - name: 期望审议
            inputs: { year: 2026 }
            steps:
              - expect: { state: review, tasks: [ { task: review } ], vars: { 结论: 同意 } }

        """

    @Test("a failure: exit 1, the step and its line, a difference table aligned by display width")
    func failureText() throws {
        try withTemporaryDirectory { dir in
            try Self.project(in: dir)
            try Self.failing.write(to: dir.appendingPathComponent("workflows/tests/a.test.yaml"), atomically: true, encoding: .utf8)
            let result = try StewardProcess.run(["test"], in: dir)
            #expect(result.status == 1, "\(result)")
            let lines = result.stdout.components(separatedBy: "\n")
            #expect(lines[0] == "PASS  通过      workflows/tests/a.test.yaml:3", "\(result)")
            #expect(lines[1] == "FAIL  期望审议  workflows/tests/a.test.yaml:6", "\(result)")
            #expect(lines[2] == "      line 9, step 1 (expect): 4 expectations not met", "\(result)")
            #expect(lines[3] == "                     expected    actual", "\(result)")
            #expect(lines[4] == "        state        review      draft", "\(result)")
            #expect(lines[5] == "        task review  review      (not open)", "\(result)")
            #expect(lines[6] == "        task draft   (not open)  draft → li.ming, due 2026-03-16 09:00", "\(result)")
            #expect(lines[7] == "        vars.结论    \"同意\"      (not set)", "\(result)")
            #expect(result.stdout.hasSuffix("2 tests: 1 passed, 1 failed\n"), "\(result)")
        }
    }

    @Test("--format json and --format junit (well-formed XML that a CI tool reads)")
    func formats() throws {
        try withTemporaryDirectory { dir in
            try Self.project(in: dir)
            try Self.failing.write(to: dir.appendingPathComponent("workflows/tests/a.test.yaml"), atomically: true, encoding: .utf8)
            let json = try StewardProcess.run(["test", "--format", "json"], in: dir)
            #expect(json.status == 1)
            let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
            let summary = object?["summary"] as? [String: Int]
            #expect(summary?["passed"] == 1 && summary?["failed"] == 1, "\(json)")
            let junit = try StewardProcess.run(["test", "--format", "junit"], in: dir)
            #expect(junit.status == 1)
            let file = dir.appendingPathComponent("report.xml")
            try junit.stdout.write(to: file, atomically: true, encoding: .utf8)
            let script = """
                import sys, xml.etree.ElementTree as E
                root = E.parse(sys.argv[1]).getroot()
                cases = root.iter('testcase')
                print(root.get('tests'), root.get('failures'), [c.get('name') for c in cases])
                """
            let parsed = try StewardProcess.Running(["python3", "-c", script, file.path], in: dir, environment: [:],
                                                    executable: URL(fileURLWithPath: "/usr/bin/env")).wait()
            #expect(parsed.stdout == "2 1 ['通过', '期望审议']\n", "\(parsed)")
        }
    }

    @Test("an invalid test file: its findings as validate prints them, exit 1; no project or no tests: exit 3")
    func invalid() throws {
        try withTemporaryDirectory { dir in
            #expect(try StewardProcess.run(["test"], in: dir).status == 3)
            try Self.project(in: dir)
            #expect(try StewardProcess.run(["test"], in: dir).status == 3)
            let text = "workflow: party-building-plan\ntests:\n  - name: 坏\n    stpes: []\n"
            try text.write(to: dir.appendingPathComponent("workflows/tests/bad.test.yaml"), atomically: true, encoding: .utf8)
            let result = try StewardProcess.run(["test", "workflows/tests/bad.test.yaml"], in: dir)
            #expect(result.status == 1, "\(result)")
            #expect(result.stdout.hasPrefix("workflows/tests/bad.test.yaml:4:5: error: unknown key 'stpes' in a test [unknown-key]"),
                    "\(result)")
            #expect(result.stdout.contains("help: did you mean 'steps'?"), "\(result)")
            #expect(result.stdout.hasSuffix("0 tests: 0 passed, 0 failed; 1 file not valid\n"), "\(result)")
        }
    }

    @Test("--store on another file writes its outbox beside that store, not the project's")
    func storeBeside() throws {
        try withTemporaryDirectory { dir in
            try Self.project(in: dir)
            let scratch = dir.appendingPathComponent("scratch/try.db")
            try FileManager.default.createDirectory(at: scratch.deletingLastPathComponent(), withIntermediateDirectories: true)
            let start = try StewardProcess.run(["start", "party-building-plan", "--as", "li.ming", "--input", "year=2026",
                                                "--store", scratch.path], in: dir)
            #expect(start.status == 0, "\(start)")
            let beside = try FileManager.default.contentsOfDirectory(atPath: scratch.path + ".files/outbox")
            #expect(!beside.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("outbox").path))
            // The project's own store, named as such, still writes the project's outbox.
            let own = try StewardProcess.run(["start", "party-building-plan", "--as", "li.ming", "--input", "year=2026",
                                              "--store", dir.appendingPathComponent(".steward/steward.db").path], in: dir)
            #expect(own.status == 0, "\(own)")
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("outbox").path))
        }
    }
}
