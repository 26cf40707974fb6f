/// Why a deadline or reminder time could not be computed.
public enum DeadlineError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The length counts working days but the workflow names no calendar.
    case needsCalendar(DurationSpec)
    /// The working-day calendar could not answer (a year it does not cover, …).
    case calendar(CalendarError)
    /// The result would fall outside the years 1–9999.
    case outOfRange(DurationSpec)

    /// The message shown to the organizer: what is wrong and what to do.
    public var description: String {
        switch self {
        case let .needsCalendar(duration):
            return "'\(duration)' counts working days but the workflow names no calendar; add e.g. 'calendar: cn-workdays' to the workflow, or count calendar days"
        case let .calendar(error):
            return error.description
        case let .outOfRange(duration):
            return "moving by '\(duration)' leaves the years 0001–9999"
        }
    }
}
