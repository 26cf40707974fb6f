import Foundation

/// How a wall-clock time maps onto the time line of a zone.
enum LocalTimeResolution: Equatable {
    /// The wall-clock time happens exactly once.
    case unique(Instant)
    /// The clocks were turned back: the wall-clock time happens twice.
    case repeated(earlier: Instant, later: Instant)
    /// The clocks were turned forward over this wall-clock time.
    /// `transition` is the first instant after the gap; `pushedForward` is the wall time
    /// read with the offset in force before the gap (02:30 in a 02:00–03:00 gap gives 03:30).
    case skipped(transition: Instant, pushedForward: Instant)
}

extension Instant {
    /// The instant as a Foundation date, for asking a `TimeZone` about its offset.
    var foundationDate: Date { Date(timeIntervalSince1970: Double(millisecondsSinceEpoch) / 1000) }
}

extension TimeZone {
    /// The zone's offset from UTC at `instant`, in milliseconds.
    func offsetMilliseconds(at instant: Instant) -> Int64 {
        Int64(secondsFromGMT(for: instant.foundationDate)) * 1000
    }

    /// The next instant after `instant` at which the zone's offset changes, if any.
    func nextOffsetChange(after instant: Instant) -> Instant? {
        guard let date = nextDaylightSavingTimeTransition(after: instant.foundationDate) else { return nil }
        return Instant(millisecondsSinceEpoch: Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }

    /// Maps a wall-clock time (milliseconds since local 1970-01-01T00:00) onto the time line.
    ///
    /// Assumes at most one offset change within a day of the wall time, which holds
    /// for every zone in the tz database in the years the engine schedules.
    func resolve(localMilliseconds local: Int64) -> LocalTimeResolution {
        let day = LocalDateTime.millisecondsPerDay
        let before = offsetMilliseconds(at: Instant(millisecondsSinceEpoch: local &- day))
        let after = offsetMilliseconds(at: Instant(millisecondsSinceEpoch: local &+ day))
        var offsets: Set<Int64> = [before, after]
        offsets.insert(offsetMilliseconds(at: Instant(millisecondsSinceEpoch: local &- before)))
        offsets.insert(offsetMilliseconds(at: Instant(millisecondsSinceEpoch: local &- after)))
        let matches = offsets
            .map { Instant(millisecondsSinceEpoch: local &- $0) }
            .filter { local &- offsetMilliseconds(at: $0) == $0.millisecondsSinceEpoch }
            .sorted()
        if let first = matches.first, let last = matches.last {
            return first == last ? .unique(first) : .repeated(earlier: first, later: last)
        }
        // A gap: the offset grew from `early` to `late` somewhere in (local - late, local - early].
        let early = offsets.min() ?? before
        let late = offsets.max() ?? after
        var low = local &- late   // still on the old offset
        var high = local &- early // already on the new offset
        let oldOffset = offsetMilliseconds(at: Instant(millisecondsSinceEpoch: low))
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if offsetMilliseconds(at: Instant(millisecondsSinceEpoch: middle)) == oldOffset {
                low = middle
            } else {
                high = middle
            }
        }
        return .skipped(
            transition: Instant(millisecondsSinceEpoch: high),
            pushedForward: Instant(millisecondsSinceEpoch: local &- early)
        )
    }
}
