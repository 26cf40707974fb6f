import Foundation

/// A time before or after a task's deadline, for reminders and escalations:
/// `2 workdays before due`, `1 day after due`, `截止前2个工作日`.
public struct RelativeTime: Hashable, Sendable, CustomStringConvertible {
    /// Which side of the deadline.
    public enum Direction: String, Hashable, Sendable {
        /// Earlier than the deadline.
        case before
        /// Later than the deadline.
        case after
    }

    /// How far from the deadline.
    public let duration: DurationSpec
    /// Before or after it.
    public let direction: Direction

    /// Creates a time `duration` before or after the deadline.
    public init(duration: DurationSpec, direction: Direction) {
        self.duration = duration
        self.direction = direction
    }

    /// Reads `<duration> before due`, `<duration> after due`, `due` (the deadline itself),
    /// or the Chinese `截止前<duration>` / `截止后<duration>` (also `到期前` / `到期后`).
    public init(parsing text: String) throws(DurationSpecError) {
        let normalized = DurationParser.normalized(text)
        if normalized == "due" || normalized == "at due" {
            self.init(duration: .elapsed(milliseconds: 0), direction: .after)
            return
        }
        for (suffix, direction) in [(" before due", Direction.before), (" after due", .after)] where normalized.hasSuffix(suffix) {
            let amount = String(normalized.dropLast(suffix.count))
            self.init(duration: try DurationSpec(parsing: amount), direction: direction)
            return
        }
        for (prefix, direction) in [("截止前", Direction.before), ("到期前", .before), ("截止后", .after), ("到期后", .after)]
        where normalized.hasPrefix(prefix) {
            let amount = String(normalized.dropFirst(prefix.count))
            self.init(duration: try DurationSpec(parsing: amount), direction: direction)
            return
        }
        throw .notARelativeTime(text)
    }

    /// `2 workdays before due`.
    public var description: String { "\(duration) \(direction.rawValue) due" }

    /// The instant `duration` before or after `due`, counted like `DurationSpec.deadline`.
    public func instant(relativeTo due: Instant, zone: TimeZone, calendar: (any WorkdayCalendar)?) throws(DeadlineError) -> Instant {
        try duration.moved(due, forward: direction == .after, zone: zone, calendar: calendar)
    }
}
