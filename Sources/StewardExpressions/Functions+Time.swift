import StewardTime

/// Functions on dates and datetimes: date, datetime, addDays, addWorkdays, daysBetween, year, month, day.
extension ExpressionFunctions {
    static let timeFunctions: [ExpressionFunction] = [
        ExpressionFunction("date", [[.string, .date, .datetime]], usage: "date(text or datetime)", returns: .date) {
            call throws(ExpressionError) in
            switch call.value(0) {
            case let .string(text):
                guard let date = CivilDate(iso: text) else {
                    throw call.error(.invalidValue, argument: 0, "'\(text)' is not a date",
                                     suggestion: "write a date as YYYY-MM-DD, for example '2026-10-01'")
                }
                return .date(date)
            default:
                return .date(try call.date(0))
            }
        },
        ExpressionFunction("datetime", [[.string, .date, .datetime]], usage: "datetime(text or date)",
                           returns: .datetime) { call throws(ExpressionError) in
            switch call.value(0) {
            case let .string(text):
                guard let instant = LocalTime.parse(text, call.context.utcOffset), LocalTime.isRepresentable(instant)
                else {
                    throw call.error(.invalidValue, argument: 0, "'\(text)' is not a datetime",
                                     suggestion: "write it as ISO 8601, for example '2026-10-01T09:00:00+08:00'")
                }
                return .datetime(instant)
            case let .date(date): return .datetime(LocalTime.startOfDay(date, call.context.utcOffset))
            case let .datetime(instant): return .datetime(instant)
            default: throw call.mismatch(0, "a string or a date")
            }
        },
        ExpressionFunction("addDays", [[.date, .datetime], .integer], usage: "addDays(date, days)", typing: { types in
            switch types[0].presentKinds {
            case .date: return .type(.date)
            case .datetime: return .type(.datetime)
            default: return .type(.any)
            }
        }) { call throws(ExpressionError) in
            let days = try call.integer(1)
            switch call.value(0) {
            case let .date(date): return .date(try shifted(date, by: days, call))
            case let .datetime(instant):
                let (delta, overflow) = Int64(clamping: days).multipliedReportingOverflow(by: LocalTime.millisecondsPerDay)
                let (moved, overflow2) = instant.millisecondsSinceEpoch.addingReportingOverflow(delta)
                let result = Instant(millisecondsSinceEpoch: moved)
                guard !overflow, !overflow2, LocalTime.isRepresentable(result) else { throw outOfRange(call) }
                return .datetime(result)
            default: throw call.mismatch(0, "a date or a datetime")
            }
        },
        ExpressionFunction("addWorkdays", [[.date, .datetime], .integer], usage: "addWorkdays(date, workdays)",
                           returns: .date) { call throws(ExpressionError) in
            let start = try call.date(0)
            let count = try call.integer(1)
            guard let calendar = call.context.calendar else {
                throw ExpressionError(.calendar, "'addWorkdays' needs a working-day calendar, and none is set",
                                      suggestion: "name one with 'calendar:' at the top of the workflow",
                                      offset: call.offset)
            }
            switch Result(catching: { () throws(CalendarError) -> CivilDate in
                try calendar.adding(workdays: count, to: start)
            }) {
            case let .success(date): return .date(date)
            case let .failure(error): throw ExpressionError(.calendar, error.description, offset: call.offset)
            }
        },
        ExpressionFunction("daysBetween", [[.date, .datetime], [.date, .datetime]], usage: "daysBetween(from, to)",
                           returns: .integer) { call throws(ExpressionError) in
            .integer(try call.date(1).dayNumber - call.date(0).dayNumber)
        },
        ExpressionFunction("year", [[.date, .datetime]], usage: "year(date)", returns: .integer) {
            call throws(ExpressionError) in .integer(try call.date(0).year)
        },
        ExpressionFunction("month", [[.date, .datetime]], usage: "month(date)", returns: .integer) {
            call throws(ExpressionError) in .integer(try call.date(0).month)
        },
        ExpressionFunction("day", [[.date, .datetime]], usage: "day(date)", returns: .integer) {
            call throws(ExpressionError) in .integer(try call.date(0).day)
        },
    ]

    /// `date` moved by `days`, within years 1 to 9999.
    private static func shifted(_ date: CivilDate, by days: Int, _ call: FunctionCall) throws(ExpressionError)
        -> CivilDate {
        let (target, overflow) = date.dayNumber.addingReportingOverflow(days)
        guard !overflow, LocalTime.dayRange.contains(target) else { throw outOfRange(call) }
        return CivilDate(dayNumber: target)
    }

    private static func outOfRange(_ call: FunctionCall) -> ExpressionError {
        ExpressionError(.overflow, "'\(call.name)' gives a date outside the years 1 to 9999", offset: call.offset)
    }
}
