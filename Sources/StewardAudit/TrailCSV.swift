/// The CSV export of a trail (RFC 4180): a header row, then one row per entry, CRLF line ends.
///
/// Columns as in `TrailJSONL.keys`. A field is quoted when it contains a comma, a double
/// quote, CR or LF; quotes inside are doubled. Spreadsheets may treat a field that starts
/// with `=`, `+`, `-` or `@` as a formula: open exports as text, or prefer JSON Lines,
/// which `steward audit verify --file` reads back.
public enum TrailCSV {
    /// The header row, ending in CRLF.
    public static var header: String {
        TrailJSONL.keys.joined(separator: ",") + "\r\n"
    }

    /// The row for `entry`, ending in CRLF.
    public static func row(for entry: TrailEntry) -> String {
        let fields = [String(entry.seq), String(entry.at), TrailTime.iso8601(entry.at), entry.instance,
                      entry.definition, entry.event, entry.fromState, entry.toState, entry.person, entry.account,
                      entry.host, entry.engineVersion, entry.details, entry.previousHash, entry.hash]
        return fields.map(quoted).joined(separator: ",") + "\r\n"
    }

    /// The whole export of `entries`, header first.
    public static func document(_ entries: some Sequence<TrailEntry>) -> String {
        entries.reduce(into: header) { $0 += row(for: $1) }
    }

    /// `field` as RFC 4180 allows: bare when it needs no quoting, otherwise in double quotes.
    static func quoted(_ field: String) -> String {
        let needsQuotes = field.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else { return field }
        return "\"" + field.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
