/// The CSV export of a trail (RFC 4180), for reading in a spreadsheet: a UTF-8 byte order
/// mark (spreadsheets on Chinese Windows otherwise read UTF-8 as GBK), a header row, then one
/// row per entry, CRLF line ends.
///
/// Columns as in `TrailJSONL.keys` (a trail in chains has `chain` first); `time` is in the
/// office's time zone. A field is quoted when it contains a comma, a double quote, CR or LF; quotes inside are doubled. A field that
/// starts with `=`, `+`, `-`, `@`, a tab or CR gets a leading `'`, so a spreadsheet shows it
/// as text instead of running it as a formula. JSON Lines is the form `steward audit verify
/// --file` reads back; the CSV is for people.
public enum TrailCSV {
    /// The byte order mark and the header row, ending in CRLF.
    public static var header: String { header(chained: false) }

    /// The header row; `chained` (a trail in chains) adds a first column `chain`.
    public static func header(chained: Bool) -> String {
        "\u{FEFF}" + ((chained ? ["chain"] : []) + TrailJSONL.keys).joined(separator: ",") + "\r\n"
    }

    /// The row for `entry`, ending in CRLF; `utcOffset` gives the office's offset from UTC, in
    /// seconds, at a moment (milliseconds since the epoch); `chained` puts its chain first.
    public static func row(for entry: TrailEntry, utcOffset: (Int64) -> Int, chained: Bool = false) -> String {
        let time = TrailTime.iso8601(entry.at, offsetSeconds: utcOffset(entry.at))
        let fields = (chained ? [String(entry.chain)] : []) + [String(entry.seq), String(entry.at), time,
                      entry.instance, entry.definition, entry.event, entry.fromState, entry.toState, entry.person,
                      entry.account, entry.host, entry.engineVersion, entry.details, entry.previousHash, entry.hash]
        return fields.map { quoted(inert($0)) }.joined(separator: ",") + "\r\n"
    }

    /// The whole export of `entries`, header first.
    public static func document(_ entries: some Sequence<TrailEntry>, utcOffset: (Int64) -> Int) -> String {
        entries.reduce(into: header) { $0 += row(for: $1, utcOffset: utcOffset) }
    }

    /// `field` as a spreadsheet will only show: a leading `'` before what could start a formula.
    public static func inert(_ field: String) -> String {
        guard let first = field.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return field }
        return "'" + field
    }

    /// `field` as RFC 4180 allows: bare when it needs no quoting, otherwise in double quotes.
    public static func quoted(_ field: String) -> String {
        let needsQuotes = field.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else { return field }
        return "\"" + field.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
