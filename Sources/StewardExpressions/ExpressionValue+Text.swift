/// How values read when put into text.
///
/// | value | text |
/// |---|---|
/// | null | `` (nothing) |
/// | boolean | `true` / `false` |
/// | integer | `2026` |
/// | number | `3.5`; a whole number has no `.0` (`10 / 2` reads `5`); very large ones use `1e+20` |
/// | string | itself |
/// | date | `2026-10-01` |
/// | datetime | ISO 8601 in UTC with `Z`: `2026-10-01T08:30:00Z` (`.250` only when there are milliseconds) |
/// | list | the elements' texts joined with `、` (the Chinese enumeration comma): `张伟、李明`; use `join` for another separator |
/// | object | compact JSON: `{"name":"张伟","deadline":"2026-10-01"}` |
extension ExpressionValue {
    /// The value as it reads when interpolated into a template.
    public var text: String {
        switch self {
        case .null: return ""
        case let .bool(value): return value ? "true" : "false"
        case let .integer(value): return String(value)
        case let .number(value): return Self.format(value)
        case let .string(value): return value
        case let .date(value): return value.description
        case let .datetime(value): return LocalTime.isoText(value)
        case let .list(elements): return elements.map(\.text).joined(separator: Self.listSeparator)
        case .object: return json
        }
    }

    /// The separator between list elements in text, and `join`'s default.
    public static let listSeparator = "、"

    /// The value as compact JSON (dates and datetimes as ISO strings).
    public var json: String {
        switch self {
        case .null: return "null"
        case let .bool(value): return value ? "true" : "false"
        case let .integer(value): return String(value)
        case let .number(value): return Self.format(value)
        case let .string(value): return Self.quoted(value, quote: "\"")
        case .date, .datetime: return Self.quoted(text, quote: "\"")
        case let .list(elements): return "[" + elements.map(\.json).joined(separator: ",") + "]"
        case let .object(object):
            return "{" + object.entries.map { Self.quoted($0.key, quote: "\"") + ":" + $0.value.json }
                .joined(separator: ",") + "}"
        }
    }

    /// The value written as an expression literal would be (`'text'`, `12`, `null`), for `Expression.description`.
    var sourceText: String {
        switch self {
        case let .string(value): return Self.quoted(value, quote: "'")
        default: return json
        }
    }

    /// A number without a trailing `.0` when it is whole.
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return value.description
    }

    /// `value` in quotes with `\`, the quote, newline, tab and other control characters escaped.
    static func quoted(_ value: String, quote: Unicode.Scalar) -> String {
        var result = String.UnicodeScalarView()
        result.append(quote)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\", quote:
                result.append("\\")
                result.append(scalar)
            case "\n": result.append(contentsOf: "\\n".unicodeScalars)
            case "\t": result.append(contentsOf: "\\t".unicodeScalars)
            case "\r": result.append(contentsOf: (quote == "\"" ? "\\r" : "\\u{D}").unicodeScalars)
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    let escape = quote == "\"" ? "\\u" + String(repeating: "0", count: 4 - hex.count) + hex : "\\u{\(hex)}"
                    result.append(contentsOf: escape.unicodeScalars)
                } else {
                    result.append(scalar)
                }
            }
        }
        result.append(quote)
        return String(result)
    }
}
