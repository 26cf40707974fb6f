import Foundation
import Testing
@testable import StewardTime

func zone(_ identifier: String) throws -> TimeZone { try #require(TimeZone(identifier: identifier)) }

func at(_ text: String) throws -> Instant { try Instant(iso8601: text) }

@Suite struct CronScheduleTests {
    /// Fire times after `base`, as UTC ISO strings.
    func fires(_ expression: String, after base: String, in zoneName: String = "UTC", count: Int = 3) throws -> [String] {
        let schedule = try CronSchedule(parsing: expression)
        let zone = try zone(zoneName)
        var result: [String] = []
        var after = try at(base)
        for _ in 0..<count {
            guard let next = schedule.next(after: after, in: zone) else { break }
            result.append(next.iso8601(in: zone))
            after = next
        }
        return result
    }

    @Test(arguments: [
        // (expression, error message, offset, length)
        ("60 0 * * *", "minute 60 is out of range 0–59", 0, 2),
        ("0 60 * * *", "hour 60 is out of range 0–23", 2, 2),
        ("0 0 1,2,40 * *", "day-of-month 40 is out of range 1–31", 8, 2),
        ("0 0 * 13 *", "month 13 is out of range 1–12", 6, 2),
        ("0 0 * * 8", "day-of-week 8 is out of range 0–7", 8, 1),
        ("0 0 * * XYZ", "'XYZ' is not a valid day-of-week; write a number 0–7 (0 and 7 are sunday) or a name sun–sat", 8, 3),
        ("0 0 30 2 *", "day-of-month '30' never occurs in month '2', so the schedule would never fire; check the day and the month", 4, 2),
        ("*/0 * * * *", "a step of 0 in '*/0' never advances; use a step of at least 1", 0, 3),
        ("*/61 * * * *", "the step 61 in '*/61' is larger than the minute field's 60 values", 0, 4),
        ("0 0 5-3 * *", "the range '5-3' runs backwards; write the smaller value first", 4, 3),
        ("0 ? * * *", "'?' means 'any day' and fits only the day-of-month and day-of-week fields; write '*' in the hour field", 2, 1),
        ("0 9 * * mon,,fri", "the day-of-week field 'mon,,fri' has an empty list item; remove the extra ','", 8, 8),
        ("0 9 * * mon-fri#1", "'#' needs one weekday before it and a week number after it, e.g. 'mon#1'", 8, 9),
        ("0 9 * * 1#6", "the week number after '#' in '1#6' must be 1–5 (the 1st to 5th such weekday of the month)", 8, 3),
        ("0 9 15W * *", "'15W' (nearest weekday) is a non-standard cron extension that steward does not support; list the days instead", 4, 3),
        ("* * * *", "a cron schedule has 5 fields (minute hour day-of-month month day-of-week) but '* * * *' has 4", 0, 7),
        ("0 0 0 * * *", "a cron schedule has 5 fields (minute hour day-of-month month day-of-week) but '0 0 0 * * *' has 6; steward has no seconds or year field", 0, 11),
        ("", "an empty cron schedule never fires; write five fields such as '0 9 * * mon-fri' or a macro such as '@daily'", 0, 0),
        ("@every 5m", "'@every' is not supported; write a 5-field schedule such as '*/15 * * * *'", 0, 6),
        ("@fortnightly", "unknown macro '@fortnightly'; use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly", 0, 12),
        ("@daily 5", "the macro '@daily' stands alone; remove '5'", 7, 1),
        ("TZ=Asia/Shanghai 0 9 * * *", "time zone prefixes such as 'TZ=Asia/Shanghai' are not supported; schedules run in the organization's time zone ('timezone:' in steward.yaml)", 0, 16),
        ("  0  9 * * 1-5/0", "a step of 0 in '1-5/0' never advances; use a step of at least 1", 11, 5),
        ("0 9 * * 周一", "'周一' is not a valid day-of-week; write a number 0–7 (0 and 7 are sunday) or a name sun–sat", 8, 2),
    ])
    func parseErrorsSayWhatAndWhere(expression: String, message: String, offset: Int, length: Int) {
        #expect(throws: CronScheduleError(expression: expression, message: message, offset: offset, length: length)) {
            try CronSchedule(parsing: expression)
        }
    }

    @Test func namesAreCaseInsensitiveAndSevenIsSunday() throws {
        let sunday = "2024-01-07T00:00:00.000+00:00"
        #expect(try fires("0 0 * * SUN", after: "2024-01-01T00:00:00Z", count: 1) == [sunday])
        #expect(try fires("0 0 * * 7", after: "2024-01-01T00:00:00Z", count: 1) == [sunday])
        #expect(try fires("0 0 * * sun", after: "2024-01-01T00:00:00Z", count: 1) == [sunday])
        #expect(try fires("0 0 1 Jul *", after: "2024-01-01T00:00:00Z", count: 1) == ["2024-07-01T00:00:00.000+00:00"])
        // 'fri-sun' wraps to Friday, Saturday and Sunday.
        #expect(try fires("0 12 * * fri-sun", after: "2024-01-01T00:00:00Z") ==
            ["2024-01-05T12:00:00.000+00:00", "2024-01-06T12:00:00.000+00:00", "2024-01-07T12:00:00.000+00:00"])
    }

    @Test func macrosExpand() throws {
        let base = "2024-07-15T12:34:56Z"
        #expect(try fires("@yearly", after: base, count: 1) == ["2025-01-01T00:00:00.000+00:00"])
        #expect(try fires("@annually", after: base, count: 1) == ["2025-01-01T00:00:00.000+00:00"])
        #expect(try fires("@monthly", after: base, count: 1) == ["2024-08-01T00:00:00.000+00:00"])
        #expect(try fires("@weekly", after: base, count: 1) == ["2024-07-21T00:00:00.000+00:00"])
        #expect(try fires("@midnight", after: base, count: 1) == ["2024-07-16T00:00:00.000+00:00"])
        #expect(try fires("@HOURLY", after: base, count: 1) == ["2024-07-15T13:00:00.000+00:00"])
    }

    @Test func stepsRangesAndLists() throws {
        #expect(try fires("10-40/15 * * * *", after: "2024-01-01T00:00:00Z") ==
            ["2024-01-01T00:10:00.000+00:00", "2024-01-01T00:25:00.000+00:00", "2024-01-01T00:40:00.000+00:00"])
        #expect(try fires("50/5 * * * *", after: "2024-01-01T00:00:00Z") ==
            ["2024-01-01T00:50:00.000+00:00", "2024-01-01T00:55:00.000+00:00", "2024-01-01T01:50:00.000+00:00"])
        #expect(try fires("0 9 * * 1-5", after: "2024-01-05T10:00:00Z", count: 2) ==
            ["2024-01-08T09:00:00.000+00:00", "2024-01-09T09:00:00.000+00:00"])
    }

    @Test func lastDayAndNthWeekday() throws {
        #expect(try fires("0 18 L * *", after: "2024-01-31T18:00:00Z", count: 2) ==
            ["2024-02-29T18:00:00.000+00:00", "2024-03-31T18:00:00.000+00:00"])
        #expect(try fires("0 9 * * mon#1", after: "2024-01-01T09:00:00Z", count: 2) ==
            ["2024-02-05T09:00:00.000+00:00", "2024-03-04T09:00:00.000+00:00"])
    }

    @Test func vixieDayRule() throws {
        // Both restricted: the 13th OR a Friday.
        #expect(try fires("0 0 13 * 5", after: "2024-09-09T00:00:00Z") ==
            ["2024-09-13T00:00:00.000+00:00", "2024-09-20T00:00:00.000+00:00", "2024-09-27T00:00:00.000+00:00"])
        // '?' counts as '*': only the 13th.
        #expect(try fires("0 0 13 * ?", after: "2024-09-09T00:00:00Z", count: 2) ==
            ["2024-09-13T00:00:00.000+00:00", "2024-10-13T00:00:00.000+00:00"])
    }

    @Test func springForwardGap() throws {
        // Fixed time in the gap: fires once at its end (03:00 EDT).
        #expect(try fires("30 2 * * *", after: "2025-03-09T00:00:00-05:00", in: "America/New_York", count: 2) ==
            ["2025-03-09T03:00:00.000-04:00", "2025-03-10T02:30:00.000-04:00"])
        // Two fixed times in the gap fire once together.
        #expect(try fires("0,30 2 * * *", after: "2025-03-09T00:00:00-05:00", in: "America/New_York", count: 2) ==
            ["2025-03-09T03:00:00.000-04:00", "2025-03-10T02:00:00.000-04:00"])
        // Elapsed-time schedules skip the missing hour.
        #expect(try fires("*/30 2 * * *", after: "2025-03-09T00:00:00-05:00", in: "America/New_York", count: 1) ==
            ["2025-03-10T02:00:00.000-04:00"])
    }

    @Test func fallBackRepeatedHour() throws {
        // Fixed time: first occurrence only, even when asked from inside the repeated hour.
        #expect(try fires("30 1 * * *", after: "2025-11-02T01:10:00-05:00", in: "America/New_York", count: 1) ==
            ["2025-11-03T01:30:00.000-05:00"])
        // Hourly: every elapsed hour, so 01:07 fires twice.
        #expect(try fires("7 * * * *", after: "2025-11-02T00:30:00-04:00", in: "America/New_York") ==
            ["2025-11-02T01:07:00.000-04:00", "2025-11-02T01:07:00.000-05:00", "2025-11-02T02:07:00.000-05:00"])
    }

    @Test func rareSchedulesAreFoundWithoutScanningMinutes() throws {
        // 2100 is not a leap year: eight years between 29 Februaries.
        #expect(try fires("0 0 29 2 *", after: "2096-03-01T00:00:00Z", count: 1) == ["2104-02-29T00:00:00.000+00:00"])
        // A 5th Monday in February needs Feb 1 a Monday in a leap year: 28 years apart.
        #expect(try fires("0 0 * 2 mon#5", after: "2016-03-01T00:00:00Z", count: 1) == ["2044-02-29T00:00:00.000+00:00"])
        let everyMinute = try CronSchedule(parsing: "* * * * *")
        var time = try at("2024-01-01T00:00:00Z")
        let shanghai = try zone("Asia/Shanghai")
        for _ in 0..<2000 {
            let next = try #require(everyMinute.next(after: time, in: shanghai))
            #expect(next.millisecondsSinceEpoch - time.millisecondsSinceEpoch == 60_000)
            time = next
        }
    }

    @Test func noFireTimeBeyondTheYear9999() throws {
        let schedule = try CronSchedule(parsing: "0 0 1 1 *")
        let utc = try zone("UTC")
        #expect(schedule.next(after: try at("9999-06-01T00:00:00Z"), in: utc) == nil)
        #expect(schedule.next(after: try at("9998-06-01T00:00:00Z"), in: utc) == (try at("9999-01-01T00:00:00Z")))
    }

    @Test func strictlyAfterTheBase() throws {
        #expect(try fires("0 9 * * *", after: "2024-01-01T09:00:00Z", count: 1) == ["2024-01-02T09:00:00.000+00:00"])
        #expect(try fires("0 9 * * *", after: "2024-01-01T08:59:59.999Z", count: 1) == ["2024-01-01T09:00:00.000+00:00"])
        #expect(try CronSchedule(parsing: " 0 9 * * * ").description == " 0 9 * * * ")
    }
}
