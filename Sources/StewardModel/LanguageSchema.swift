import Foundation

/// JSON Schemas (draft 2020-12) of the three kinds of file an organizer writes, for editors
/// with a YAML language server: key completion, a description of each key in Chinese and
/// English, and structural mistakes flagged while typing.
///
/// The properties of each closed mapping are the decoders' own key tables, so a key the
/// validator reads cannot be missing here; `missingDescriptions` lists any key without its
/// description (a test holds it empty). The schema checks shape only: names, expressions,
/// durations and the roster are the validator's (`steward validate`).
public enum LanguageSchema: String, CaseIterable, Sendable {
    case workflow, roster, project

    /// Where `steward init` writes the schema files, relative to the project folder.
    public static let folder = ".steward/schema"

    public var fileName: String { "\(rawValue).json" }

    /// The schema as pretty JSON text (keys sorted, so the output is stable).
    public var text: String {
        var builder = SchemaBuilder()
        let schema = document(&builder)
        let options: JSONSerialization.WritingOptions = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? JSONSerialization.data(withJSONObject: schema, options: options) else {
            preconditionFailure("the schema is built from literals and must serialize")
        }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Keys (as `context.key`) that have no description, or no shape, in the schema.
    public static var missingDescriptions: [String] {
        allCases.flatMap { kind -> [String] in
            var builder = SchemaBuilder()
            _ = kind.document(&builder)
            return builder.missing
        }
    }

    func document(_ b: inout SchemaBuilder) -> [String: Any] {
        let (title, root, defs): (String, [String: Any], [String: Any])
        switch self {
        case .workflow:
            title = "Steward workflow · 工作流程"
            root = WorkflowSchema.top(&b)
            defs = WorkflowSchema.definitions(&b)
        case .roster:
            title = "Steward roster · 人员名册"
            root = RosterSchema.top(&b)
            defs = [:]
        case .project:
            title = "Steward project file (steward.yaml) · 项目配置"
            root = RosterSchema.project(&b)
            defs = [:]
        }
        var schema = root
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = title
        if !defs.isEmpty { schema["$defs"] = defs }
        return schema
    }
}

/// Builds closed objects from a key table, a shape per key and the descriptions.
struct SchemaBuilder {
    private(set) var missing: [String] = []

    /// An object whose properties are exactly `keys`, each with its shape from `shapes` and
    /// its description from `SchemaText`; `closed` forbids other keys.
    mutating func object(_ context: String, keys: [String], required: [String] = [], closed: Bool = true,
                         _ shapes: [String: [String: Any]]) -> [String: Any] {
        var properties: [String: Any] = [:]
        for key in keys {
            var shape = shapes[key] ?? [:]
            if shapes[key] == nil { missing.append("\(context).\(key) (shape)") }
            if let text = SchemaText.description(context, key) {
                shape["description"] = "\(text.zh)\n\n\(text.en)"
            } else {
                missing.append("\(context).\(key)")
            }
            properties[key] = shape
        }
        for key in shapes.keys where !keys.contains(key) { missing.append("\(context).\(key) (not read by the decoder)") }
        var object: [String: Any] = ["type": "object", "properties": properties]
        if !required.isEmpty { object["required"] = required }
        if closed { object["additionalProperties"] = false }
        return object
    }
}

/// Shapes shared by the three schemas.
enum Shape {
    /// Any single value, kept as written (a title `2026` is the text "2026").
    static var text: [String: Any] { ["type": ["string", "number", "integer", "boolean"]] }
    static var string: [String: Any] { ["type": "string"] }
    static var boolean: [String: Any] { ["type": "boolean"] }
    /// One word or a list of words (`[draft]` and `draft`).
    static var words: [String: Any] { ["anyOf": [text, ["type": "array", "items": text]]] }
    static func ref(_ name: String) -> [String: Any] { ["$ref": "#/$defs/\(name)"] }
    static func map(_ values: [String: Any]) -> [String: Any] { ["type": "object", "additionalProperties": values] }
    static func list(_ items: [String: Any]) -> [String: Any] { ["type": "array", "items": items] }
    static func oneWord(_ values: [String]) -> [String: Any] { ["type": "string", "enum": values] }
    static var workflowID: [String: Any] { ["type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$", "maxLength": 64] }
    static let rosterID = "^[a-z0-9][a-z0-9._-]*$"
}
