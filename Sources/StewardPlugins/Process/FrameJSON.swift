import StewardExpressions

/// Reads one JSON text (a frame a plug-in printed) into a value, keeping the order of keys.
///
/// Strict where a lenient reader would guess: no trailing commas, no comments, no duplicate
/// keys, no numbers outside what a value can hold, at most `maxDepth` levels of nesting.
struct FrameJSON {
    struct Problem: Error, Equatable {
        let message: String
    }

    static let maxDepth = 64

    private let bytes: [UInt8]
    private var index = 0

    private init(_ bytes: some Collection<UInt8>) {
        self.bytes = Array(bytes)
    }

    static func parse(_ bytes: some Collection<UInt8>) throws(Problem) -> ExpressionValue {
        var reader = FrameJSON(bytes)
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.index == reader.bytes.count else { throw reader.problem("text after the JSON value") }
        return value
    }

    private func problem(_ what: String) -> Problem {
        Problem(message: "\(what) at byte \(index + 1)")
    }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func value(depth: Int) throws(Problem) -> ExpressionValue {
        guard depth < Self.maxDepth else { throw problem("more than \(Self.maxDepth) levels of nesting") }
        guard index < bytes.count else { throw problem("the value is missing") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try list(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try word("true", .bool(true))
        case UInt8(ascii: "f"): return try word("false", .bool(false))
        case UInt8(ascii: "n"): return try word("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw problem("unexpected character '\(Unicode.Scalar(bytes[index]))'")
        }
    }

    private mutating func word(_ text: String, _ value: ExpressionValue) throws(Problem) -> ExpressionValue {
        let utf8 = Array(text.utf8)
        guard bytes.count - index >= utf8.count, Array(bytes[index..<index + utf8.count]) == utf8 else {
            throw problem("unexpected word")
        }
        index += utf8.count
        return value
    }

    private mutating func object(depth: Int) throws(Problem) -> ExpressionValue {
        index += 1
        var object = ExpressionObject()
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(object)
        }
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw problem("a key in quotes was expected") }
            let key = try string()
            guard object[key] == nil else { throw problem("the key '\(key)' is given twice") }
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw problem("':' was expected") }
            index += 1
            skipSpace()
            object[key] = try value(depth: depth + 1)
            skipSpace()
            guard index < bytes.count else { throw problem("the object is not closed") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(object) }
            throw problem("',' or '}' was expected")
        }
    }

    private mutating func list(depth: Int) throws(Problem) -> ExpressionValue {
        index += 1
        var items: [ExpressionValue] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .list(items)
        }
        while true {
            skipSpace()
            items.append(try value(depth: depth + 1))
            skipSpace()
            guard index < bytes.count else { throw problem("the list is not closed") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .list(items) }
            throw problem("',' or ']' was expected")
        }
    }

    private mutating func number() throws(Problem) -> ExpressionValue {
        let start = index
        var whole = true
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw problem("a digit was expected") }
        if bytes[index] == UInt8(ascii: "0"), index + 1 < bytes.count, isDigit(bytes[index + 1]) {
            throw problem("a number has a leading zero")
        }
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            whole = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw problem("a digit was expected after '.'") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            whole = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw problem("a digit was expected in the exponent") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if whole, let integer = Int(text) { return .integer(integer) }
        guard let number = Double(text), number.isFinite else { throw problem("the number \(text) is too large") }
        return .number(number)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func string() throws(Problem) -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var run = index
        func flush(_ end: Int) throws(Problem) {
            guard run < end else { return }
            guard let text = String(validating: bytes[run..<end], as: UTF8.self) else { throw problem("text that is not UTF-8") }
            scalars.append(contentsOf: text.unicodeScalars)
        }
        while true {
            guard index < bytes.count else { throw problem("the text is not closed") }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                try flush(index)
                index += 1
                return String(scalars)
            }
            if byte < 0x20 { throw problem("a control character inside text (write it as \\n, \\t or \\u00XX)") }
            if byte != UInt8(ascii: "\\") {
                index += 1
                continue
            }
            try flush(index)
            index += 1
            guard index < bytes.count else { throw problem("the text is not closed") }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{8}")
            case UInt8(ascii: "f"): scalars.append("\u{C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"): scalars.append(try unicodeEscape())
            default: throw problem("an unknown escape '\\\(Unicode.Scalar(escape))'")
            }
            run = index
        }
    }

    /// `\uXXXX`, or a surrogate pair `\uD83D\uDE00` (the `\u` already read).
    private mutating func unicodeEscape() throws(Problem) -> Unicode.Scalar {
        let high = try hex4()
        if (0xD800...0xDBFF).contains(high) {
            guard bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw problem("half of a surrogate pair")
            }
            index += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw problem("half of a surrogate pair") }
            let value = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            guard let scalar = Unicode.Scalar(value) else { throw problem("an invalid \\u escape") }
            return scalar
        }
        guard let scalar = Unicode.Scalar(high) else { throw problem("half of a surrogate pair") }
        return scalar
    }

    private mutating func hex4() throws(Problem) -> UInt32 {
        guard bytes.count - index >= 4 else { throw problem("\\u must be followed by four hexadecimal digits") }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            guard let digit = Self.hexDigit(byte) else { throw problem("\\u must be followed by four hexadecimal digits") }
            value = value << 4 | digit
        }
        index += 4
        return value
    }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
