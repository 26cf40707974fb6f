import Foundation
import Testing
@testable import StewardTime

@Suite struct InstantTests {
    @Test(arguments: [
        ("2026-11-25T09:30:00+08:00", "2026-11-25T01:30:00.000Z"),
        ("2026-11-25T01:30:00Z", "2026-11-25T01:30:00.000Z"),
        ("2026-11-25t01:30:00z", "2026-11-25T01:30:00.000Z"),
        ("2026-11-25 09:30+08:00", "2026-11-25T01:30:00.000Z"),
        ("2026-11-25T09:30:00.5+0800", "2026-11-25T01:30:00.500Z"),
        ("2026-11-25T01:30:00.123456789Z", "2026-11-25T01:30:00.123Z"),  // digits past the millisecond are dropped
        ("2026-11-24T20:30:00-05", "2026-11-25T01:30:00.000Z"),
        ("1969-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999Z"),
        ("1970-01-01T08:00:00+08:00", "1970-01-01T00:00:00.000Z"),
    ])
    func parsesAndFormatsInUTC(text: String, utc: String) throws {
        let instant = try Instant(iso8601: text)
        #expect(instant.iso8601 == utc)
        #expect(try Instant(iso8601: instant.iso8601) == instant)
    }

    @Test func knownEpochValues() throws {
        #expect(try Instant(iso8601: "1970-01-01T00:00:00Z").millisecondsSinceEpoch == 0)
        #expect(try Instant(iso8601: "1969-12-31T23:59:59.999Z").millisecondsSinceEpoch == -1)
        #expect(try Instant(iso8601: "2026-11-25T01:30:00Z").millisecondsSinceEpoch == 1_795_570_200_000)
    }

    @Test(arguments: [
        ("2026-11-25T09:30:00", "'2026-11-25T09:30:00' has no time zone offset; add 'Z' for UTC or an offset such as '+08:00'"),
        ("2026-11-25", "'2026-11-25' is a date without a time; write e.g. '2026-11-25T09:00:00+08:00'"),
        ("2026-02-30T09:00:00Z", "'2026-02-30T09:00:00Z' is not a date-time; write e.g. '2026-11-25T09:30:00+08:00' or '2026-11-25T01:30:00Z'"),
        ("2026-11-25T24:00:00Z", "'2026-11-25T24:00:00Z' has a time of day out of range; use hours 0–23, minutes and seconds 0–59"),
        ("2026-11-25T09:30:00+24:00", "'2026-11-25T09:30:00+24:00' has an offset out of range; write one between -23:59 and +23:59, such as '+08:00'"),
        ("2026-11-25T09:30:00.Z", "'2026-11-25T09:30:00.Z' has a fraction of a second with 0 digits; write 1 to 9 digits, e.g. '.250'"),
        ("next tuesday", "'next tuesday' is not a date-time; write e.g. '2026-11-25T09:30:00+08:00' or '2026-11-25T01:30:00Z'"),
        ("2026-11-25T09:30:00+08:00 ", "'2026-11-25T09:30:00+08:00 ' is not a date-time; write e.g. '2026-11-25T09:30:00+08:00' or '2026-11-25T01:30:00Z'"),
    ])
    func rejectsWithAReason(text: String, message: String) {
        #expect(throws: DateTimeError(text: text, message: message)) { try Instant(iso8601: text) }
    }

    @Test func localTimeRoundTrips() throws {
        let shanghai = try zone("Asia/Shanghai")
        let instant = try at("2026-11-25T01:30:00Z")
        let local = instant.local(in: shanghai)
        #expect(local.description == "2026-11-25T09:30:00")
        #expect(instant.localDate(in: shanghai) == (try date("2026-11-25")))
        #expect(Instant(local: local, in: shanghai) == instant)
        #expect(try Instant(localDate: date("2026-11-25"), hour: 9, minute: 30, in: shanghai) == instant)
        #expect(instant.iso8601(in: shanghai) == "2026-11-25T09:30:00.000+08:00")
    }

    @Test func skippedWallTimeIsPushedForwardByTheGap() throws {
        let newYork = try zone("America/New_York")
        // 02:30 does not exist on 2025-03-09; read with the old offset it is 03:30 EDT.
        #expect(try Instant(localDate: date("2025-03-09"), hour: 2, minute: 30, in: newYork) == (try at("2025-03-09T03:30:00-04:00")))
        let berlin = try zone("Europe/Berlin")
        #expect(try Instant(localDate: date("2025-03-30"), hour: 2, minute: 0, in: berlin) == (try at("2025-03-30T03:00:00+02:00")))
    }

    @Test func repeatedWallTimeTakesTheEarlierInstant() throws {
        let newYork = try zone("America/New_York")
        #expect(try Instant(localDate: date("2025-11-02"), hour: 1, minute: 30, in: newYork) == (try at("2025-11-02T01:30:00-04:00")))
        // Both occurrences read back as the same wall-clock time.
        #expect(try at("2025-11-02T01:30:00-05:00").local(in: newYork).description == "2025-11-02T01:30:00")
    }

    @Test func outOfRangeFieldsThrow() throws {
        #expect(throws: DateTimeError.self) { try Instant(localDate: date("2026-01-01"), hour: 24, minute: 0, in: zone("UTC")) }
        #expect(LocalDateTime(date: try date("2026-01-01"), hour: 9, minute: 60) == nil)
    }
}
