/// UTC timestamps for exports, computed without calendars or locales (proleptic Gregorian).
public enum TrailTime {
    /// ISO-8601 UTC with milliseconds, e.g. `2025-11-25T01:10:00.123Z`, for milliseconds since
    /// 1970-01-01T00:00:00Z. Years outside 0…9999 are written with a sign (`+10000`, `-0001`).
    public static func iso8601(_ milliseconds: Int64) -> String {
        iso8601(milliseconds, offsetSeconds: 0)
    }

    /// The same moment as the clocks of a zone `offsetSeconds` east of UTC showed it, e.g.
    /// `2025-11-25T09:10:00.123+08:00` (`Z` when the offset is 0).
    public static func iso8601(_ milliseconds: Int64, offsetSeconds: Int) -> String {
        let (local, overflow) = milliseconds.addingReportingOverflow(Int64(offsetSeconds) * 1000)
        let text = wallClock(overflow ? milliseconds : local)
        guard offsetSeconds != 0, !overflow else { return text + "Z" }
        let minutes = abs(offsetSeconds) / 60
        return text + (offsetSeconds < 0 ? "-" : "+") + pad(UInt64(minutes / 60), 2) + ":" + pad(UInt64(minutes % 60), 2)
    }

    /// `2025-11-25T01:10:00.123` for milliseconds since the epoch, without a zone.
    private static func wallClock(_ milliseconds: Int64) -> String {
        let msPerDay: Int64 = 86_400_000
        var days = milliseconds / msPerDay
        var msOfDay = milliseconds % msPerDay
        if msOfDay < 0 {
            msOfDay += msPerDay
            days -= 1
        }
        let (year, month, day) = civil(fromDays: days)
        let yearText: String
        if year < 0 {
            yearText = "-" + pad(year.magnitude, 4)
        } else if year > 9999 {
            yearText = "+" + String(year)
        } else {
            yearText = pad(UInt64(year), 4)
        }
        let hour = msOfDay / 3_600_000
        let minute = msOfDay / 60_000 % 60
        let second = msOfDay / 1000 % 60
        let millisecond = msOfDay % 1000
        return "\(yearText)-\(pad(UInt64(month), 2))-\(pad(UInt64(day), 2))T\(pad(UInt64(hour), 2)):"
            + "\(pad(UInt64(minute), 2)):\(pad(UInt64(second), 2)).\(pad(UInt64(millisecond), 3))"
    }

    /// Year, month (1…12), day (1…31) of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func pad(_ value: UInt64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
