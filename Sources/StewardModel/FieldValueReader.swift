import StewardDiagnostics
import StewardTime
import StewardYAML

/// Types a YAML value by a field's spec: defaults in workflow files, inputs given at start.
///
/// This is where `no` stays text in a text field, `1.10` stays "1.10", and `1.5`
/// in a whole-number field is an error at its own line and column.
struct FieldValueReader {
    let reader: SchemaReader

    func value(_ node: YAMLNode, for spec: FieldSpec, _ what: String) -> FieldValue? {
        switch spec.type {
        case .string, .text, .person, .role, .file:
            guard let text = reader.string(node, what) else { return nil }
            return checkText(text, spec, node, what)
        case .integer:
            guard let i = reader.integer(node, what) else { return nil }
            return checkRange(Double(i), spec, node, what) ? .integer(i) : nil
        case .number:
            guard let d = reader.number(node, what) else { return nil }
            return checkRange(d, spec, node, what) ? .number(d) : nil
        case .boolean:
            return reader.boolean(node, what).map(FieldValue.boolean)
        case .date:
            guard let text = reader.string(node, what) else { return nil }
            guard CivilDate(iso: text) != nil else {
                // Well written but not on the calendar (2025-06-31) needs a different fix than a wrong format.
                let shaped = text.range(of: #"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"#, options: .regularExpression) != nil
                reader.report(.badDate, at: reader.location(node),
                              shaped ? "\(what) is '\(text)', which is not a real date; check the month and the day"
                                     : "\(what) must be a date written YYYY-MM-DD; got '\(text)'")
                return nil
            }
            return .string(text)
        case .datetime:
            guard let text = reader.string(node, what) else { return nil }
            do {
                _ = try Instant(iso8601: text)
            } catch {
                reader.report(.badDate, at: reader.location(node), "\(what): \(error.message)")
                return nil
            }
            return .string(text)
        case .duration:
            return reader.durationSpec(node, what).map { _ in .string(node.scalar?.text ?? "") }
        case .enumeration(let values):
            guard let text = reader.string(node, what) else { return nil }
            guard values.contains(text) else {
                reader.report(.badValue, at: reader.location(node),
                              "\(what) must be one of \(values.map { "'\($0)'" }.joined(separator: ", ")); got '\(text)'",
                              suggestion: Suggestions.didYouMean(text, in: values))
                return nil
            }
            return .string(text)
        case .list(let item):
            guard let list = reader.sequence(node, what) else { return nil }
            let values = list.items.enumerated().map { index, element in
                value(element, for: item, "item \(index + 1) of \(what)")
            }
            return values.contains(nil) ? nil : .list(values.compactMap { $0 })
        case .object(let fields):
            guard let m = reader.mapping(node, what) else { return nil }
            reader.checkKeys(m, allowed: fields.map(\.name), required: fields.filter(\.required).map(\.name), what)
            var object: [String: FieldValue] = [:]
            for field in fields {
                guard let child = m[field.name] else { continue }
                object[field.name] = value(child, for: field, "'\(field.name)' of \(what)")
            }
            return .object(object)
        }
    }

    private func checkText(_ text: String, _ spec: FieldSpec, _ node: YAMLNode, _ what: String) -> FieldValue? {
        if let pattern = spec.pattern, text.range(of: "^(?:\(pattern))$", options: .regularExpression) == nil {
            reader.report(.badValue, at: reader.location(node), "\(what) is '\(text)', which does not match the pattern '\(pattern)'")
            return nil
        }
        let length = Double(text.count)
        return checkRange(length, spec, node, what, unit: " characters") ? .string(text) : nil
    }

    private func checkRange(_ value: Double, _ spec: FieldSpec, _ node: YAMLNode, _ what: String, unit: String = "") -> Bool {
        func shown(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(d) }
        if let min = spec.minimum, value < min {
            reader.report(.badValue, at: reader.location(node), "\(what) must be at least \(shown(min))\(unit); got \(shown(value))")
            return false
        }
        if let max = spec.maximum, value > max {
            reader.report(.badValue, at: reader.location(node), "\(what) must be at most \(shown(max))\(unit); got \(shown(value))")
            return false
        }
        return true
    }
}
