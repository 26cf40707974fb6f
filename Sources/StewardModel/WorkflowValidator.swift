import StewardDiagnostics
import StewardYAML

/// The outcome of validating one workflow file.
public struct WorkflowValidation: Sendable {
    /// The workflow as read, when the file could be read as one (even with errors).
    public let workflow: Workflow?
    /// The runnable form, only when there are no errors.
    public let compiled: CompiledWorkflow?
    /// Every finding, sorted by position.
    public let diagnostics: [Diagnostic]

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Reads, checks and compiles workflow files; the validator is the organizers' teacher,
/// so it reports every problem of a file with its position and, where it can, a fix.
public struct WorkflowValidator: Sendable {
    public var context: ValidationContext
    public var limits: YAMLLimits

    public init(context: ValidationContext = ValidationContext(), limits: YAMLLimits = .default) {
        self.context = context
        self.limits = limits
    }

    public func validate(_ source: YAMLSource) -> WorkflowValidation {
        let (document, yamlFindings) = YAMLLoader(limits: limits).loadSingleDocument(source)
        guard let document else { return WorkflowValidation(workflow: nil, compiled: nil, diagnostics: yamlFindings) }
        let reader = SchemaReader(file: source.path)
        guard let workflow = WorkflowDecoder(reader: reader).decode(document.root) else {
            return WorkflowValidation(workflow: nil, compiled: nil, diagnostics: Self.unique(reader.diagnostics))
        }
        let checker = WorkflowChecker(workflow: workflow, reader: reader, context: context)
        checker.run()
        let diagnostics = Self.unique(reader.diagnostics)
        let hasErrors = diagnostics.contains { $0.severity == .error }
        return WorkflowValidation(workflow: workflow, compiled: hasErrors ? nil : checker.compile(source: source.bytes),
                                  diagnostics: diagnostics)
    }

    /// Sorted, with exact repeats removed (one cause seen from two rules).
    static func unique(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return diagnostics.sorted().filter { seen.insert($0).inserted }
    }
}
