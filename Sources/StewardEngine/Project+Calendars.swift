import StewardTime

extension Project {
    /// How long before a calendar's holiday data runs out organizers are told to add the next year.
    public static let calendarWarningDays = 45

    /// A warning for each calendar whose holiday data ends within `calendarWarningDays` of
    /// `now` (or has ended): from then on, deadlines counted in working days cannot be
    /// computed, and tasks open without them.
    public func calendarWarnings(at now: Instant) -> [String] {
        let today = now.localDate(in: zone)
        return calendars.keys.sorted().compactMap { name in
            guard let calendar = calendars[name] else { return nil }
            let last = calendar.coveredYears.upperBound
            guard let end = CivilDate(year: last, month: 12, day: 31),
                  end.dayNumber - today.dayNumber < Self.calendarWarningDays else { return nil }
            return "calendar '\(name)' has holiday data up to \(last) only: working-day deadlines in \(last + 1) cannot be "
                + "counted (tasks open without them); add \(last + 1)'s holidays to its file in \(config.calendars) "
                + "once the State Council publishes them"
        }
    }
}
