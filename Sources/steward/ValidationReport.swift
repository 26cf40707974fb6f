import StewardDiagnostics

/// All findings of one `validate` run, sorted, ready to print.
struct ValidationReport {
    let diagnostics: [Diagnostic]
    let sources: [String: SourceText]
    let fileCount: Int

    init(diagnostics: [Diagnostic], sources: [String: SourceText], fileCount: Int) {
        self.diagnostics = diagnostics.sorted()
        self.sources = sources
        self.fileCount = fileCount
    }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    func render(_ format: DiagnosticFormat) -> String {
        if format == .json { return DiagnosticPrinter.jsonText(diagnostics) }
        let printer = DiagnosticPrinter(format: format)
        return diagnostics.map { printer.render($0, source: sources[$0.file]) }.joined()
    }

    /// One line for people: how many files, errors and warnings.
    var summary: String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        let files = fileCount == 1 ? "1 file" : "\(fileCount) files"
        if errors == 0 && warnings == 0 { return "checked \(files): no problems\n" }
        return "checked \(files): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n"
    }
}
