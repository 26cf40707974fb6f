import Foundation
import StewardExpressions
import StewardTime

/// A workflow value as plain JSON for scripts: whole numbers and decimals as numbers,
/// true/false as booleans, lists as arrays, objects as objects, a date as `2026-03-20` and a
/// moment as ISO 8601 in the office's time zone (texts stay texts).
struct TypedValue: Encodable {
    let value: ExpressionValue
    let zone: TimeZone

    func encode(to encoder: any Encoder) throws {
        switch value {
        case .null:
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        case .bool(let b): try single(b, encoder)
        case .integer(let i): try single(i, encoder)
        case .number(let d): try single(d, encoder)
        case .string(let s): try single(s, encoder)
        case .date(let d): try single(d.description, encoder)
        case .datetime(let t): try single(t.iso8601(in: zone), encoder)
        case .list(let items):
            var c = encoder.unkeyedContainer()
            for item in items { try c.encode(TypedValue(value: item, zone: zone)) }
        case .object(let object):
            try TypedValue.object(object, zone: zone).encode(to: encoder)
        }
    }

    private func single(_ value: some Encodable, _ encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(value)
    }

    /// Named values as a JSON object.
    static func object(_ object: ExpressionObject, zone: TimeZone) -> [String: TypedValue] {
        Dictionary(object.entries.map { ($0.key, TypedValue(value: $0.value, zone: zone)) }, uniquingKeysWith: { first, _ in first })
    }
}
