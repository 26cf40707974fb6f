import ArgumentParser
import Foundation
import StewardDiagnostics
import StewardYAML

/// `steward validate [FILE|DIR…]`: checks workflow files and prints every finding.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check workflow files and print every problem with its file, line and column.",
        discussion: """
            A folder stands for the .yaml and .yml files directly inside it. With no \
            argument, the workflows/ folder is checked. A `workflow` state must start a \
            workflow found in the workflows folder (--workflows, or workflows/ when it \
            exists) or among the files checked. In the folder of a project (where \
            steward.yaml is), the roster it names is used unless --roster is given, steps are \
            checked against the project's plug-in manifests (read, never run), and with no \
            argument steward.yaml, the calendar files and the manifests are checked too. Exit code 0 \
            when every file is valid, 1 when any file has an error (or cannot be read), 64 \
            for wrong usage.
            """
    )

    @Argument(help: "Workflow files or folders (default: workflows/).")
    var paths: [String] = []

    @Option(help: "How to print findings: text, json or github.")
    var format: OutputFormat = .text

    @Option(help: "A roster file: roles and people named in workflows must be in it.")
    var roster: String?

    @Option(help: "The folder of working-day calendars (default: calendars/ when it exists).")
    var calendars: String?

    @Option(help: "The folder of the project's workflows, which `workflow` states may start (default: workflows/ when it exists).")
    var workflows: String?

    func run() throws {
        let files = WorkflowFiles.expand(paths.isEmpty ? ["workflows"] : paths)
        // A folder named on the command line must be one: a typo would silently turn a check off.
        let folderProblems = [("--calendars", calendars), ("--workflows", workflows)].compactMap { option, path in
            path.flatMap { WorkflowFiles.missingFolder($0, option: option) }
        }
        let calendarsFolder = calendars ?? (FileManager.default.fileExists(atPath: "calendars") ? "calendars" : nil)
        let workflowsFolder = workflows ?? (FileManager.default.fileExists(atPath: "workflows") ? "workflows" : nil)
        // Child workflows are checked only when there is a folder of them to check against.
        let known = workflowsFolder.map { folder in
            WorkflowCheck.workflowInputs(in: WorkflowFiles.expand([folder]).files + files.files)
        }
        // In a project folder, `steward validate` alone answers "is my project right?".
        let project = ProjectCheck()
        let rosterPath = roster ?? project?.rosterPath
        let checker = WorkflowCheck(rosterPath: rosterPath, calendarsPath: calendarsFolder, workflows: known,
                                    handlers: project?.handlers)
        var all = checker.rosterFindings + folderProblems
        var sources: [String: SourceText] = [:]
        if paths.isEmpty, let project {
            all += project.findings
            sources.merge(project.sources) { first, _ in first }
        }
        if let rosterPath, let text = checker.rosterText { sources[rosterPath] = text }
        for file in files.files {
            let (diagnostics, text) = checker.check(path: file)
            all.append(contentsOf: diagnostics)
            sources[file] = text
        }
        all.append(contentsOf: files.problems)
        let report = ValidationReport(diagnostics: all, sources: sources, fileCount: files.files.count)
        print(report.render(format.diagnosticFormat), terminator: "")
        if format == .text { StandardStreams.warn(report.summary) }
        if report.hasErrors { throw ExitCode.checkFailed }
    }
}

/// The `--format` values.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, github

    var diagnosticFormat: DiagnosticFormat {
        switch self {
        case .text: .text
        case .json: .json
        case .github: .github
        }
    }
}
