import Foundation

/// A standard 5-field cron schedule: `minute hour day-of-month month day-of-week`.
///
/// Syntax: `*`, lists `a,b`, ranges `a-b`, steps `*/n`, `a-b/n` and `a/n` (from `a` to the
/// field's maximum), month names `jan`–`dec`, weekday names `sun`–`sat` (any case),
/// `0` or `7` for Sunday, `?` as `*` in day-of-month and day-of-week, and the macros
/// `@yearly` `@annually` `@monthly` `@weekly` `@daily` `@midnight` `@hourly`.
/// Two widely shared extensions are accepted because organizers need them: `L` alone in
/// day-of-month (the last day of the month) and `weekday#n` in day-of-week (the n-th such
/// weekday of the month, n = 1–5, e.g. `mon#1`). Other extensions (`W`, `L5`, `5L`,
/// `L-2`, seconds or year fields, `@every`) are rejected with an error.
///
/// Day matching follows Vixie cron: when both day fields are restricted (neither starts
/// with `*` or `?`) a day matches if **either** matches; otherwise it must match both.
/// A schedule that can never fire in any year (`0 0 30 2 *`) is rejected when parsed.
///
/// Daylight-saving time, as Debian cron and cronsim do it:
/// - Schedules at fixed times (neither the minute nor the hour field starts with `*`) follow
///   the wall clock. A time skipped by a spring-forward gap fires once, at the first instant
///   after the gap (`30 2 * * *` fires at 03:00 on that day). A time repeated when clocks
///   are turned back fires once, at its first occurrence.
/// - Schedules whose minute or hour field starts with `*` (`*/15 * * * *`, `7 * * * *`,
///   `@hourly`) follow elapsed time: they fire at every instant whose wall-clock time
///   matches, so a skipped hour does not fire and a repeated hour fires again.
public struct CronSchedule: Hashable, Sendable, CustomStringConvertible {
    /// The expression as written.
    public let expression: String
    let minutes: UInt64        // bit m for minute m
    let hours: UInt64          // bit h for hour h
    let daysOfMonth: UInt64    // bit d for day d (1–31)
    let lastDayOfMonth: Bool   // `L`
    let months: UInt64         // bit m for month m (1–12)
    let weekdays: UInt64       // bit w for weekday w (0 = Sunday … 6)
    let nthWeekdays: UInt64    // bit w*5+(n-1) for `w#n`
    let eitherDayMatches: Bool // Vixie OR rule
    let followsWallClock: Bool // fixed-time DST handling

    /// How far `next(after:in:)` looks before giving up: 30 years covers every schedule
    /// that can fire at all, including 29 February on a given weekday.
    public static let searchYears = 30

    /// Reads a cron expression; throws with the message and the position of the first problem.
    public init(parsing expression: String) throws(CronScheduleError) {
        self = try CronParser(expression: expression).parse()
    }

    init(expression: String, minutes: UInt64, hours: UInt64, daysOfMonth: UInt64, lastDayOfMonth: Bool,
         months: UInt64, weekdays: UInt64, nthWeekdays: UInt64, eitherDayMatches: Bool, followsWallClock: Bool) {
        self.expression = expression
        self.minutes = minutes
        self.hours = hours
        self.daysOfMonth = daysOfMonth
        self.lastDayOfMonth = lastDayOfMonth
        self.months = months
        self.weekdays = weekdays
        self.nthWeekdays = nthWeekdays
        self.eitherDayMatches = eitherDayMatches
        self.followsWallClock = followsWallClock
    }

    /// The expression as written.
    public var description: String { expression }

    /// 0001-01-01 to 9999-12-31 (UTC), a day wider on each side for zone offsets.
    static let searchableInstants: ClosedRange<Int64> = -62_135_683_200_000...253_402_387_199_999

    /// The first time strictly after `instant` at which the schedule fires, reading the
    /// fields as wall-clock time in `zone`; nil when there is none within `searchYears`,
    /// none before the year 9999 ends, or `instant` itself is outside the years 1–9999.
    public func next(after instant: Instant, in zone: TimeZone) -> Instant? {
        guard CronSchedule.searchableInstants.contains(instant.millisecondsSinceEpoch) else { return nil }
        return followsWallClock ? nextByWallClock(after: instant, in: zone) : nextByElapsedTime(after: instant, in: zone)
    }

    /// Whether the schedule fires at `local` (seconds and milliseconds must be zero).
    public func matches(_ local: LocalDateTime) -> Bool {
        local.second == 0 && local.millisecond == 0 && months.has(local.date.month) && matchesDay(local.date)
            && hours.has(local.hour) && minutes.has(local.minute)
    }

    func matchesDay(_ date: CivilDate) -> Bool {
        let weekday = date.weekday % 7
        let dayOfMonth = daysOfMonth.has(date.day)
            || (lastDayOfMonth && date.day == CivilDate.daysIn(month: date.month, year: date.year))
        let dayOfWeek = weekdays.has(weekday) || nthWeekdays.has(weekday * 5 + (date.day - 1) / 7)
        return eitherDayMatches ? (dayOfMonth || dayOfWeek) : (dayOfMonth && dayOfWeek)
    }
}

extension UInt64 {
    /// Whether bit `index` is set.
    func has(_ index: Int) -> Bool { index >= 0 && index < 64 && self & (1 << UInt64(index)) != 0 }

    /// The lowest set bit at or above `index`, if any.
    func firstBit(from index: Int) -> Int? {
        guard index < 64 else { return nil }
        let rest = index <= 0 ? self : (self >> UInt64(index)) << UInt64(index)
        return rest == 0 ? nil : rest.trailingZeroBitCount
    }
}
