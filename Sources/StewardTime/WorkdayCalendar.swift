/// Answers which days are working days, for `workdays` deadlines and `addWorkdays`.
public protocol WorkdayCalendar: Sendable {
    /// The calendar's name as workflows refer to it (`cn-workdays`).
    var name: String { get }
    /// Whether people work on `date`; throws when the calendar has no data for its year.
    func isWorkday(_ date: CivilDate) throws(CalendarError) -> Bool
    /// The `count`-th working day strictly after `start` (strictly before when negative).
    func adding(workdays count: Int, to start: CivilDate) throws(CalendarError) -> CivilDate
}

/// Why a working-day question could not be answered.
public enum CalendarError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The calendar holds no holiday data for this year: answering would silently ignore holidays.
    case yearNotCovered(calendar: String, year: Int, covered: ClosedRange<Int>?)
    /// The count of working days is beyond what the engine accepts.
    case countTooLarge(Int)

    /// The message shown to the organizer: what is missing and what to do.
    public var description: String {
        switch self {
        case let .yearNotCovered(calendar, year, covered):
            let span = covered.map { " (it covers \($0.lowerBound)–\($0.upperBound))" } ?? ""
            return "calendar '\(calendar)' has no holiday data for \(year)\(span); add that year's holidays and make-up working days to the calendar file"
        case let .countTooLarge(count):
            return "\(count) working days is more than the 3650 allowed"
        }
    }
}
