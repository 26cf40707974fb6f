import StewardExpressions
import StewardModel
import StewardTime

/// Checks the inputs an instance starts with against the workflow's declarations.
enum InputBinding {
    static func bind(_ given: ExpressionObject, to fields: [FieldSpec]) throws(Refusal) -> ExpressionObject {
        var result: ExpressionObject = [:]
        let names = Set(fields.map(\.name))
        for (key, _) in given.entries where !names.contains(key) {
            throw Refusal(.invalidInput, "the workflow has no input '\(key)'; its inputs: \(fields.map(\.name).joined(separator: ", "))")
        }
        for field in fields {
            if let value = given[field.name], !value.isNull {
                result[field.name] = value
            } else if let value = field.defaultValue {
                result[field.name] = FieldValueConversion.value(value, spec: field)
            } else if field.required {
                throw Refusal(.invalidInput, "the input '\(field.name)' is required")
            }
        }
        return result
    }
}
