/// A working-day calendar from a calendar file: weekends off, official holidays off,
/// official make-up working days on (China's 调休).
///
/// A day is a working day when it is a make-up working day; otherwise when it is
/// neither a weekend day nor a holiday. A day outside `coveredYears` is never guessed
/// at: asking about it throws `CalendarError.yearNotCovered`, because "no holidays that
/// year" would silently move deadlines over a national holiday.
public struct WorkingCalendar: WorkdayCalendar, Equatable {
    /// The calendar's name as workflows refer to it (`cn-workdays`).
    public let name: String
    /// A human title (`中国法定工作日`), if the file gives one.
    public let title: String?
    /// The years the holiday data is complete for.
    public let coveredYears: ClosedRange<Int>
    /// Days of the week that are off, as ISO weekday numbers (1 = Monday … 7 = Sunday).
    public let weekendDays: Set<Int>
    /// Official days off, each with its holiday name (`春节`).
    public let holidays: [CivilDate: String]
    /// Weekend days that are working days (调休), each with the holiday they make up for.
    public let makeUpWorkdays: [CivilDate: String]
    /// Days off given in lieu of a holiday that fell on a weekend; information only,
    /// they are also listed in `holidays` when they are days off.
    public let inLieuDays: [CivilDate: String]

    /// The most working days one call may move (about 14 years).
    public static let maximumCount = 3650

    /// Creates a calendar from checked values.
    ///
    /// Throws when a date lies outside `years`, a day is both a holiday and a make-up
    /// working day, or a make-up working day is not a weekend day (it would change nothing,
    /// so it is almost certainly a typo).
    public init(
        name: String,
        title: String? = nil,
        years: ClosedRange<Int>,
        weekendDays: Set<Int> = [6, 7],
        holidays: [CivilDate: String],
        makeUpWorkdays: [CivilDate: String],
        inLieuDays: [CivilDate: String] = [:]
    ) throws(CalendarDefinitionError) {
        guard years.lowerBound >= 1, years.upperBound <= 9999 else {
            throw .badYears("\(years.lowerBound)–\(years.upperBound)")
        }
        if let bad = weekendDays.first(where: { !(1...7).contains($0) }) {
            throw .badWeekday(String(bad))
        }
        for (section, days) in [("holidays", holidays), ("workdays", makeUpWorkdays), ("in_lieu", inLieuDays)] {
            if let date = days.keys.sorted().first(where: { !years.contains($0.year) }) {
                throw .dateOutsideYears(section: section, date: date, covered: years)
            }
        }
        if let date = holidays.keys.sorted().first(where: { makeUpWorkdays[$0] != nil }) {
            throw .holidayAndWorkday(date)
        }
        if let date = makeUpWorkdays.keys.sorted().first(where: { !weekendDays.contains($0.weekday) }) {
            throw .workdayNotOnWeekend(date)
        }
        self.name = name
        self.title = title
        self.coveredYears = years
        self.weekendDays = weekendDays
        self.holidays = holidays
        self.makeUpWorkdays = makeUpWorkdays
        self.inLieuDays = inLieuDays
    }

    /// A calendar with Saturday and Sunday off and no holidays, valid for every year.
    ///
    /// For organizations that explicitly choose to ignore public holidays; it is never
    /// used as a silent fallback for a calendar that lacks a year.
    public static func weekendsOnly(name: String) -> WorkingCalendar {
        WorkingCalendar(unchecked: name, years: 1...9999)
    }

    private init(unchecked name: String, years: ClosedRange<Int>) {
        self.name = name
        self.title = nil
        self.coveredYears = years
        self.weekendDays = [6, 7]
        self.holidays = [:]
        self.makeUpWorkdays = [:]
        self.inLieuDays = [:]
    }

    /// Whether people work on `date`; throws when `date` is outside `coveredYears`.
    public func isWorkday(_ date: CivilDate) throws(CalendarError) -> Bool {
        guard coveredYears.contains(date.year) else {
            throw .yearNotCovered(calendar: name, year: date.year, covered: coveredYears)
        }
        if makeUpWorkdays[date] != nil { return true }
        return !weekendDays.contains(date.weekday) && holidays[date] == nil
    }

    /// The `count`-th working day strictly after `start` (strictly before when negative);
    /// `start` itself when `count` is 0.
    ///
    /// Throws `countTooLarge` beyond ±3650 and `yearNotCovered` when the walk reaches a
    /// day outside the covered years.
    public func adding(workdays count: Int, to start: CivilDate) throws(CalendarError) -> CivilDate {
        guard abs(count) <= WorkingCalendar.maximumCount else { throw .countTooLarge(count) }
        let step = count < 0 ? -1 : 1
        var remaining = abs(count)
        var day = start
        while remaining > 0 {
            day = day.adding(days: step)
            if try isWorkday(day) { remaining -= 1 }
        }
        return day
    }

    /// The name of the holiday on `date`, if it is one.
    public func holidayName(on date: CivilDate) -> String? { holidays[date] }
}
