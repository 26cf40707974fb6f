import Foundation
import Testing
@testable import StewardTime

@Suite struct DurationSpecTests {
    @Test(arguments: [
        ("30s", DurationSpec.elapsed(milliseconds: 30_000)),
        ("15m", .elapsed(milliseconds: 900_000)),
        ("2h", .elapsed(milliseconds: 7_200_000)),
        ("3d", .calendarDays(3)),
        ("3 days", .calendarDays(3)),
        ("1 day", .calendarDays(1)),
        ("2 hours", .elapsed(milliseconds: 7_200_000)),
        ("90 minutes", .elapsed(milliseconds: 5_400_000)),
        ("5 workdays", .workdays(5)),
        ("1 workday", .workdays(1)),
        ("5 Working  Days", .workdays(5)),
        ("2 weeks", .calendarDays(14)),
        ("PT2H", .elapsed(milliseconds: 7_200_000)),
        ("P3D", .calendarDays(3)),
        ("P1DT2H30M", .calendarDaysAndElapsed(days: 1, milliseconds: 9_000_000)),
        ("P2W", .calendarDays(14)),
        ("pt45s", .elapsed(milliseconds: 45_000)),
        ("3天", .calendarDays(3)),
        ("5个工作日", .workdays(5)),
        ("2小时", .elapsed(milliseconds: 7_200_000)),
        ("30分钟", .elapsed(milliseconds: 1_800_000)),
        ("３天", .calendarDays(3)),          // full-width digit from a Chinese input method
        ("2 个星期", .calendarDays(14)),
        ("0s", .elapsed(milliseconds: 0)),   // zero is allowed: 'after: 0s' means at once
        ("0 workdays", .workdays(0)),
        ("3650 days", .calendarDays(3650)),
        ("521 weeks", .calendarDays(3647)),
    ])
    func parses(text: String, expected: DurationSpec) throws {
        let spec = try DurationSpec(parsing: text)
        #expect(spec == expected)
        #expect(try DurationSpec(parsing: spec.description) == spec)  // description reads back
    }

    @Test(arguments: [
        ("3 dayz", DurationSpecError.notADuration("3 dayz", suggestion: "3 days")),
        ("5 wrokdays", .notADuration("5 wrokdays", suggestion: "5 workdays")),
        ("2 hourz", .notADuration("2 hourz", suggestion: "2 hours")),
        ("abc", .notADuration("abc", suggestion: nil)),
        ("", .notADuration("", suggestion: nil)),
        ("P", .notADuration("P", suggestion: nil)),
        ("PT", .notADuration("PT", suggestion: nil)),
        ("P1DT", .notADuration("P1DT", suggestion: nil)),
        ("PT2H3D", .notADuration("PT2H3D", suggestion: nil)),
        ("30", .missingUnit("30")),
        ("-3 days", .negative("-3 days")),
        ("1.5 hours", .fractional("1.5 hours", suggestion: "90 minutes")),
        ("0.5d", .fractional("0.5d", suggestion: "12 hours")),
        ("2.5 workdays", .fractional("2.5 workdays", suggestion: nil)),
        ("PT1.5H", .fractional("PT1.5H", suggestion: nil)),
        ("3 months", .monthsOrYears("3 months")),
        ("1年", .monthsOrYears("1年")),
        ("P1M", .monthsOrYears("P1M")),
        ("P1Y", .monthsOrYears("P1Y")),
        ("3651 days", .tooLong("3651 days")),
        ("522 weeks", .tooLong("522 weeks")),
        ("3651 workdays", .tooLong("3651 workdays")),
        ("99999999999999999999s", .tooLong("99999999999999999999s")),
        ("P3651D", .tooLong("P3651D")),
        ("PT87601H", .tooLong("PT87601H")),
    ])
    func rejects(text: String, expected: DurationSpecError) {
        #expect(throws: expected) { try DurationSpec(parsing: text) }
    }

