/// Why a JSON text could not be read, and where (a 1-based byte column within the text).
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 1-based byte position in the text.
    public var column: Int
    /// What was wrong, in lower case.
    public var message: String

    /// `column N: message`.
    public var description: String { "column \(column): \(message)" }
}

extension AuditValue {
    /// Reads one JSON text (RFC 8259, strict: no trailing commas, no comments, no duplicate keys,
    /// no lone surrogates, nesting at most 512 deep). Integers that fit in Int64 become `.int`,
    /// other numbers `.double`.
    public init(parsingJSON text: String) throws(JSONParseError) {
        var parser = JSONParser(bytes: Array(text.utf8))
        self = try parser.parseDocument()
    }
}

/// A small strict recursive-descent JSON reader over UTF-8 bytes that are already valid UTF-8.
struct JSONParser {
    static let maximumDepth = 512

    let bytes: [UInt8]
    var index = 0
    private var depth = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func parseDocument() throws(JSONParseError) -> AuditValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else { throw error("unexpected text after the json value") }
        return value
    }

    func error(_ message: String) -> JSONParseError {
        JSONParseError(column: index + 1, message: message)
    }

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
            index += 1
        }
    }

    private mutating func expect(_ literal: String, _ value: AuditValue) throws(JSONParseError) -> AuditValue {
        let utf8 = Array(literal.utf8)
        guard bytes.count - index >= utf8.count, Array(bytes[index..<index + utf8.count]) == utf8 else {
            throw error("expected '\(literal)'")
        }
        index += utf8.count
        return value
    }

    private mutating func parseValue() throws(JSONParseError) -> AuditValue {
        guard let byte = current else { throw error("unexpected end of text, expected a value") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try expect("true", .bool(true))
        case UInt8(ascii: "f"): return try expect("false", .bool(false))
        case UInt8(ascii: "n"): return try expect("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected character, expected a value")
        }
    }

    private mutating func enter() throws(JSONParseError) {
        depth += 1
        guard depth <= JSONParser.maximumDepth else { throw error("nesting deeper than \(JSONParser.maximumDepth)") }
    }

    private mutating func parseObject() throws(JSONParseError) -> AuditValue {
        try enter()
        index += 1
        var members: [String: AuditValue] = [:]
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw error("expected a key in double quotes") }
            let keyStart = index
            let key = try parseString()
            guard members[key] == nil else {
                throw JSONParseError(column: keyStart + 1, message: "duplicate key '\(key)'")
            }
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw error("expected ':' after key '\(key)'") }
            index += 1
            skipWhitespace()
            members[key] = try parseValue()
            skipWhitespace()
            guard let separator = current else { throw error("unexpected end of text inside an object") }
            index += 1
            if separator == UInt8(ascii: "}") { break }
            guard separator == UInt8(ascii: ",") else {
                index -= 1
                throw error("expected ',' or '}' in an object")
            }
        }
        depth -= 1
        return .object(members)
    }

    private mutating func parseArray() throws(JSONParseError) -> AuditValue {
        try enter()
        index += 1
        var elements: [AuditValue] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            guard let separator = current else { throw error("unexpected end of text inside an array") }
            index += 1
            if separator == UInt8(ascii: "]") { break }
            guard separator == UInt8(ascii: ",") else {
                index -= 1
                throw error("expected ',' or ']' in an array")
            }
        }
        depth -= 1
        return .array(elements)
    }
}
