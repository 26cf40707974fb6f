/// Why a working-day calendar definition (a calendar file's values) was rejected.
public enum CalendarDefinitionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The calendar name is not `[a-z0-9][a-z0-9-]*`.
    case badName(String)
    /// `years` is not two years `[first, last]` with first ≤ last within 1–9999.
    case badYears(String)
    /// A weekend entry is not a day of the week.
    case badWeekday(String)
    /// A key is not an ISO date `YYYY-MM-DD`.
    case badDate(section: String, text: String)
    /// An entry has no name.
    case missingEntryName(section: String, date: CivilDate)
    /// The same date is listed twice in one section.
    case duplicateDate(section: String, date: CivilDate)
    /// A date lies outside the years the calendar declares it covers.
    case dateOutsideYears(section: String, date: CivilDate, covered: ClosedRange<Int>)
    /// A date is listed both as a holiday and as a make-up working day.
    case holidayAndWorkday(CivilDate)
    /// A make-up working day falls on a day that is a working day anyway.
    case workdayNotOnWeekend(CivilDate)

    /// The message shown to the organizer: what is wrong and what to write instead.
    public var description: String {
        switch self {
        case let .badName(name):
            return "calendar name '\(name)' is not valid; use lower-case letters, digits and '-', starting with a letter or digit (e.g. 'cn-workdays')"
        case let .badYears(text):
            return "'years' is '\(text)'; write the first and last year the holiday data covers, e.g. 'years: [2004, 2026]'"
        case let .badWeekday(text):
            return "'\(text)' in 'weekend' is not a day of the week; write e.g. 'weekend: [saturday, sunday]'"
        case let .badDate(section, text):
            return "'\(text)' in '\(section)' is not a date; write it as YYYY-MM-DD, e.g. '2026-10-01'"
        case let .missingEntryName(section, date):
            return "\(date) in '\(section)' has no name; write e.g. '\(date): 国庆节'"
        case let .duplicateDate(section, date):
            return "\(date) is listed twice in '\(section)'; keep one entry"
        case let .dateOutsideYears(section, date, covered):
            return "\(date) in '\(section)' is outside the calendar's years \(covered.lowerBound)–\(covered.upperBound); extend 'years' or remove the entry"
        case let .holidayAndWorkday(date):
            return "\(date) is both a holiday and a make-up working day; remove it from one of 'holidays' and 'workdays'"
        case let .workdayNotOnWeekend(date):
            return "make-up working day \(date) is a \(CalendarDefinitionError.weekdayName(date.weekday)), which is a working day anyway; check the date or remove it from 'workdays'"
        }
    }

    static func weekdayName(_ isoWeekday: Int) -> String {
        let names = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        return (1...7).contains(isoWeekday) ? names[isoWeekday - 1] : "day \(isoWeekday)"
    }
}
