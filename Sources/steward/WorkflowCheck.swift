import StewardDiagnostics
import StewardYAML

/// Checks one workflow file: readable, well-formed YAML within the limits, one document.
enum WorkflowCheck {
    static func check(path: String, limits: YAMLLimits = .default) -> ([Diagnostic], SourceText?) {
        let source: YAMLSource
        do {
            source = try YAMLSource.read(path: path, limit: limits.maxInputBytes)
        } catch {
            return ([Diagnostic(code: error.code, file: path, location: nil, message: error.message)], nil)
        }
        let text = SourceText(String(decoding: source.bytes, as: UTF8.self))
        let (_, diagnostics) = YAMLLoader(limits: limits).loadSingleDocument(source)
        return (diagnostics, text)
    }
}
