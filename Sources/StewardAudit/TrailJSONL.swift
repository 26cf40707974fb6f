/// The JSON Lines export of a trail: one JSON object per entry, one entry per line.
///
/// Keys in a fixed order: `seq`, `at` (ms integer), `time` (ISO-8601 UTC of `at`, for people),
/// `instance`, `definition`, `event`, `fromState`, `toState`, `person`, `account`, `host`,
/// `engineVersion`, `details` (the canonical JSON text, as a string, so it hashes byte for byte),
/// `previousHash`, `hash`. No spaces; non-ASCII as UTF-8. A trail in chains puts `chain` (a
/// non-negative integer) first, before `seq`; a trail of one chain has no `chain` key.
public enum TrailJSONL {
    /// The key order of every line.
    public static let keys = ["seq", "at", "time", "instance", "definition", "event", "fromState", "toState",
                              "person", "account", "host", "engineVersion", "details", "previousHash", "hash"]

    /// One line for `entry` of a trail of one chain, ending in "\n".
    public static func line(for entry: TrailEntry) -> String { line(for: entry, chained: false) }

    /// One line for `entry`, ending in "\n"; `chained` (a trail in chains) adds its chain first.
    public static func line(for entry: TrailEntry, chained: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(512 + entry.details.utf8.count)
        if chained { out.append(contentsOf: "{\"chain\":\(entry.chain),".utf8) } else { out.append(UInt8(ascii: "{")) }
        out.append(contentsOf: "\"seq\":\(entry.seq),\"at\":\(entry.at),\"time\":".utf8)
        AuditValue.writeString(TrailTime.iso8601(entry.at), to: &out)
        let strings = [("instance", entry.instance), ("definition", entry.definition), ("event", entry.event),
                       ("fromState", entry.fromState), ("toState", entry.toState), ("person", entry.person),
                       ("account", entry.account), ("host", entry.host), ("engineVersion", entry.engineVersion),
                       ("details", entry.details), ("previousHash", entry.previousHash), ("hash", entry.hash)]
        for (key, value) in strings {
            out.append(contentsOf: ",\"\(key)\":".utf8)
            AuditValue.writeString(value, to: &out)
        }
        out.append(contentsOf: "}\n".utf8)
        return String(decoding: out, as: UTF8.self)
    }

    /// Reads one line (without its "\n") back into an entry; strict: exactly the keys above,
    /// `time` must be the ISO-8601 form of `at`. Does not check the hash (the verifier does).
    public static func entry(fromLine text: String, lineNumber: Int) throws(TrailFileError) -> TrailEntry {
        try chainedEntry(fromLine: text, lineNumber: lineNumber).entry
    }

    /// As `entry(fromLine:lineNumber:)`, saying whether the line had a `chain` key.
    static func chainedEntry(fromLine text: String, lineNumber: Int) throws(TrailFileError)
        -> (entry: TrailEntry, chained: Bool) {
        let value: AuditValue
        do {
            value = try AuditValue(parsingJSON: text)
        } catch {
            throw TrailFileError(line: lineNumber, column: error.column, message: "not valid json: \(error.message)")
        }
        guard case .object(let fields) = value else {
            throw TrailFileError(line: lineNumber, message: "expected a json object")
        }
        if let unknown = fields.keys.sorted().first(where: { !keys.contains($0) && $0 != "chain" }) {
            throw TrailFileError(line: lineNumber, message: "unknown key '\(unknown)'")
        }
        if let missing = keys.first(where: { fields[$0] == nil }) {
            throw TrailFileError(line: lineNumber, message: "missing key '\(missing)'")
        }
        func integer(_ key: String) throws(TrailFileError) -> Int64 {
            guard case .int(let number)? = fields[key] else {
                throw TrailFileError(line: lineNumber, message: "'\(key)' must be an integer")
            }
            return number
        }
        func string(_ key: String) throws(TrailFileError) -> String {
            guard case .string(let text)? = fields[key] else {
                throw TrailFileError(line: lineNumber, message: "'\(key)' must be a string")
            }
            return text
        }
        let at = try integer("at")
        let time = try string("time")
        guard time == TrailTime.iso8601(at) else {
            throw TrailFileError(line: lineNumber,
                message: "'time' \(time) does not match 'at' \(at) (which is \(TrailTime.iso8601(at)))")
        }
        var chain = 0
        if let value = fields["chain"] {
            guard case .int(let number) = value, number >= 0, number <= Int64(UInt32.max) else {
                throw TrailFileError(line: lineNumber, message: "'chain' must be a non-negative integer")
            }
            chain = Int(number)
        }
        let entry = TrailEntry(chain: chain,
            seq: try integer("seq"), at: at, instance: try string("instance"), definition: try string("definition"),
            event: try string("event"), fromState: try string("fromState"), toState: try string("toState"),
            person: try string("person"), account: try string("account"), host: try string("host"),
            engineVersion: try string("engineVersion"), details: try string("details"),
            previousHash: try string("previousHash"), hash: try string("hash"))
        return (entry, fields["chain"] != nil)
    }
}

/// Why a line of an exported trail file could not be read.
public struct TrailFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 1-based line number; 0 when the file itself could not be opened or read.
    public var line: Int
    /// 1-based byte column within the line, when known.
    public var column: Int?
    /// What was wrong, in lower case, naming the key in quotes.
    public var message: String

    /// An error at `line` (and `column`, when known).
    public init(line: Int, column: Int? = nil, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `line N:C: message`, as diagnostics are printed.
    public var description: String {
        guard line > 0 else { return message }
        return column.map { "line \(line):\($0): \(message)" } ?? "line \(line): \(message)"
    }
}
