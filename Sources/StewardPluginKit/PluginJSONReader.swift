/// Why a JSON text could not be read, and where.
public struct PluginJSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based byte position in the text.
    public let column: Int
    public let message: String

    public var description: String { "column \(column): \(message)" }
}

/// A strict recursive-descent reader of one JSON text over the UTF-8 bytes of a Swift string.
struct PluginJSONReader {
    static let maximumDepth = 256

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func document() throws(PluginJSONError) -> PluginValue {
        skipSpace()
        let value = try self.value()
        skipSpace()
        guard index == bytes.count else { throw fail("unexpected text after the value") }
        return value
    }

    private func fail(_ message: String) -> PluginJSONError { PluginJSONError(column: index + 1, message: message) }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipSpace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    private mutating func value() throws(PluginJSONError) -> PluginValue {
        switch current {
        case UInt8(ascii: "{"): return try nested { (reader: inout PluginJSONReader) throws(PluginJSONError) in try reader.object() }
        case UInt8(ascii: "["): return try nested { (reader: inout PluginJSONReader) throws(PluginJSONError) in try reader.list() }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case let byte? where byte == UInt8(ascii: "-") || (byte >= 0x30 && byte <= 0x39): return try number()
        case nil: throw fail("the text ends where a value should be")
        default: throw fail("unexpected character where a value should be")
        }
    }

    private mutating func nested(
        _ read: (inout PluginJSONReader) throws(PluginJSONError) -> PluginValue
    ) throws(PluginJSONError) -> PluginValue {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { throw fail("nested more than \(Self.maximumDepth) deep") }
        return try read(&self)
    }

    private mutating func literal(_ word: String, _ value: PluginValue) throws(PluginJSONError) -> PluginValue {
        for byte in word.utf8 {
            guard current == byte else { throw fail("expected '\(word)'") }
            index += 1
        }
        return value
    }

    private mutating func object() throws(PluginJSONError) -> PluginValue {
        index += 1
        var object = PluginObject()
        skipSpace()
        if current == UInt8(ascii: "}") {
            index += 1
            return .object(object)
        }
        while true {
            skipSpace()
            guard current == UInt8(ascii: "\"") else { throw fail("expected a key in quotes") }
            let keyStart = index
            let key = try string()
            guard object[key] == nil else {
                index = keyStart
                throw fail("the key '\(key)' appears twice")
            }
            skipSpace()
            guard current == UInt8(ascii: ":") else { throw fail("expected ':' after the key") }
            index += 1
            skipSpace()
            object[key] = try value()
            skipSpace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return .object(object)
            default: throw fail("expected ',' or '}' in an object")
            }
        }
    }

    private mutating func list() throws(PluginJSONError) -> PluginValue {
        index += 1
        var items: [PluginValue] = []
        skipSpace()
        if current == UInt8(ascii: "]") {
            index += 1
            return .list(items)
        }
        while true {
            skipSpace()
            items.append(try value())
            skipSpace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return .list(items)
            default: throw fail("expected ',' or ']' in a list")
            }
        }
    }

    private mutating func number() throws(PluginJSONError) -> PluginValue {
        let start = index
        var whole = true
        if current == UInt8(ascii: "-") { index += 1 }
        guard let first = current, first >= 0x30, first <= 0x39 else { throw fail("expected a digit") }
        if first == 0x30 {
            index += 1
        } else {
            skipDigits()
        }
        if current == UInt8(ascii: ".") {
            whole = false
            index += 1
            guard skipDigits() else { throw fail("expected a digit after '.'") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            whole = false
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard skipDigits() else { throw fail("expected a digit in the exponent") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if whole, let value = Int(text) { return .integer(value) }
        guard let value = Double(text), value.isFinite else {
            index = start
            throw fail("the number \(text) is out of range")
        }
        return .number(value)
    }

    @discardableResult
    private mutating func skipDigits() -> Bool {
        let start = index
        while let byte = current, byte >= 0x30, byte <= 0x39 { index += 1 }
        return index > start
    }

    private mutating func string() throws(PluginJSONError) -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var runStart = index
        // The bytes come from a Swift string, so they are valid UTF-8 already.
        func flush(_ reader: PluginJSONReader, upTo end: Int) {
            scalars.append(contentsOf: String(decoding: reader.bytes[runStart..<end], as: UTF8.self).unicodeScalars)
        }
        while true {
            guard let byte = current else { throw fail("the text ends inside a string") }
            switch byte {
            case UInt8(ascii: "\""):
                flush(self, upTo: index)
                index += 1
                return String(scalars)
            case UInt8(ascii: "\\"):
                flush(self, upTo: index)
                index += 1
                scalars.append(try escape())
                runStart = index
            case 0x00..<0x20:
                throw fail("a control character inside a string must be escaped")
            default:
                index += 1
            }
        }
    }

    private mutating func escape() throws(PluginJSONError) -> Unicode.Scalar {
        guard let byte = current else { throw fail("the text ends inside an escape") }
        index += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let high = try hex4()
            if (0xD800..<0xDC00).contains(high) {
                guard current == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                    throw fail("a lone surrogate in \\u escape")
                }
                index += 2
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw fail("a lone surrogate in \\u escape") }
                let value = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                guard let scalar = Unicode.Scalar(value) else { throw fail("a bad \\u escape") }
                return scalar
            }
            guard let scalar = Unicode.Scalar(high) else { throw fail("a lone surrogate in \\u escape") }
            return scalar
        default:
            index -= 1
            throw fail("unknown escape '\\\(Character(Unicode.Scalar(byte)))'")
        }
    }

    private mutating func hex4() throws(PluginJSONError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = Self.hexDigit(byte) else { throw fail("expected four hex digits after \\u") }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x30...0x39: return UInt32(byte - 0x30)
        case 0x41...0x46: return UInt32(byte - 0x41 + 10)
        case 0x61...0x66: return UInt32(byte - 0x61 + 10)
        default: return nil
        }
    }
}
