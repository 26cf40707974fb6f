import Foundation
import StewardDiagnostics
import StewardYAML

/// Types a value given on the command line (`--input year=2026`, `--field goals=…`) by its field.
///
/// What a person types is kept as typed: a single value is never read as YAML, so
/// `Priority #1`, `a: b`, `*note`, `~` and `yes` stay that text in a text field, and a
/// number, a date or an id is typed exactly as in a workflow file (`no` is refused in a
/// boolean field, `1.5` in a whole-number field). Only `list` and `object` fields are
/// read as YAML (`[{name: 宣传, owner: li.ming}]`, or block lines), since that is how a
/// list is written; a `#` comment there, which would drop text, is refused.
public enum FieldInput {
    /// What a command-line value fills, for messages: "field 'goals' (工作目标)", "input 'year'".
    public enum Place: String, Sendable {
        case field, input
    }

    public static func parse(_ text: String, for spec: FieldSpec, as place: Place = .field,
                             examples: FieldExamples = FieldExamples()) -> Result<FieldValue, FieldInputError> {
        let subject = "\(place.rawValue) '\(spec.name)'" + (spec.label.map { " (\($0))" } ?? "")
        if let (offset, scalar) = text.unicodeScalars.enumerated().first(where: { Self.isRefusedControl($0.element) }) {
            let code = String(scalar.value, radix: 16, uppercase: true)
            return .failure(FieldInputError(field: spec.name, message: "\(subject) holds an invisible control character "
                + "(U+\(String(repeating: "0", count: max(0, 4 - code.count)))\(code)) at character \(offset + 1); remove it"))
        }
        switch spec.type {
        case .list, .object:
            return structured(text, for: spec, subject: subject, examples: examples)
        default:
            return literal(text, for: spec, subject: subject)
        }
    }

    /// A single value, typed from the text as given: free text (`string`, `text`, `file`)
    /// keeps every character, spaces and line breaks included; any other type is a word of
    /// its own grammar (a number, a date, an id, one of an enum's values), read without the
    /// spaces around it.
    static func literal(_ text: String, for spec: FieldSpec, subject: String) -> Result<FieldValue, FieldInputError> {
        let freeText = [FieldType.string, .text, .file].contains(spec.type)
        let written = freeText ? text : text.trimmingCharacters(in: .whitespacesAndNewlines)
        if written.isEmpty, !freeText {
            return .failure(FieldInputError(field: spec.name, message: "\(subject) is empty; give it a value, or leave it out"))
        }
        // A quoted scalar is text to the schema whatever it says; a plain one is what numbers
        // and booleans need. Either way the node is built from the text, never parsed from it.
        let numeric = [FieldType.integer, .number, .boolean].contains(spec.type)
        let end = YAMLMark(line: 1, column: written.unicodeScalars.count + 1)
        let node = YAMLNode.scalar(YAMLScalar(text: written, style: numeric ? .plain : .doubleQuoted,
                                              range: YAMLRange(start: YAMLMark(line: 1, column: 1), end: end)))
        return typed(node, for: spec, subject: subject, example: nil)
    }

    /// Control characters other than tab and line breaks cannot be seen, and some change how
    /// a terminal shows the record: refused, never dropped.
    static func isRefusedControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }

    /// A `list` or `object` value, written in YAML; every problem says what to write.
    static func structured(_ text: String, for spec: FieldSpec, subject: String,
                           examples: FieldExamples) -> Result<FieldValue, FieldInputError> {
        let isList: Bool
        if case .list = spec.type { isList = true } else { isList = false }
        let example = FieldExamples.write(spec, examples)
        let shape = "\(subject) is \(isList ? "a list" : "an object"); write it like \(example)"
        func refused(_ message: String) -> Result<FieldValue, FieldInputError> {
            .failure(FieldInputError(field: spec.name, message: message))
        }
        guard !text.allSatisfy(\.isWhitespace) else {
            return refused(shape + (isList ? ", or [] for none" : ""))
        }
        let source = YAMLSource(path: "--\(spec.name)", bytes: Array(text.utf8))
        let (document, findings) = YAMLLoader().loadSingleDocument(source)
        guard let document else {
            // The loader's sentence for a syntax error says what is wrong, unless it is only
            // libyaml's own words; its other findings speak of files.
            let finding = findings.first { $0.severity == .error && $0.code == "yaml-syntax" }
            let detail = finding.flatMap { f in
                f.message.hasPrefix("YAML syntax error") ? nil : "at \(Self.place(f.location, in: text)), \(f.message)"
            }
            return refused(shape + (detail.map { " (what was given does not read as one: \($0))" } ?? ""))
        }
        switch (isList, document.root) {
        case (true, .sequence), (false, .mapping): break
        default: return refused(shape)
        }
        if let comment = Self.comment(in: text, outside: document.root) {
            return refused("\(subject): the '#' at \(Self.place(comment, in: text)) starts a comment, and the text after it "
                           + "would be lost; put text that holds ' #' in quotes, e.g. ['Priority #1']")
        }
        return typed(document.root, for: spec, subject: subject, example: example)
    }

    /// The node typed by `FieldValueReader`, as a value in a file is; its first problem, with the
    /// did-you-mean and, for a list or object, what to write.
    static func typed(_ node: YAMLNode, for spec: FieldSpec, subject: String,
                      example: String?) -> Result<FieldValue, FieldInputError> {
        let reader = SchemaReader(file: "--\(spec.name)")
        let value = FieldValueReader(reader: reader).value(node, for: spec, subject)
        guard let problem = reader.diagnostics.first(where: { $0.severity == .error }) else {
            if let value { return .success(value) }
            return .failure(FieldInputError(field: spec.name, message: "\(subject) does not fit its type \(spec.type)"))
        }
        var message = problem.message
        // A did-you-mean is the closer fix; the example shows the whole shape otherwise.
        if let suggestion = problem.suggestion {
            message += "; \(suggestion)"
        } else if let example {
            message += "; write it like \(example)"
        }
        return .failure(FieldInputError(field: spec.name, message: message))
    }

    /// "character 7" in a one-line value, "line 2, column 3" in one of several lines.
    static func place(_ location: SourceLocation?, in text: String) -> String {
        guard let location else { return "the end" }
        return text.contains("\n") ? "line \(location.line), column \(location.column)" : "character \(location.column)"
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
