extension PluginValue {
    /// Compact JSON on one line (a frame must not hold a line break): keys in order, non-ASCII
    /// text as it is, control characters escaped. A number JSON cannot hold (NaN, infinity) is `null`.
    public var json: String {
        var text = ""
        write(to: &text)
        return text
    }

    /// Reads one JSON text (RFC 8259, strict: no comments, no trailing commas, no duplicate keys).
    public init(json text: String) throws(PluginJSONError) {
        var reader = PluginJSONReader(Array(text.utf8))
        self = try reader.document()
    }

    func write(to text: inout String) {
        switch self {
        case .null: text += "null"
        case .bool(let value): text += value ? "true" : "false"
        case .integer(let value): text += String(value)
        case .number(let value):
            if !value.isFinite {
                text += "null"
            } else if value == value.rounded(), abs(value) < 1e15 {
                text += String(Int(value))
            } else {
                text += String(value)
            }
        case .string(let value): Self.quote(value, into: &text)
        case .list(let items):
            text += "["
            for (index, item) in items.enumerated() {
                if index > 0 { text += "," }
                item.write(to: &text)
            }
            text += "]"
        case .object(let object):
            text += "{"
            for (index, entry) in object.entries.enumerated() {
                if index > 0 { text += "," }
                Self.quote(entry.key, into: &text)
                text += ":"
                entry.value.write(to: &text)
            }
            text += "}"
        }
    }

    static func quote(_ value: String, into text: inout String) {
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            // U+2028 and U+2029 end a line for some readers; escaped, a frame stays one line for all.
            case "\u{2028}": text += "\\u2028"
            case "\u{2029}": text += "\\u2029"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }
}

extension PluginObject {
    /// The object as compact JSON.
    public var json: String { PluginValue.object(self).json }
}
