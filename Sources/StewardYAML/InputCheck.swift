/// Checks raw bytes before libyaml sees them, so encoding problems get a position
/// and a sentence instead of a reader error.
enum InputCheck {
    static func check(_ bytes: [UInt8], limits: YAMLLimits) throws(YAMLError) {
        if bytes.count > limits.maxInputBytes {
            throw YAMLError(
                .inputTooLarge, at: nil,
                "the input is \(bytes.count) bytes, more than the limit of \(limits.maxInputBytes) bytes",
                notes: ["a workflow file is normally a few kilobytes; split very large data into separate files"])
        }
        if let encoding = utf16or32(bytes) {
            throw YAMLError(.encoding, at: YAMLMark(line: 1, column: 1),
                            "the file is \(encoding) text; save it as UTF-8")
        }
        var index = 0
        let count = bytes.count
        while index < count {
            // Runs of ASCII without NUL, the bulk of any workflow file, eight bytes at a time.
            if index + 8 <= count, Self.plainASCII(bytes, at: index) {
                index += 8
                continue
            }
            let byte = bytes[index]
            if byte < 0x80 {
                if byte == 0 {
                    throw YAMLError(.nulByte, at: mark(ofByteOffset: index, in: bytes),
                                    "the file contains a NUL byte; it is binary data, not YAML text")
                }
                index += 1
                continue
            }
            let length = sequenceLength(bytes, at: index)
            guard length > 0 else {
                throw YAMLError(
                    .encoding, at: mark(ofByteOffset: index, in: bytes),
                    "invalid UTF-8 byte 0x\(String(byte, radix: 16, uppercase: true)); save the file as UTF-8",
                    notes: ["text saved as GBK or GB2312 looks like this; convert it, e.g. iconv -f GBK -t UTF-8"])
            }
            index += length
        }
    }

    /// Whether the eight bytes at `index` are ASCII and none is NUL.
    private static func plainASCII(_ bytes: [UInt8], at index: Int) -> Bool {
        let word = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: index, as: UInt64.self) }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // No high bit set, and no zero byte (a zero byte borrows into its high bit).
        return word & highs == 0 && (word &- ones) & ~word & highs == 0
    }

    /// The length of a well-formed UTF-8 sequence at `index`, or 0 (RFC 3629 table).
    private static func sequenceLength(_ b: [UInt8], at i: Int) -> Int {
        func cont(_ j: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            j < b.count && range.contains(b[j])
        }
        switch b[i] {
        case 0xC2...0xDF: return cont(i + 1) ? 2 : 0
        case 0xE0: return cont(i + 1, 0xA0...0xBF) && cont(i + 2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return cont(i + 1) && cont(i + 2) ? 3 : 0
        case 0xED: return cont(i + 1, 0x80...0x9F) && cont(i + 2) ? 3 : 0
        case 0xF0: return cont(i + 1, 0x90...0xBF) && cont(i + 2) && cont(i + 3) ? 4 : 0
        case 0xF1...0xF3: return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0
        case 0xF4: return cont(i + 1, 0x80...0x8F) && cont(i + 2) && cont(i + 3) ? 4 : 0
        default: return 0
        }
    }

    private static func utf16or32(_ b: [UInt8]) -> String? {
        if b.starts(with: [0x00, 0x00, 0xFE, 0xFF]) || b.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return "UTF-32" }
        if b.starts(with: [0xFE, 0xFF]) || b.starts(with: [0xFF, 0xFE]) { return "UTF-16" }
        return nil
    }

    /// Line and column (in characters) of a byte offset.
    static func mark(ofByteOffset offset: Int, in bytes: [UInt8]) -> YAMLMark {
        var line = 1
        var column = 1
        var index = 0
        let end = min(offset, bytes.count)
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        return YAMLMark(line: line, column: column)
    }

    /// The character at a line and column, when the input has one there.
    static func character(at mark: YAMLMark, in bytes: [UInt8]) -> Character? {
        var line = 1
        var index = 0
        while line < mark.line, index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") { line += 1 }
            index += 1
        }
        guard line == mark.line else { return nil }
        var end = index
        while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
        let text = String(decoding: bytes[index..<end], as: UTF8.self)
        let scalars = Array(text.unicodeScalars)
        guard mark.column >= 1, mark.column <= scalars.count else { return nil }
        return Character(scalars[mark.column - 1])
    }

    static func readerError(problem: String, value: Int, at mark: YAMLMark) -> YAMLError {
        if problem.contains("control characters") {
            let hex = String(value, radix: 16, uppercase: true)
            return YAMLError(.encoding, at: mark,
                             "the file contains the control character U+\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex), which YAML does not allow; remove it")
        }
        return YAMLError(.encoding, at: mark, "the file is not valid UTF-8 text; save it as UTF-8",
                         notes: ["libyaml: \(problem)"])
    }
}
