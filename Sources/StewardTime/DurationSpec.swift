import Foundation

/// A length of time as organizers write it for `due`, `after`, `for` and `interval`:
/// `30s`, `2 hours`, `3 days`, `5 workdays`, `P1DT2H`, `3天`, `5个工作日`.
///
/// Zero is allowed in every unit (`after: 0s` means "at once"); negative lengths are not
/// (write `2 days before due` instead). The longest accepted length is 10 years
/// (3650 days or working days).
public enum DurationSpec: Hashable, Sendable, CustomStringConvertible {
    /// Elapsed time (seconds, minutes, hours, ISO `PT…`): the same on every clock.
    case elapsed(milliseconds: Int64)
    /// Calendar days (days, weeks, ISO `P…D`/`P…W`): the same wall-clock time that many
    /// days later in the organization's zone, however long daylight-saving makes the days.
    case calendarDays(Int)
    /// An ISO duration with both parts (`P1DT2H30M`): calendar days first, then elapsed time.
    case calendarDaysAndElapsed(days: Int, milliseconds: Int64)
    /// Working days on the workflow's calendar, keeping the wall-clock time.
    case workdays(Int)

    /// The longest length in days (about 10 years).
    public static let maximumDays = 3650

    /// Reads what a user wrote; throws with a message (and a suggestion for near-miss units).
    public init(parsing text: String) throws(DurationSpecError) {
        self = try DurationParser(text: text).parse()
    }

    /// The instant this long after `start`.
    ///
    /// Calendar and working days move the local date in `zone` and keep the local
    /// wall-clock time (a time that daylight-saving skips is pushed forward by the gap,
    /// a repeated one takes its first occurrence; see `Instant(local:in:)`).
    /// Working days need `calendar`; without one this throws `needsCalendar`.
    public func deadline(from start: Instant, zone: TimeZone, calendar: (any WorkdayCalendar)?) throws(DeadlineError) -> Instant {
        try moved(start, forward: true, zone: zone, calendar: calendar)
    }

    /// `start` moved forward (or backward) by this length.
    func moved(_ start: Instant, forward: Bool, zone: TimeZone, calendar: (any WorkdayCalendar)?) throws(DeadlineError) -> Instant {
        guard isWithinLimits else { throw .outOfRange(self) }
        let sign = forward ? 1 : -1
        switch self {
        case let .elapsed(milliseconds):
            return try adding(milliseconds * Int64(sign), to: start)
        case let .calendarDays(days):
            return try shifting(start, byDays: days * sign, in: zone)
        case let .calendarDaysAndElapsed(days, milliseconds):
            return try adding(milliseconds * Int64(sign), to: shifting(start, byDays: days * sign, in: zone))
        case let .workdays(count):
            guard let calendar else { throw .needsCalendar(self) }
            guard count != 0 else { return start }
            let local = start.local(in: zone)
            let day: CivilDate
            do throws(CalendarError) {
                day = try calendar.adding(workdays: count * sign, to: local.date)
            } catch {
                throw .calendar(error)
            }
            return Instant(local: local.on(day), in: zone)
        }
    }

    /// Whether every part is within ±10 years, so arithmetic on it cannot overflow.
    var isWithinLimits: Bool {
        let days = Int64(DurationSpec.maximumDays)
        switch self {
        case let .elapsed(milliseconds):
            return milliseconds.magnitude <= UInt64(days * 86_400_000)
        case let .calendarDays(count):
            return count.magnitude <= UInt(days)
        case let .calendarDaysAndElapsed(count, milliseconds):
            return count.magnitude <= UInt(days) && milliseconds.magnitude <= UInt64(days * 86_400_000)
        case let .workdays(count):
            return count != Int.min  // larger counts are the calendar's to refuse
        }
    }

    private func adding(_ milliseconds: Int64, to start: Instant) throws(DeadlineError) -> Instant {
        let (sum, overflow) = start.millisecondsSinceEpoch.addingReportingOverflow(milliseconds)
        guard !overflow else { throw .outOfRange(self) }
        return Instant(millisecondsSinceEpoch: sum)
    }

    private func shifting(_ start: Instant, byDays days: Int, in zone: TimeZone) throws(DeadlineError) -> Instant {
        guard days != 0 else { return start }
        let local = start.local(in: zone)
        let day = local.date.adding(days: days)
        guard (1...9999).contains(day.year) else { throw .outOfRange(self) }
        return Instant(local: local.on(day), in: zone)
    }

    /// A form the parser reads back: `2 hours`, `3 days`, `5 workdays`, `P1DT2H30M`.
    public var description: String {
        switch self {
        case let .elapsed(milliseconds):
            return DurationSpec.describe(milliseconds: milliseconds)
        case let .calendarDays(days):
            return days == 1 ? "1 day" : "\(days) days"
        case let .workdays(count):
            return count == 1 ? "1 workday" : "\(count) workdays"
        case let .calendarDaysAndElapsed(days, milliseconds):
            var time = ""
            var rest = milliseconds
            for (unit, size) in [("H", Int64(3_600_000)), ("M", 60_000), ("S", 1000)] where rest >= size {
                time += "\(rest / size)\(unit)"
                rest %= size
            }
            return "P\(days)D" + (time.isEmpty ? "" : "T\(time)")
        }
    }

    static func describe(milliseconds: Int64) -> String {
        for (name, size) in [("hour", Int64(3_600_000)), ("minute", 60_000), ("second", 1000)]
        where milliseconds != 0 && milliseconds % size == 0 {
            let count = milliseconds / size
            return count == 1 ? "1 \(name)" : "\(count) \(name)s"
        }
        return milliseconds == 0 ? "0 seconds" : "\(milliseconds) milliseconds"
    }
}
