import StewardExpressions
import StewardTime

/// Typed field values as expression values: dates become dates, times become instants.
public enum FieldValueConversion {
    public static func value(_ field: FieldValue, spec: FieldSpec) -> ExpressionValue {
        switch (field, spec.type) {
        case (.null, _): return .null
        case (.string(let s), .date): return CivilDate(iso: s).map(ExpressionValue.date) ?? .string(s)
        case (.string(let s), .datetime): return (try? Instant(iso8601: s)).map(ExpressionValue.datetime) ?? .string(s)
        case (.string(let s), _): return .string(s)
        case (.integer(let i), .number): return .number(Double(i))
        case (.integer(let i), _): return .integer(i)
        case (.number(let d), _): return .number(d)
        case (.boolean(let b), _): return .bool(b)
        case (.list(let items), .list(let itemSpec)): return .list(items.map { value($0, spec: itemSpec) })
        case (.list(let items), _): return .list(items.map { value($0, spec: spec) })
        case (.object(let fields), .object(let specs)):
            // Keep the declared field order.
            return .object(ExpressionObject(specs.compactMap { s in fields[s.name].map { (s.name, value($0, spec: s)) } }))
        case (.object(let fields), _):
            return .object(ExpressionObject(fields.sorted { $0.key < $1.key }.map { ($0.key, value($0.value, spec: spec)) }))
        }
    }
}
