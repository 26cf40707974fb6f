import ArgumentParser
import Foundation
import StewardDiagnostics
import StewardModel
import StewardYAML

/// `steward graph FILE --format mermaid|dot`: draws a workflow.
struct Graph: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw a workflow as a Mermaid or Graphviz (DOT) diagram.",
        discussion: """
            Tasks are rounded boxes, automatic actions double boxes, choices diamonds, \
            waits hexagons, sub-workflows 3-D boxes and final states double circles; \
            parallel and foreach states are drawn as clusters. Render DOT with \
            'dot -Tsvg plan.dot > plan.svg'. The file must be valid (exit 1 otherwise).
            """
    )

    @Argument(help: "The workflow file to draw.")
    var file: String

    @Option(help: "mermaid or dot.")
    var format: GraphFormat = .mermaid

    @Flag(help: "Also who holds each task, quorum, deadlines, reminders, escalations and retries, for review.")
    var detail = false

    func run() throws {
        let source: YAMLSource
        switch YAMLSourceReading.read(file) {
        case .failure(let diagnostic):
            print(DiagnosticPrinter(format: .text).render(diagnostic, source: nil), terminator: "")
            throw ExitCode.checkFailed
        case .success(let s): source = s
        }
        // A drawing needs no step handler: the project's plug-ins are `validate`'s business.
        let validation = WorkflowValidator(context: ValidationContext(handlers: nil)).validate(source)
        guard let workflow = validation.workflow, !validation.hasErrors else {
            let text = SourceText(String(decoding: source.bytes, as: UTF8.self))
            let printer = DiagnosticPrinter(format: .text)
            StandardStreams.warn(validation.diagnostics.map { printer.render($0, source: text) }.joined())
            throw ExitCode.checkFailed
        }
        let graph = WorkflowGraph(workflow, detail: detail, roster: detail ? Self.projectRoster() : nil)
        print(format == .dot ? graph.dot : graph.mermaid, terminator: "")
    }
}

extension Graph {
    /// The roster of the project this is run in, for the titles and names `--detail` shows; nil
    /// outside a project or when the roster does not read (then ids are shown, as written).
    static func projectRoster() -> Roster? {
        guard let path = ProjectCheck()?.rosterPath, case .success(let source) = YAMLSourceReading.read(path) else { return nil }
        let (roster, findings) = RosterLoader().load(source)
        return findings.contains { $0.severity == .error } ? nil : roster
    }
}

/// The `--format` values of `graph`.
enum GraphFormat: String, ExpressibleByArgument, CaseIterable {
    case mermaid, dot
}
