/// Lower-case hexadecimal encoding and strict decoding, shared by the audit types and the
/// hashes step handlers report.
public enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Lower-case hex of `bytes`.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            var i = 0
            for byte in bytes {
                out[i] = digits[Int(byte >> 4)]
                out[i + 1] = digits[Int(byte & 0x0f)]
                i += 2
            }
            return i
        }
    }

    /// The bytes of a hex string (either case), or nil when it is not an even run of hex digits.
    static func decode(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = value(utf8[index]), let low = value(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func value(_ char: UInt8) -> UInt8? {
        switch char {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return char - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return char - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return char - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Whether `text` (UTF-8 bytes) is exactly the lower-case hex of `bytes`, compared without building a string.
    static func isLowercaseHex(_ text: UnsafeRawBufferPointer, of bytes: UnsafeRawBufferPointer) -> Bool {
        guard text.count == bytes.count * 2 else { return false }
        for (i, byte) in bytes.enumerated()
        where text[2 * i] != digits[Int(byte >> 4)] || text[2 * i + 1] != digits[Int(byte & 0x0f)] {
            return false
        }
        return true
    }

    static func isLowercaseHex(_ text: String, of bytes: UnsafeRawBufferPointer) -> Bool {
        var text = text
        return text.withUTF8 { isLowercaseHex(UnsafeRawBufferPointer($0), of: bytes) }
    }
}
