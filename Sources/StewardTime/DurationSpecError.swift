/// Why a duration or a reminder time could not be read.
public enum DurationSpecError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not a duration at all; `suggestion` is a corrected spelling when the unit was a near miss.
    case notADuration(String, suggestion: String?)
    /// A number with no unit (`30`).
    case missingUnit(String)
    /// A negative length (`-3 days`).
    case negative(String)
    /// A fraction (`1.5 hours`); `suggestion` is the same length in a smaller unit when exact.
    case fractional(String, suggestion: String?)
    /// Months or years, which have no fixed length (`3 months`, `P1Y`).
    case monthsOrYears(String)
    /// Longer than 10 years, or too large to compute.
    case tooLong(String)
    /// Not `<duration> before due` or `<duration> after due`.
    case notARelativeTime(String)

    /// The text that was rejected.
    public var text: String {
        switch self {
        case let .notADuration(text, _), let .missingUnit(text), let .negative(text), let .fractional(text, _),
             let .monthsOrYears(text), let .tooLong(text), let .notARelativeTime(text):
            return text
        }
    }

    /// A corrected form to offer the user, if there is one.
    public var suggestion: String? {
        switch self {
        case let .notADuration(_, suggestion), let .fractional(_, suggestion): return suggestion
        default: return nil
        }
    }

    /// The message shown to the organizer, with a suggestion when there is one.
    public var description: String {
        let examples = "write e.g. '3 days', '5 workdays', '2h' or 'P3D'"
        switch self {
        case let .notADuration(text, suggestion):
            return "'\(text)' is not a duration; \(examples)" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        case let .missingUnit(text):
            return "'\(text)' has no unit; write e.g. '\(text) minutes', '\(text) days' or '\(text) workdays'"
        case let .negative(text):
            return "'\(text)' is negative; a duration counts forward — for a time before the deadline write e.g. '2 days before due'"
        case let .fractional(text, suggestion):
            let instead = suggestion.map { "'\($0)'" } ?? "e.g. '90 minutes' instead of '1.5 hours'"
            return "'\(text)' has a fraction; write a whole number in a smaller unit, \(instead)"
        case let .monthsOrYears(text):
            return "'\(text)' counts months or years, which have no fixed length; write days (e.g. '90 days') or a date"
        case let .tooLong(text):
            return "'\(text)' is longer than the 10-year limit; write at most \(DurationSpec.maximumDays) days"
        case let .notARelativeTime(text):
            return "'\(text)' is not a time relative to the deadline; write '<duration> before due' or '<duration> after due', e.g. '2 workdays before due'"
        }
    }
}
