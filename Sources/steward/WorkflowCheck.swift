import Foundation
import StewardDiagnostics
import StewardModel
import StewardPlugins
import StewardYAML

/// Checks workflow files with the language's validator, given an optional roster and calendars.
struct WorkflowCheck {
    var validator: WorkflowValidator
    /// Findings about the roster file itself.
    var rosterFindings: [Diagnostic] = []
    var rosterText: SourceText?

    /// Reads the roster (if any) and lists the calendars folder (if it exists). `handlers`:
    /// the project's (nil outside a project: the built-ins and `shell`).
    init(rosterPath: String?, calendarsPath: String?, workflows: [String: [FieldSpec]]? = nil,
         handlers: ProjectHandlers? = nil) {
        var context = ValidationContext(handlers: handlers?.registry ?? ProjectHandlers.standalone,
                                        workflows: workflows.map { Set($0.keys) })
        context.refusedHandlers = handlers?.refused ?? [:]
        context.workflowInputs = workflows ?? [:]
        if let rosterPath {
            switch YAMLSourceReading.read(rosterPath) {
            case .failure(let diagnostic):
                rosterFindings = [diagnostic]
            case .success(let source):
                rosterText = SourceText(String(decoding: source.bytes, as: UTF8.self))
                let (roster, findings) = RosterLoader().load(source)
                rosterFindings = findings
                context.roster = roster
            }
        }
        if let calendarsPath, let names = try? FileManager.default.contentsOfDirectory(atPath: calendarsPath) {
            context.calendars = Set(names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) })
        }
        validator = WorkflowValidator(context: context)
    }

    /// The ids of the workflows in `paths` that read well enough to have one, with their inputs.
    static func workflowInputs(in paths: [String]) -> [String: [FieldSpec]] {
        var workflows: [String: [FieldSpec]] = [:]
        for path in paths {
            guard case .success(let source) = YAMLSourceReading.read(path),
                  let workflow = WorkflowValidator().validate(source).workflow else { continue }
            workflows[workflow.id.value] = workflow.inputs
        }
        return workflows
    }

    func check(path: String) -> ([Diagnostic], SourceText?) {
        switch YAMLSourceReading.read(path, limit: validator.limits.maxInputBytes) {
        case .failure(let diagnostic):
            return ([diagnostic], nil)
        case .success(let source):
            let text = SourceText(String(decoding: source.bytes, as: UTF8.self))
            return (validator.validate(source).diagnostics, text)
        }
    }
}

/// Reads a file named on the command line, turning failures into a diagnostic.
enum YAMLSourceReading {
    static func read(_ path: String, limit: Int = YAMLLimits.default.maxInputBytes) -> Result<YAMLSource, Diagnostic> {
        do {
            return .success(try YAMLSource.read(path: path, limit: limit))
        } catch {
            return .failure(Diagnostic(code: error.code, file: path, location: nil, message: error.message))
        }
    }
}

extension Diagnostic: Error {}
