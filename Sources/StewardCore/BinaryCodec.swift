/// Why a stored instance state could not be read from its binary form.
public struct InstanceStateDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The bytes do not start with the `STW` magic.
        case notBinary
        /// A format version this build does not know.
        case unsupportedVersion(UInt8)
        /// The bytes end before the value does.
        case truncated
        /// A tag, flag, number or text that cannot be what was written.
        case malformed
        /// Values nested deeper than `BinaryReader.maximumDepth`.
        case tooDeep
        /// Bytes left over after the state.
        case trailingBytes
    }

    public let kind: Kind
    /// Where in the bytes the problem was found.
    public let offset: Int
    public let message: String

    public init(_ kind: Kind, at offset: Int, _ message: String) {
        self.kind = kind
        self.offset = offset
        self.message = message
    }

    public var description: String { "\(message) (at byte \(offset))" }
}

/// Appends values to a byte buffer: unsigned LEB128 varints for counts, zigzag varints for
/// signed integers, 8-byte little-endian IEEE 754 doubles, UTF-8 text prefixed by its byte count.
struct BinaryWriter {
    private(set) var bytes: [UInt8]

    init(capacity: Int = 512) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    mutating func byte(_ value: UInt8) {
        bytes.append(value)
    }

    mutating func bool(_ value: Bool) {
        bytes.append(value ? 1 : 0)
    }

    mutating func uvarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: v))
    }

    /// A count or length (never negative).
    mutating func count(_ value: Int) {
        uvarint(UInt64(value))
    }

    mutating func int64(_ value: Int64) {
        uvarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func int(_ value: Int) {
        int64(Int64(value))
    }

    mutating func double(_ value: Double) {
        let bits = value.bitPattern
        for shift in stride(from: 0, to: 64, by: 8) {
            bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift)))
        }
    }

    mutating func string(_ value: String) {
        let utf8 = value.utf8
        count(utf8.count)
        let copied: Void? = utf8.withContiguousStorageIfAvailable { bytes.append(contentsOf: $0) }
        if copied == nil { bytes.append(contentsOf: utf8) }
    }

    mutating func optionalString(_ value: String?) {
        if let value {
            bytes.append(1)
            string(value)
        } else {
            bytes.append(0)
        }
    }

    mutating func optionalInt(_ value: Int?) {
        if let value {
            bytes.append(1)
            int(value)
        } else {
            bytes.append(0)
        }
    }
}

/// Reads what `BinaryWriter` wrote from a buffer, checking every bound: malformed or truncated
/// input throws `InstanceStateDecodingError`, never traps, and no length is believed beyond the bytes left.
struct BinaryReader {
    /// Deepest nesting of lists and objects accepted (the old JSON form could not hold deeper values).
    static let maximumDepth = 256

    private let buffer: UnsafeBufferPointer<UInt8>
    private(set) var offset: Int

    /// `buffer` must stay valid while the reader is used.
    init(_ buffer: UnsafeBufferPointer<UInt8>, offset: Int = 0) {
        self.buffer = buffer
        self.offset = offset
    }

    var remaining: Int { buffer.count - offset }
    var isAtEnd: Bool { offset >= buffer.count }

    func error(_ kind: InstanceStateDecodingError.Kind, _ message: String, at position: Int? = nil) -> InstanceStateDecodingError {
        InstanceStateDecodingError(kind, at: position ?? offset, message)
    }

    private func truncated(_ what: String) -> InstanceStateDecodingError {
        error(.truncated, "the state ends in the middle of \(what)")
    }

    mutating func byte(_ what: @autoclosure () -> String = "a byte") throws(InstanceStateDecodingError) -> UInt8 {
        guard offset < buffer.count else { throw truncated(what()) }
        let value = buffer[offset]
        offset += 1
        return value
    }

    mutating func bool() throws(InstanceStateDecodingError) -> Bool {
        switch try byte("a flag") {
        case 0: return false
        case 1: return true
        case let other:
            throw error(.malformed, "a flag must be 0 or 1, not \(other)", at: offset - 1)
        }
    }

    /// A presence flag for an optional value.
    mutating func isPresent() throws(InstanceStateDecodingError) -> Bool {
        switch try byte("a presence flag") {
        case 0: return false
        case 1: return true
        case let other:
            throw error(.malformed, "a presence flag must be 0 or 1, not \(other)", at: offset - 1)
        }
    }

    mutating func uvarint() throws(InstanceStateDecodingError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        let start = offset
        while true {
            guard offset < buffer.count else { throw truncated("a number") }
            let b = buffer[offset]
            offset += 1
            if shift == 63, b > 1 {
                throw error(.malformed, "a number does not fit in 64 bits", at: start)
            }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
        }
    }

    mutating func int64() throws(InstanceStateDecodingError) -> Int64 {
        let u = try uvarint()
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    mutating func int() throws(InstanceStateDecodingError) -> Int {
        let start = offset
        let value = try int64()
        guard let result = Int(exactly: value) else {
            throw error(.malformed, "the number \(value) does not fit in an Int", at: start)
        }
        return result
    }

    /// A count of things each at least `minimumSize` bytes long: never more than the bytes left allow.
    mutating func count(of what: @autoclosure () -> String, minimumSize: Int = 1) throws(InstanceStateDecodingError) -> Int {
        let start = offset
        let value = try uvarint()
        guard value <= UInt64(remaining / max(minimumSize, 1)) else {
            throw error(.truncated, "\(value) \(what()) cannot fit in the \(remaining) bytes left", at: start)
        }
        return Int(value)
    }

    mutating func double() throws(InstanceStateDecodingError) -> Double {
        guard remaining >= 8 else { throw truncated("a decimal number") }
        var bits: UInt64 = 0
        for i in 0..<8 {
            bits |= UInt64(buffer[offset + i]) << UInt64(8 * i)
        }
        offset += 8
        return Double(bitPattern: bits)
    }

    mutating func string() throws(InstanceStateDecodingError) -> String {
        let length = try count(of: "bytes of text")
        let bytes = UnsafeBufferPointer(rebasing: buffer[offset..<offset + length])
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw error(.malformed, "text of \(length) bytes is not valid UTF-8")
        }
        offset += length
        return text
    }

    mutating func optionalString() throws(InstanceStateDecodingError) -> String? {
        guard try isPresent() else { return nil }
        return try string()
    }

    mutating func optionalInt() throws(InstanceStateDecodingError) -> Int? {
        guard try isPresent() else { return nil }
        return try int()
    }
}
