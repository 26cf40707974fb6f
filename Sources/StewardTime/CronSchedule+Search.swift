import Foundation

extension CronSchedule {
    /// Wall-clock minutes in the search window.
    static let searchMinutes = Int64(searchYears) * 366 * 1440

    /// 9999-12-31T23:59 in minutes since local 1970-01-01T00:00: the last minute searched.
    static let lastLocalMinute: Int64 =
        CivilDate(year: 9999, month: 12, day: 31).map { (Int64($0.dayNumber) + 1) * 1440 - 1 } ?? Int64.max

    /// Fixed-time schedules: walk wall-clock candidates; a skipped time fires at the end of
    /// the gap, a repeated time at its first occurrence only.
    func nextByWallClock(after instant: Instant, in zone: TimeZone) -> Instant? {
        let wall = (instant.millisecondsSinceEpoch &+ zone.offsetMilliseconds(at: instant)).flooredDivision(by: 60_000)
        let limit = min(wall &+ CronSchedule.searchMinutes, CronSchedule.lastLocalMinute)
        var start = wall + 1
        while let candidate = firstMatchingMinute(from: start, through: limit) {
            let fire: Instant
            switch zone.resolve(localMilliseconds: candidate * 60_000) {
            case let .unique(time), let .repeated(time, _), let .skipped(time, _):
                fire = time
            }
            // Only a repeated wall time already passed at its first occurrence can land here.
            if fire > instant { return fire }
            start = candidate + 1
        }
        return nil
    }

    /// Schedules with `*` in the minute or hour field: walk the time line one span of
    /// constant UTC offset at a time, firing at every instant whose wall-clock time matches.
    func nextByElapsedTime(after instant: Instant, in zone: TimeZone) -> Instant? {
        var offset = zone.offsetMilliseconds(at: instant)
        var start = (instant.millisecondsSinceEpoch &+ offset).flooredDivision(by: 60_000) + 1
        let limit = min(start &+ CronSchedule.searchMinutes, CronSchedule.lastLocalMinute)
        var spanStart = instant
        while start <= limit {
            let change = zone.nextOffsetChange(after: spanStart)
            var spanLimit = limit
            if let change {
                // The last wall minute whose instant is still before the change.
                let lastWall = -(-(change.millisecondsSinceEpoch &+ offset)).flooredDivision(by: 60_000) - 1
                spanLimit = min(limit, lastWall)
            }
            if let minute = firstMatchingMinute(from: start, through: spanLimit) {
                return Instant(millisecondsSinceEpoch: minute * 60_000 &- offset)
            }
            guard let change, change > spanStart else { return nil }
            spanStart = change
            offset = zone.offsetMilliseconds(at: change)
            start = -(-(change.millisecondsSinceEpoch &+ offset)).flooredDivision(by: 60_000)
        }
        return nil
    }

    /// The first matching wall-clock minute (minutes since local 1970-01-01T00:00) in
    /// `start...limit`, skipping whole months, days and hours that cannot match.
    func firstMatchingMinute(from start: Int64, through limit: Int64) -> Int64? {
        var minute = start
        while minute <= limit {
            let dayIndex = minute.flooredDivision(by: 1440)
            let dayStart = dayIndex * 1440
            let minuteOfDay = Int(minute - dayStart)
            let date = CivilDate(dayNumber: Int(dayIndex))
            guard months.has(date.month) else {
                let daysLeft = CivilDate.daysIn(month: date.month, year: date.year) - date.day + 1
                minute = dayStart + Int64(daysLeft) * 1440
                continue
            }
            guard matchesDay(date), let hour = hours.firstBit(from: minuteOfDay / 60) else {
                minute = dayStart + 1440
                continue
            }
            if hour != minuteOfDay / 60 {
                minute = dayStart + Int64(hour * 60)
                continue
            }
            guard let found = minutes.firstBit(from: minuteOfDay % 60) else {
                minute = dayStart + Int64((hour + 1) * 60)
                continue
            }
            let result = dayStart + Int64(hour * 60 + found)
            return result <= limit ? result : nil
        }
        return nil
    }
}