    @Test func messagesNameTheProblemAndTheFix() {
        #expect(DurationSpecError.notADuration("3 dayz", suggestion: "3 days").description
            == "'3 dayz' is not a duration; write e.g. '3 days', '5 workdays', '2h' or 'P3D'; did you mean '3 days'?")
        #expect(DurationSpecError.fractional("1.5 hours", suggestion: "90 minutes").description
            == "'1.5 hours' has a fraction; write a whole number in a smaller unit, '90 minutes'")
        #expect(DurationSpecError.negative("-3 days").description.contains("'2 days before due'"))
        #expect(DurationSpecError.tooLong("3651 days").description == "'3651 days' is longer than the 10-year limit; write at most 3650 days")
    }

    @Test func elapsedTimeIgnoresTheClockOnTheWall() throws {
        let start = try at("2025-03-08T12:00:00-05:00")
        let newYork = try zone("America/New_York")
        #expect(try DurationSpec(parsing: "24h").deadline(from: start, zone: newYork, calendar: nil)
            == (try at("2025-03-09T13:00:00-04:00")))
        // A calendar day keeps the wall-clock time across the spring-forward night (23 hours).
        #expect(try DurationSpec(parsing: "1 day").deadline(from: start, zone: newYork, calendar: nil)
            == (try at("2025-03-09T12:00:00-04:00")))
        #expect(try DurationSpec(parsing: "P1DT2H").deadline(from: start, zone: newYork, calendar: nil)
            == (try at("2025-03-09T14:00:00-04:00")))
        #expect(try DurationSpec(parsing: "0 days").deadline(from: start, zone: newYork, calendar: nil) == start)
    }

    @Test func workdaysKeepTheWallClockTimeOnTheCalendar() throws {
        let calendar = try ChinaWorkdayFacts.load().calendar()
        let shanghai = try zone("Asia/Shanghai")
        // Friday before the 2025 Spring Festival; Sunday 26 January is a make-up working day.
        let start = try at("2025-01-24T09:30:00+08:00")
        #expect(try DurationSpec(parsing: "1 workday").deadline(from: start, zone: shanghai, calendar: calendar)
            == (try at("2025-01-26T09:30:00+08:00")))
        #expect(try DurationSpec(parsing: "3个工作日").deadline(from: start, zone: shanghai, calendar: calendar)
            == (try at("2025-02-05T09:30:00+08:00")))
        // The local date counts, not the UTC one: 07:00 in Shanghai is still the previous day in UTC.
        #expect(try DurationSpec(parsing: "1 workday").deadline(from: at("2025-01-24T07:00:00+08:00"), zone: shanghai, calendar: calendar)
            == (try at("2025-01-26T07:00:00+08:00")))
    }

    @Test func workdaysNeedACalendarAndCoveredYears() throws {
        let shanghai = try zone("Asia/Shanghai")
        let spec = try DurationSpec(parsing: "5 workdays")
        #expect(throws: DeadlineError.needsCalendar(.workdays(5))) {
            try spec.deadline(from: at("2025-01-24T09:30:00+08:00"), zone: shanghai, calendar: nil)
        }
        #expect(DeadlineError.needsCalendar(.workdays(5)).description
            == "'5 workdays' counts working days but the workflow names no calendar; add e.g. 'calendar: cn-workdays' to the workflow, or count calendar days")
        let calendar = try ChinaWorkdayFacts.load().calendar()
        #expect(throws: DeadlineError.calendar(.yearNotCovered(calendar: "cn-workdays", year: 2027, covered: 2004...2026))) {
            try spec.deadline(from: at("2026-12-28T09:30:00+08:00"), zone: shanghai, calendar: calendar)
        }
    }

    @Test func valuesBuiltInCodeCannotOverflow() throws {
        let utc = try zone("UTC")
        let start = try at("2025-01-01T00:00:00Z")
        #expect(throws: DeadlineError.outOfRange(.elapsed(milliseconds: .min))) {
            try DurationSpec.elapsed(milliseconds: .min).deadline(from: start, zone: utc, calendar: nil)
        }
        #expect(throws: DeadlineError.outOfRange(.calendarDays(.max))) {
            try DurationSpec.calendarDays(.max).deadline(from: start, zone: utc, calendar: nil)
        }
        #expect(throws: DeadlineError.calendar(.countTooLarge(5000))) {
            try DurationSpec.workdays(5000).deadline(from: start, zone: utc, calendar: WorkingCalendar.weekendsOnly(name: "w"))
        }
    }
}

@Suite struct RelativeTimeTests {
    @Test(arguments: [
        ("2 workdays before due", RelativeTime(duration: .workdays(2), direction: .before)),
        ("1 day after due", RelativeTime(duration: .calendarDays(1), direction: .after)),
        ("30m Before Due", RelativeTime(duration: .elapsed(milliseconds: 1_800_000), direction: .before)),
        ("截止前2个工作日", RelativeTime(duration: .workdays(2), direction: .before)),
        ("到期后 1 天", RelativeTime(duration: .calendarDays(1), direction: .after)),
        ("due", RelativeTime(duration: .elapsed(milliseconds: 0), direction: .after)),
    ])
    func parses(text: String, expected: RelativeTime) throws {
        let relative = try RelativeTime(parsing: text)
        #expect(relative == expected)
        #expect(try RelativeTime(parsing: relative.description) == relative)
    }

    @Test func rejects() {
        #expect(throws: DurationSpecError.notARelativeTime("2 days before start")) { try RelativeTime(parsing: "2 days before start") }
        #expect(throws: DurationSpecError.notADuration("2 dayz", suggestion: "2 days")) { try RelativeTime(parsing: "2 dayz before due") }
        #expect(throws: DurationSpecError.negative("-1 day")) { try RelativeTime(parsing: "-1 day after due") }
    }

    @Test func remindersCountBackFromTheDeadline() throws {
        let calendar = try ChinaWorkdayFacts.load().calendar()
        let shanghai = try zone("Asia/Shanghai")
        let due = try at("2025-02-05T18:00:00+08:00")
        // 27 January is one working day before; Sunday 26 January (调休) is two.
        #expect(try RelativeTime(parsing: "2 workdays before due").instant(relativeTo: due, zone: shanghai, calendar: calendar)
            == (try at("2025-01-26T18:00:00+08:00")))
        #expect(try RelativeTime(parsing: "3h before due").instant(relativeTo: due, zone: shanghai, calendar: calendar)
            == (try at("2025-02-05T15:00:00+08:00")))
        #expect(try RelativeTime(parsing: "1 day after due").instant(relativeTo: due, zone: shanghai, calendar: nil)
            == (try at("2025-02-06T18:00:00+08:00")))
    }
}
