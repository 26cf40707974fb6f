/// A JSON value; the loader's tree converts to it by the YAML 1.2 core schema.
public indirect enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Keys in document order.
    case object([(key: String, value: JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.integer(a), .integer(b)): return a == b
        case let (.number(a), .number(b)): return a == b || (a.isNaN && b.isNaN)
        case let (.integer(a), .number(b)), let (.number(b), .integer(a)): return Double(a) == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            // JSON objects are unordered: compare as dictionaries.
            guard a.count == b.count else { return false }
            let right = Dictionary(b.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
            return a.allSatisfy { right[$0.key] == $0.value }
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(b)
        case .string(let s): hasher.combine(s)
        case .integer, .number: hasher.combine(2)
        case .array(let a): hasher.combine(a)
        case .object(let o): hasher.combine(o.count)
        }
    }

    /// Compact JSON text with keys in document order.
    public var jsonText: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .number(let d):
            if d.isNaN || d.isInfinite { return "null" }
            return String(d)
        case .string(let s): return Self.quote(s)
        case .array(let items): return "[" + items.map(\.jsonText).joined(separator: ",") + "]"
        case .object(let pairs):
            return "{" + pairs.map { Self.quote($0.key) + ":" + $0.value.jsonText }.joined(separator: ",") + "}"
        }
    }

    /// A JSON string literal.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension YAMLNode {
    /// The node as JSON, typing plain scalars by the YAML 1.2 core schema.
    ///
    /// Only for tests and tools: the workflow language types scalars by its own schema.
    public func coreSchemaJSON() -> JSONValue {
        switch self {
        case .scalar(let s): return CoreSchema.resolve(s)
        case .sequence(let s): return .array(s.items.map { $0.coreSchemaJSON() })
        case .mapping(let m):
            return .object(m.pairs.map { pair in
                let key: String
                switch pair.key.coreSchemaJSON() {
                case .string(let s): key = s
                case .null: key = ""
                case let other: key = other.jsonText
                }
                return (key, pair.value.coreSchemaJSON())
            })
        }
    }
}

/// The YAML 1.2 core schema's rules for plain scalars.
public enum CoreSchema {
    /// The JSON value a scalar denotes under the core schema.
    public static func resolve(_ s: YAMLScalar) -> JSONValue {
        switch s.tag {
        case YAMLTag.str?, YAMLTag.nonSpecific?: return .string(s.text)
        case YAMLTag.null?: return .null
        case YAMLTag.bool?: return bool(s.text).map(JSONValue.bool) ?? .string(s.text)
        case YAMLTag.int?: return integer(s.text).map(JSONValue.integer) ?? .string(s.text)
        case YAMLTag.float?: return (float(s.text) ?? integer(s.text).map(Double.init)).map(JSONValue.number) ?? .string(s.text)
        case .some: return .string(s.text)
        case nil: break
        }
        guard s.style == .plain else { return .string(s.text) }
        if s.isNull { return .null }
        if let b = bool(s.text) { return .bool(b) }
        if let i = integer(s.text) { return .integer(i) }
        if let d = float(s.text) { return .number(d) }
        return .string(s.text)
    }

    /// `true`/`True`/`TRUE` and the false forms; nothing else (no `yes`, `on`).
    public static func bool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// Decimal `[-+]?[0-9]+`, octal `0o[0-7]+`, hexadecimal `0x[0-9a-fA-F]+`.
    public static func integer(_ text: String) -> Int? {
        if text.hasPrefix("0o") { return text.count > 2 ? Int(text.dropFirst(2), radix: 8) : nil }
        if text.hasPrefix("0x") { return text.count > 2 ? Int(text.dropFirst(2), radix: 16) : nil }
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int(text.first == "+" ? String(text.dropFirst()) : text)
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `.inf`, `.nan` and their spellings.
    public static func float(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        var bytes = Array(text.utf8)[...]
        if let first = bytes.first, first == 43 || first == 45 { bytes = bytes.dropFirst() }
        var sawDigit = false
        var i = bytes.startIndex
        func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
        while i < bytes.endIndex, isDigit(bytes[i]) { i += 1; sawDigit = true }
        if i < bytes.endIndex, bytes[i] == 46 {
            i += 1
            while i < bytes.endIndex, isDigit(bytes[i]) { i += 1; sawDigit = true }
        }
        guard sawDigit else { return nil }
        if i < bytes.endIndex, bytes[i] == 101 || bytes[i] == 69 {
            i += 1
            if i < bytes.endIndex, bytes[i] == 43 || bytes[i] == 45 { i += 1 }
            var expDigit = false
            while i < bytes.endIndex, isDigit(bytes[i]) { i += 1; expDigit = true }
            guard expDigit else { return nil }
        }
        guard i == bytes.endIndex else { return nil }
        return Double(text)
    }
}
