/// A wall-clock date and time with no zone, as a clock on the office wall shows it: `2026-11-25 09:30`.
///
/// Turn it into an `Instant` with `Instant(local:in:)`, which documents what happens
/// when daylight-saving time skips or repeats the wall-clock time.
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The calendar day.
    public let date: CivilDate
    /// Hour of the day, 0–23.
    public let hour: Int
    /// Minute of the hour, 0–59.
    public let minute: Int
    /// Second of the minute, 0–59 (leap seconds are not represented).
    public let second: Int
    /// Millisecond of the second, 0–999.
    public let millisecond: Int

    /// Creates a wall-clock time, or nil when a field is out of range (hour 24, minute 60, …).
    public init?(date: CivilDate, hour: Int, minute: Int = 0, second: Int = 0, millisecond: Int = 0) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second),
              (0...999).contains(millisecond) else { return nil }
        self.date = date
        self.hour = hour
        self.minute = minute
        self.second = second
        self.millisecond = millisecond
    }

    /// The wall-clock time `milliseconds` after local midnight of 1970-01-01.
    init(localMilliseconds milliseconds: Int64) {
        let day = milliseconds.flooredDivision(by: LocalDateTime.millisecondsPerDay)
        var rest = Int(milliseconds - day * LocalDateTime.millisecondsPerDay)
        date = CivilDate(dayNumber: Int(day))
        hour = rest / 3_600_000
        rest %= 3_600_000
        minute = rest / 60_000
        rest %= 60_000
        second = rest / 1000
        millisecond = rest % 1000
    }

    /// Milliseconds since local midnight of 1970-01-01, as if this wall time were UTC.
    var localMilliseconds: Int64 {
        Int64(date.dayNumber) * LocalDateTime.millisecondsPerDay
            + Int64(hour) * 3_600_000 + Int64(minute) * 60_000 + Int64(second) * 1000 + Int64(millisecond)
    }

    /// The same wall-clock time on another day.
    func on(_ day: CivilDate) -> LocalDateTime {
        LocalDateTime(uncheckedDate: day, hour: hour, minute: minute, second: second, millisecond: millisecond)
    }

    private init(uncheckedDate: CivilDate, hour: Int, minute: Int, second: Int, millisecond: Int) {
        self.date = uncheckedDate
        self.hour = hour
        self.minute = minute
        self.second = second
        self.millisecond = millisecond
    }

    static let millisecondsPerDay: Int64 = 86_400_000

    /// `2026-11-25T09:30:00`, with `.mmm` appended when there are milliseconds.
    public var description: String {
        let time = "\(hour.zeroPadded(2)):\(minute.zeroPadded(2)):\(second.zeroPadded(2))"
        let fraction = millisecond == 0 ? "" : ".\(millisecond.zeroPadded(3))"
        return "\(date)T\(time)\(fraction)"
    }

    /// Whether `lhs` is an earlier wall-clock time than `rhs`.
    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        lhs.localMilliseconds < rhs.localMilliseconds
    }
}

extension Int {
    /// The number in decimal, left-padded with zeros to `width` digits.
    func zeroPadded(_ width: Int) -> String {
        let text = String(magnitude)
        let padded = String(repeating: "0", count: Swift.max(0, width - text.count)) + text
        return self < 0 ? "-" + padded : padded
    }
}

extension Int64 {
    /// Division rounding toward negative infinity (`-1 / 60 == -1`), for times before 1970.
    func flooredDivision(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
