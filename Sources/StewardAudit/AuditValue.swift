/// A JSON-compatible value, for the `details` of a trail entry.
///
/// Render it with `canonicalJSON` so that equal values always give equal text (and so equal hashes).
public enum AuditValue: Sendable, Hashable {
    /// JSON `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer, written in plain decimal.
    case int(Int64)
    /// A finite double; NaN and infinities render as `null` (JSON has no such numbers).
    case double(Double)
    /// A string; written with only `"`, `\\` and control characters escaped.
    case string(String)
    /// An array, in its order.
    case array([AuditValue])
    /// An object; written with keys sorted by Unicode scalar values.
    case object([String: AuditValue])
}

extension AuditValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral {
    /// `nil` is `.null`.
    public init(nilLiteral: ()) { self = .null }
    /// `true`/`false` are `.bool`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An integer literal is `.int`.
    public init(integerLiteral value: Int64) { self = .int(value) }
    /// A floating-point literal is `.double`.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// A string literal is `.string`.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An array literal is `.array`.
    public init(arrayLiteral elements: AuditValue...) { self = .array(elements) }

    /// Later duplicates of a key replace earlier ones.
    public init(dictionaryLiteral elements: (String, AuditValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

/// The canonical JSON text of `value`; see `AuditValue.canonicalJSON`.
public func canonicalJSON(_ value: AuditValue) -> String {
    value.canonicalJSON
}

extension AuditValue {
    /// Canonical JSON text: object keys sorted by Unicode scalar values, no whitespace,
    /// non-ASCII characters written as themselves (only `"`, `\` and control characters are
    /// escaped), integers in plain decimal, doubles in the shortest form that reads back
    /// to the same double, formatted as ECMAScript / RFC 8785 do (`0.1`, `1e+21`, `5e-324`;
    /// `-0` and integral doubles print like integers: `1.0` → `1`).
    public var canonicalJSON: String {
        var out: [UInt8] = []
        write(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func write(to out: inout [UInt8]) {
        switch self {
        case .null:
            out.append(contentsOf: "null".utf8)
        case .bool(let value):
            out.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value):
            out.append(contentsOf: String(value).utf8)
        case .double(let value):
            out.append(contentsOf: CanonicalNumber.format(value).utf8)
        case .string(let value):
            AuditValue.writeString(value, to: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                element.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let keys = members.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
            for (index, key) in keys.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                AuditValue.writeString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                (members[key] ?? .null).write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A JSON string literal: `"` and `\` escaped, control characters as `\b \f \n \r \t`
    /// or `\u00xx` (lower-case hex), everything else as UTF-8. With `escapingSlashes`, `/`
    /// is written `\/` too, as Foundation's JSONEncoder writes it by default.
    public static func writeString(_ value: String, to out: inout [UInt8], escapingSlashes: Bool = false) {
        let hexDigits = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "/") where escapingSlashes: out.append(contentsOf: [UInt8(ascii: "\\"), byte])
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00..<0x20:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0f)])
            default:
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
