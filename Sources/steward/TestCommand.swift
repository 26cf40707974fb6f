import ArgumentParser
import Foundation
import StewardDiagnostics
import StewardEngine
import StewardYAML

/// `steward test [FILE|FOLDER…]`: runs the author tests of workflows (docs/testing.md).
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run author tests (workflows/tests/*.test.yaml) on a throwaway store with a fake clock.",
        discussion: """
            A folder stands for the *.test.yaml files directly inside it; with no argument, the \
            project's workflows/tests/ folder. Each test runs on its own store in a temporary \
            folder with the project's roster, calendars and steward.yaml; nothing is written to \
            the project's store, outbox, ledger or documents. Exit code 0 when every test \
            passed, 1 when a test failed or a file is not valid (its problems are printed like \
            validate's), 3 without a project or test files, 64 for wrong usage.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, junit }

    @Argument(help: "Test files or folders (default: the project's workflows/tests/).")
    var paths: [String] = []

    @Option(help: "How to print the results: text, json or junit (JUnit XML for CI).")
    var format: Format = .text

    @Option(help: "The project file. Default: steward.yaml here or in the nearest folder above.")
    var config: String?

    func run() throws {
        var options = GlobalOptions()
        options.config = config
        let project = try Session.project(options)
        do { try project.checkSound() } catch { throw Failure.report(error) }
        let handlers = project.handlers()
        for finding in handlers.findings {
            let place = finding.location.map { ":\($0.line):\($0.column)" } ?? ""
            StandardStreams.warn("steward: warning: \(finding.file)\(place): \(finding.message) [\(finding.code)]\n")
        }
        let files = try testFiles(project)
        let runner = AuthorTestRunner(project: project, handlers: handlers.registry)
        var run = AuthorTestRun()
        var sources: [String: SourceText] = [:]
        for path in files {
            let source: YAMLSource
            do {
                source = try YAMLSource.read(path: path, limit: YAMLLimits.default.maxInputBytes)
            } catch {
                run.diagnostics.append(Diagnostic(code: error.code, file: path, location: nil, message: error.message))
                continue
            }
            sources[path] = SourceText(String(decoding: source.bytes, as: UTF8.self))
            let (file, findings) = runner.read(source)
            run.diagnostics += findings
            if let file { run.results += runner.run(file) }
        }
        switch format {
        case .text:
            let report = ValidationReport(diagnostics: run.diagnostics, sources: sources, fileCount: files.count)
            print(report.render(.text) + TestText.render(run), terminator: "")
        case .json: print(AuthorTestReport.json(run), terminator: "")
        case .junit: print(AuthorTestReport.junit(run), terminator: "")
        }
        if !run.allPassed { throw ExitCode.checkFailed }
    }

    /// The files named, folders standing for their *.test.yaml files; none found is exit 3.
    private func testFiles(_ project: Project) throws -> [String] {
        let fm = FileManager.default
        // The default folder as the user would write it: from the current folder when inside it.
        let here = fm.currentDirectoryPath.hasSuffix("/") ? fm.currentDirectoryPath : fm.currentDirectoryPath + "/"
        let folder = project.workflowsFolder.appendingPathComponent("tests").standardizedFileURL.path
        let given = paths.isEmpty ? [folder.hasPrefix(here) ? String(folder.dropFirst(here.count)) : folder] : paths
        var files: [String] = []
        for path in given {
            var isFolder: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw Failure.report(EngineError(.notFound, "there is no test file or folder '\(path)'"))
            }
            guard isFolder.boolValue else {
                files.append(path)
                continue
            }
            let names: [String]
            do { names = try fm.contentsOfDirectory(atPath: path) } catch {
                throw Failure.report(EngineError(.store, "the system failed to list the folder '\(path)': \(error.localizedDescription)"))
            }
            let prefix = path.hasSuffix("/") ? path : path + "/"
            files += names.filter { $0.hasSuffix(".test.yaml") }.sorted().map { prefix + $0 }
        }
        guard !files.isEmpty else {
            throw Failure.report(EngineError(.notFound, "no test files (*.test.yaml) in \(given.joined(separator: ", "))"))
        }
        return files
    }
}

/// The text report: a line per test, each failure with its step and a table of differences,
/// columns aligned by display width (a Chinese character takes two cells).
enum TestText {
    static func render(_ run: AuthorTestRun) -> String {
        let nameWidth = run.results.map { width($0.name) }.max() ?? 0
        var out = ""
        for result in run.results {
            let mark = switch result.status {
            case .passed: "PASS "
            case .failed: "FAIL "
            case .error: "ERROR"
            }
            out += "\(mark) \(pad(result.name, nameWidth))  \(result.file):\(result.line)\n"
            guard let failure = result.failure else { continue }
            out += "      line \(failure.line), \(failure.step): \(failure.message)\n"
            guard !failure.differences.isEmpty else { continue }
            let rows = [("", "expected", "actual")] + failure.differences.map { ($0.what, $0.expected, $0.actual) }
            let w0 = rows.map { width($0.0) }.max() ?? 0
            let w1 = rows.map { width($0.1) }.max() ?? 0
            for row in rows {
                let line = "        \(pad(row.0, w0))  \(pad(row.1, w1))  \(row.2)"
                out += line.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
            }
        }
        let invalid = Set(run.diagnostics.filter { $0.severity == .error }.map(\.file)).count
        var summary = "\(run.results.count) test\(run.results.count == 1 ? "" : "s"): \(run.passed) passed, \(run.failed) failed"
        if run.errors > 0 { summary += ", \(run.errors) could not run" }
        if invalid > 0 { summary += "; \(invalid) file\(invalid == 1 ? "" : "s") not valid" }
        return out + summary + "\n"
    }

    /// Terminal cells the text takes.
    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + SourceText.displayWidth(of: $1) }
    }

    static func pad(_ text: String, _ cells: Int) -> String {
        text + String(repeating: " ", count: max(0, cells - width(text)))
    }
}
