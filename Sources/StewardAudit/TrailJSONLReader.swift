import Foundation

/// Reads an exported JSON Lines trail entry by entry, holding one line in memory at a time.
///
/// A line that is not valid UTF-8, not a JSON object of the expected keys, empty, or longer
/// than `maximumLineBytes` is reported as a `TrailFileError` with its line number.
/// A final line without "\n" is read like the others; a "\r" before "\n" is ignored.
public final class TrailJSONLReader {
    /// The longest line accepted (16 MiB).
    public static let maximumLineBytes = 16 << 20

    private let handle: FileHandle?
    private var buffer: [UInt8]
    private var start = 0
    private var atEnd: Bool
    /// The number of the line last read (0 before the first).
    public private(set) var lineNumber = 0
    /// Whether the entries read carry their chain (a trail in chains); nil before the first.
    public private(set) var chained: Bool?

    /// A reader over the file at `path`.
    public init(path: String) throws(TrailFileError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw TrailFileError(line: 0, message: "cannot open '\(path)' for reading")
        }
        self.handle = handle
        self.buffer = []
        self.atEnd = false
    }

    /// A reader over text already in memory.
    public init(bytes: [UInt8]) {
        self.handle = nil
        self.buffer = bytes
        self.atEnd = true
    }

    deinit {
        try? handle?.close()
    }

    /// The next entry, or nil at the end of the file.
    public func next() throws(TrailFileError) -> TrailEntry? {
        guard let line = try nextLine() else { return nil }
        guard !line.isEmpty else { throw TrailFileError(line: lineNumber, message: "empty line") }
        // Decoding repairs invalid UTF-8 with U+FFFD; a repaired line no longer equals its bytes.
        let text = String(decoding: line, as: UTF8.self)
        guard text.utf8.elementsEqual(line) else {
            throw TrailFileError(line: lineNumber, message: "not valid utf-8")
        }
        let (entry, chained) = try TrailJSONL.chainedEntry(fromLine: text, lineNumber: lineNumber)
        // Every line of a trail in chains names its chain, and no line of a trail of one chain does.
        guard self.chained == nil || self.chained == chained else {
            throw TrailFileError(line: lineNumber, message: chained ? "unknown key 'chain': the lines before had none"
                : "missing key 'chain': the lines before had it")
        }
        self.chained = chained
        return entry
    }

    /// Whether the file at `path` holds a trail in chains: its first line has a `chain` key.
    /// False when that line cannot be read (the verifier then names it).
    public static func isChained(path: String) -> Bool {
        guard let reader = try? TrailJSONLReader(path: path), (try? reader.next()) != nil else { return false }
        return reader.chained == true
    }

    /// The bytes of the next line without its terminator, or nil at the end.
    private func nextLine() throws(TrailFileError) -> ArraySlice<UInt8>? {
        var searched = 0
        while true {
            if let newline = buffer[(start + searched)...].firstIndex(of: 0x0A) {
                lineNumber += 1
                var line = buffer[start..<newline]
                start = newline + 1
                if line.last == 0x0D { line = line.dropLast() }
                return line
            }
            searched = buffer.count - start
            if searched > TrailJSONLReader.maximumLineBytes {
                throw TrailFileError(line: lineNumber + 1, message: "line longer than \(TrailJSONLReader.maximumLineBytes) bytes")
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                lineNumber += 1
                let line = buffer[start...]
                start = buffer.count
                return line
            }
            try readMore()
        }
    }

    /// Drops consumed bytes and appends the next chunk of the file.
    private func readMore() throws(TrailFileError) {
        if start > 0 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        let chunk: Data?
        do {
            chunk = try handle?.read(upToCount: 1 << 16)
        } catch {
            throw TrailFileError(line: lineNumber + 1, message: "read failed: \(error.localizedDescription)")
        }
        guard let chunk, !chunk.isEmpty else {
            atEnd = true
            return
        }
        buffer.append(contentsOf: chunk)
    }
}

/// Something that takes a trail's entries one by one, in order: a verifier, a prover.
public protocol TrailEntryConsumer {
    /// False once it needs no more entries (a problem was found, or it has all it needs).
    var wantsMore: Bool { get }
    /// Takes the next entry, read from `line` of a file when given; false once it wants no more.
    @discardableResult
    mutating func append(_ entry: TrailEntry, line: Int?) -> Bool
    /// Records that the input could not be read at `line` (a malformed line of an exported file).
    mutating func recordUnreadable(line: Int, message: String)
}

extension TrailEntryConsumer {
    /// Feeds every entry `reader` yields while it wants more; a line that cannot be read is
    /// recorded as a `malformed` failure with its line number.
    public mutating func append(contentsOf reader: TrailJSONLReader) {
        while wantsMore {
            do {
                guard let entry = try reader.next() else { return }
                append(entry, line: reader.lineNumber)
            } catch {
                recordUnreadable(line: error.line, message: error.column.map { "column \($0): \(error.message)" } ?? error.message)
            }
        }
    }
}

extension TrailVerifier: TrailEntryConsumer {
    /// Verifies an exported JSON Lines trail read by `reader`; a malformed line ends the check
    /// with a `malformed` failure naming the line.
    public static func verify(reader: TrailJSONLReader, checkpoints: [Checkpoint] = [],
                              trustedKey: CheckpointPublicKey? = nil) -> VerificationReport {
        var verifier = TrailVerifier(checkpoints: checkpoints, trustedKey: trustedKey)
        verifier.append(contentsOf: reader)
        return verifier.finish()
    }

    /// True until a problem is found.
    public var wantsMore: Bool { failure == nil }
}
