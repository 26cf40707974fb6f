import StewardDiagnostics

extension YAMLLoader {
    /// Loads a file that must hold exactly one document (a workflow, a roster, a project file).
    ///
    /// Every problem comes back as diagnostics about `source.path`; nil document means refused.
    public func loadSingleDocument(_ source: YAMLSource) -> (document: YAMLDocument?, diagnostics: [Diagnostic]) {
        let documents: [YAMLDocument]
        do {
            documents = try loadStream(source.bytes)
        } catch {
            return (nil, [error.diagnostic(file: source.path)])
        }
        guard let first = documents.first else {
            return (nil, [Diagnostic(
                code: "yaml-empty", file: source.path, location: nil,
                message: "the file holds no YAML document",
                notes: ["a workflow file starts with 'steward: 1', then its id, title and states"])])
        }
        if documents.count > 1 {
            let second = documents[1].range.start
            return (nil, [Diagnostic(
                code: "yaml-multiple-documents", file: source.path,
                location: SourceLocation(line: second.line, column: second.column),
                message: "the file holds \(documents.count) YAML documents; it must hold exactly one",
                notes: ["put each workflow in a file of its own"])])
        }
        return (first, [])
    }
}
