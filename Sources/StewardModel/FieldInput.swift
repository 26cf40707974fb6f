import StewardDiagnostics
import StewardYAML

/// Types a value given on the command line (`--input year=2026`, `--field items=[…]`) by its field.
///
/// The text is read as a YAML value, so lists and objects can be written in flow style
/// (`[{name: 宣传, owner: li.ming}]`), and then typed exactly like a value in a file:
/// `no` stays text in a text field, `1.5` is refused in a whole-number field.
public enum FieldInput {
    public static func parse(_ text: String, for spec: FieldSpec) -> Result<FieldValue, FieldInputError> {
        let source = YAMLSource(path: "--\(spec.name)", bytes: Array(text.utf8))
        let (document, findings) = YAMLLoader().loadSingleDocument(source)
        guard let document else {
            // An empty value is an empty text, not "no document".
            if text.isEmpty { return .success(.string("")) }
            return .failure(FieldInputError(field: spec.name, message: findings.first?.message ?? "not a value"))
        }
        let reader = SchemaReader(file: source.path)
        let value = FieldValueReader(reader: reader).value(document.root, for: spec, "'\(spec.name)'")
        if let value, !reader.diagnostics.contains(where: { $0.severity == .error }) { return .success(value) }
        let message = reader.diagnostics.first?.message ?? "'\(text)' does not fit field '\(spec.name)'"
        return .failure(FieldInputError(field: spec.name, message: message))
    }
}

/// Why a command-line value does not fit its field.
public struct FieldInputError: Error, Sendable, Equatable {
    public let field: String
    public let message: String
}

extension FieldInput {
    /// Types a file of values, `name: value` in YAML (block or flow lists, comments, quotes
    /// all as in a workflow file), each by the field of its name, as `steward start
    /// --inputs-file` reads it. Findings carry the file's line and column; a name that is not
    /// a field is one of them, with a suggestion.
    public static func parseFile(_ source: YAMLSource, fields: [FieldSpec])
        -> (values: [(name: String, value: FieldValue)], diagnostics: [Diagnostic]) {
        let (document, findings) = YAMLLoader().loadSingleDocument(source)
        guard let document else { return ([], findings) }
        let reader = SchemaReader(file: source.path)
        guard let mapping = reader.mapping(document.root, "the inputs file") else { return ([], findings + reader.diagnostics) }
        let names = fields.map(\.name)
        var values: [(name: String, value: FieldValue)] = []
        for pair in mapping.pairs {
            guard let name = reader.string(pair.key, "a name in the inputs file") else { continue }
            guard let field = fields.first(where: { $0.name == name }) else {
                reader.report(.unknownInput, at: reader.location(pair.key), "there is no input named '\(name)'",
                              notes: names.isEmpty ? ["the workflow declares no 'inputs'"] : ["its inputs: \(names.joined(separator: ", "))"],
                              suggestion: Suggestions.didYouMean(name, in: names))
                continue
            }
            if let value = FieldValueReader(reader: reader).value(pair.value, for: field, "input '\(name)'") {
                values.append((name, value))
            }
        }
        return (values, findings + reader.diagnostics)
    }
}
