import Foundation

extension Instant {
    /// The wall-clock date and time at this instant in `zone`.
    public func local(in zone: TimeZone) -> LocalDateTime {
        LocalDateTime(localMilliseconds: millisecondsSinceEpoch &+ zone.offsetMilliseconds(at: self))
    }

    /// The calendar day at this instant in `zone`.
    public func localDate(in zone: TimeZone) -> CivilDate { local(in: zone).date }

    /// The instant at which clocks in `zone` show `local`.
    ///
    /// Daylight-saving policy, deterministic and the same as java.time and Temporal's
    /// `compatible` choice:
    /// - a wall time that happens twice (clocks turned back) gives the **earlier** instant;
    /// - a wall time that never happens (clocks turned forward) is **pushed forward by the
    ///   length of the gap**: 02:30 in a 02:00→03:00 spring-forward gap gives 03:30.
    public init(local: LocalDateTime, in zone: TimeZone) {
        switch zone.resolve(localMilliseconds: local.localMilliseconds) {
        case let .unique(instant), let .repeated(instant, _), let .skipped(_, instant):
            self = instant
        }
    }

    /// The instant at which clocks in `zone` show `hour:minute:second` on `localDate`.
    ///
    /// Throws when a field is out of range; see `init(local:in:)` for daylight-saving gaps and overlaps.
    public init(localDate: CivilDate, hour: Int, minute: Int, second: Int = 0, in zone: TimeZone) throws(DateTimeError) {
        guard let local = LocalDateTime(date: localDate, hour: hour, minute: minute, second: second) else {
            throw DateTimeError(
                text: "\(localDate) \(hour):\(minute):\(second)",
                message: "\(hour.zeroPadded(2)):\(minute.zeroPadded(2)):\(second.zeroPadded(2)) is not a time of day; use hours 0–23, minutes and seconds 0–59"
            )
        }
        self.init(local: local, in: zone)
    }
}
