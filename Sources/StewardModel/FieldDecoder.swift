import Foundation
import StewardDiagnostics
import StewardTime
import StewardYAML

/// Reads input and form field declarations: `year: { type: integer, required: true, min: 2000 }`.
struct FieldDecoder {
    let reader: SchemaReader

    static let keys = ["type", "required", "default", "min", "max", "pattern", "label", "values", "items", "fields",
                       "description"]

    func fields(_ node: YAMLNode, _ what: String) -> [FieldSpec] {
        guard let m = reader.mapping(node, what) else { return [] }
        // `goals:` left empty with `type: text` beneath it at the same indentation.
        let misindented = reader.misindentedKeys(m) { _ in Self.keys }
        return m.pairs.compactMap { pair in
            guard let name = reader.string(pair.key, "a field name in \(what)") else { return nil }
            if misindented.contains(name) { return nil }
            if !Names.isName(name) {
                reader.report(.badID, at: reader.location(pair.key),
                              "'\(name)' is not a valid field name; use letters, digits, '_' or '-', starting with a letter")
            } else if Names.reservedFieldNames.contains(name) {
                reader.report(.reservedID, at: reader.location(pair.key),
                              "'\(name)' is reserved: every action can carry a comment; name the field differently")
            }
            return field(name: name, pair.value, at: reader.location(pair.key))
        }
    }

    func field(name: String, _ node: YAMLNode, at location: SourceLocation) -> FieldSpec? {
        let what = "field '\(name)'"
        // `name: string` is shorthand for `name: { type: string }`.
        if let s = node.scalar, !s.isNull {
            guard let type = simpleType(s.text, at: reader.location(node), what) else { return nil }
            return FieldSpec(name: name, type: type, location: location)
        }
        guard let m = reader.mapping(node, what) else { return nil }
        reader.checkKeys(m, allowed: Self.keys, required: ["type"], what)
        guard let typeNode = m["type"], let typeName = reader.string(typeNode, "'type' of \(what)") else { return nil }
        let type: FieldType?
        switch typeName {
        case "enum":
            let values = m["values"].map { reader.words($0, "'values' of \(what)").map(\.value) } ?? []
            if m["values"] == nil {
                reader.report(.missingKey, at: reader.location(typeNode), "\(what) of type enum lacks 'values'",
                              suggestion: "list the allowed values, e.g. values: [通过, 不通过]")
            }
            type = .enumeration(values)
        case "list":
            if let items = m["items"] {
                type = self.field(name: "\(name)[]", items, at: reader.location(items)).map { .list($0) }
            } else {
                type = .list(FieldSpec(name: "\(name)[]", type: .string, location: location))
            }
        case "object":
            type = .object(m["fields"].map { fields($0, "'fields' of \(what)") } ?? [])
        default:
            type = simpleType(typeName, at: reader.location(typeNode), what)
        }
        guard let type else { return nil }
        let required = m["required"].flatMap { reader.boolean($0, "'required' of \(what)") } ?? false
        let minimum = m["min"].flatMap { reader.number($0, "'min' of \(what)") }
        let maximum = m["max"].flatMap { reader.number($0, "'max' of \(what)") }
        if let minimum, let maximum, minimum > maximum {
            reader.report(.badValue, at: m["max"].map(reader.location), "'max' of \(what) is smaller than its 'min'")
        }
        let pattern = m["pattern"].flatMap { patternText($0, what) }
        let spec = FieldSpec(name: name, type: type, required: required, defaultValue: nil, minimum: minimum,
                             maximum: maximum, pattern: pattern,
                             label: m["label"].flatMap { reader.string($0, "'label' of \(what)") }, location: location)
        guard let defaultNode = m["default"] else { return spec }
        let value = FieldValueReader(reader: reader).value(defaultNode, for: spec, "'default' of \(what)")
        var withDefault = FieldSpec(name: name, type: type, required: required, defaultValue: value, minimum: minimum,
                                    maximum: maximum, pattern: pattern, label: spec.label, location: location)
        withDefault.defaultLocation = reader.location(defaultNode)
        return withDefault
    }

    private func simpleType(_ name: String, at location: SourceLocation, _ what: String) -> FieldType? {
        switch name {
        case "string": return .string
        case "text": return .text
        case "integer": return .integer
        case "number": return .number
        case "boolean": return .boolean
        case "date": return .date
        case "datetime": return .datetime
        case "duration": return .duration
        case "person": return .person
        case "role": return .role
        case "file": return .file
        case "enum", "list", "object":
            reader.report(.missingKey, at: location, "\(what) of type \(name) needs the long form with its details",
                          suggestion: name == "enum" ? "write { type: enum, values: [a, b] }" : "write { type: \(name), … }")
            return nil
        default:
            reader.report(.badValue, at: location, "'\(name)' is not a field type of \(what)",
                          notes: ["types: \(FieldType.names.joined(separator: ", "))"],
                          suggestion: Suggestions.didYouMean(name, in: FieldType.names))
            return nil
        }
    }

    private func patternText(_ node: YAMLNode, _ what: String) -> String? {
        guard let text = reader.string(node, "'pattern' of \(what)") else { return nil }
        do {
            _ = try NSRegularExpression(pattern: text)
            return text
        } catch {
            reader.report(.badPattern, at: reader.location(node), "'pattern' of \(what) is not a valid regular expression: '\(text)'")
            return nil
        }
    }
}
