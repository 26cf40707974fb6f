import Foundation
@testable import StewardAudit
import Testing

@Suite struct ExportTests {
    static let trail = TrailFixture.trail(count: 100)

    static func jsonl(_ entries: [TrailEntry]) -> [UInt8] {
        Array(entries.map(TrailJSONL.line(for:)).joined().utf8)
    }

    @Test(arguments: [
        (Int64(1_764_033_000_123), "2025-11-25T01:10:00.123Z"), (0, "1970-01-01T00:00:00.000Z"),
        (-1, "1969-12-31T23:59:59.999Z"), (951_782_400_000, "2000-02-29T00:00:00.000Z"),
        (253_402_300_799_999, "9999-12-31T23:59:59.999Z"), (253_402_300_800_000, "+10000-01-01T00:00:00.000Z"),
        (-62_135_596_800_000, "0001-01-01T00:00:00.000Z"), (-62_167_219_200_000, "0000-01-01T00:00:00.000Z"),
        (-62_167_219_200_001, "-0001-12-31T23:59:59.999Z"),
    ])
    func timesAreISO8601UTCWithMilliseconds(milliseconds: Int64, expected: String) {
        #expect(TrailTime.iso8601(milliseconds) == expected)
    }

    @Test func extremeTimesDoNotTrap() {
        #expect(TrailTime.iso8601(.max).hasPrefix("+292278994-08-17T07:12:55.807Z"))
        #expect(TrailTime.iso8601(.min).hasPrefix("-292275055-05-16T16:47:04.192Z"))
    }

    @Test func jsonLineHasFixedKeyOrderAndAllFields() {
        let entry = CanonicalBytesTests.sample.sealed(after: nil)
        #expect(TrailJSONL.line(for: entry) == """
            {"seq":1,"at":1764033000123,"time":"2025-11-25T01:10:00.123Z","instance":"inst-1","definition":"",\
            "event":"started","fromState":"","toState":"draft","person":"张伟","account":"root","host":"h",\
            "engineVersion":"0.1.0","details":"{}","previousHash":"\(TrailEntry.genesisHash)",\
            "hash":"36b895967ef9e391af08122456d1e54782799f076e47a995a27823029cf154e4"}

            """)
    }

    @Test func jsonlRoundTripsAndVerifies() throws {
        let reader = TrailJSONLReader(bytes: Self.jsonl(Self.trail))
        var read: [TrailEntry] = []
        while let entry = try reader.next() { read.append(entry) }
        #expect(read == Self.trail)
        #expect(reader.lineNumber == 100)
        let report = TrailVerifier.verify(reader: TrailJSONLReader(bytes: Self.jsonl(Self.trail)),
                                          checkpoints: [TrailFixture.checkpoint(Self.trail, size: 64)])
        #expect(report.isOK && report.entriesChecked == 100 && report.checkpointsChecked == 1)
    }

    @Test func readerStreamsAFileWithCRLFAndNoFinalNewline() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("trail-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var text = Self.trail.map(TrailJSONL.line(for:)).joined()
        text = String(text.dropLast()).replacingOccurrences(of: "}\n{", with: "}\r\n{")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let report = TrailVerifier.verify(reader: try TrailJSONLReader(path: path))
        #expect(report.isOK && report.entriesChecked == 100, "\(report)")
        #expect(throws: TrailFileError.self) { try TrailJSONLReader(path: path + ".missing") }
    }

    @Test(arguments: [
        ("{\"seq\":1}", "missing key 'at'"), ("[1]", "expected a json object"), ("", "empty line"),
        ("{\"seq\":1,", "not valid json"), ("{\"x\":1}", "unknown key 'x'"),
    ])
    func malformedLineIsReportedWithItsNumber(line: String, message: String) {
        var lines = Self.trail.prefix(5).map(TrailJSONL.line(for:))
        lines[3] = line + "\n"
        let report = TrailVerifier.verify(reader: TrailJSONLReader(bytes: Array(lines.joined().utf8)))
        #expect(report.failure?.reason == .malformed)
        #expect(report.failure?.line == 4)
        #expect(report.failure?.seq == 4)
        #expect(report.failure?.message.contains(message) == true, "\(report)")
        #expect(report.entriesChecked == 3)
    }

    @Test func timeThatDisagreesWithAtIsMalformed() {
        let line = TrailJSONL.line(for: Self.trail[0]).replacingOccurrences(of: "T01:10:00.123Z", with: "T01:10:00.124Z")
        #expect(throws: TrailFileError.self) { try TrailJSONL.entry(fromLine: String(line.dropLast()), lineNumber: 1) }
        let invalid = TrailJSONLReader(bytes: [0x7B, 0xFF, 0x7D, 0x0A])
        #expect(throws: TrailFileError(line: 1, message: "not valid utf-8")) { try invalid.next() }
    }

    @Test func csvQuotesPerRFC4180() {
        let entry = Self.trail[3]
        #expect(TrailCSV.header == "\u{FEFF}seq,at,time,instance,definition,event,fromState,toState,person,account,host,"
            + "engineVersion,details,previousHash,hash\r\n")
        let row = TrailCSV.row(for: entry, utcOffset: { _ in 0 })
        #expect(row.hasPrefix("4,\(entry.at),\(TrailTime.iso8601(entry.at)),inst-3,"))
        let quotedDetails = "\"" + entry.details.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        #expect(row.contains("," + quotedDetails + ","))
        #expect(row.hasSuffix(",\(entry.previousHash),\(entry.hash)\r\n"))
        #expect(TrailCSV.document(Self.trail.prefix(2), utcOffset: { _ in 0 }).components(separatedBy: "\r\n").count == 4)
    }

    @Test("CSV for spreadsheets: a byte order mark, times in the office's zone, formulas made inert")
    func csvForSpreadsheets() {
        let entry = Self.trail[0]
        #expect(TrailCSV.header.utf8.starts(with: [0xEF, 0xBB, 0xBF]))
        let row = TrailCSV.row(for: entry, utcOffset: { _ in 8 * 3600 })
        #expect(row.contains(",2025-11-25T09:10:00.123+08:00,"), "\(row)")
        #expect(TrailTime.iso8601(0, offsetSeconds: -5 * 3600 - 1800) == "1969-12-31T18:30:00.000-05:30")
        for (field, shown) in [("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""), ("+1", "'+1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
                               ("\tx", "'\tx"), ("李明", "李明"), ("a=b", "a=b")] {
            #expect(TrailCSV.quoted(TrailCSV.inert(field)) == shown, "\(field)")
        }
    }
}
