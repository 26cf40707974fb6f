import StewardTime

/// Conversions between instants, civil dates and ISO 8601 text, in the organization's UTC offset.
///
/// The offset comes from the caller (`EvaluationContext.utcOffset`); it is clamped to ±18 hours,
/// the ISO 8601 range, so a faulty provider cannot make arithmetic overflow.
enum LocalTime {
    static let millisecondsPerDay: Int64 = 86_400_000
    /// 0001-01-01T00:00:00Z.
    static let earliest = Instant(millisecondsSinceEpoch: -719_162 * millisecondsPerDay)
    /// 9999-12-31T23:59:59.999Z.
    static let latest = Instant(millisecondsSinceEpoch: 2_932_897 * millisecondsPerDay - 1)
    /// Day numbers of 0001-01-01 and 9999-12-31.
    static let dayRange = -719_162...2_932_896

    /// Whether an instant lies within years 1 to 9999.
    static func isRepresentable(_ instant: Instant) -> Bool { instant >= earliest && instant <= latest }

    /// The offset at `instant` in seconds, clamped to ±18 hours.
    static func offset(at instant: Instant, _ provider: @Sendable (Instant) -> Int) -> Int64 {
        Int64(max(-64_800, min(64_800, provider(instant))))
    }

    /// The calendar day `instant` falls on in the organization's time zone.
    static func localDate(of instant: Instant, _ provider: @Sendable (Instant) -> Int) -> CivilDate {
        let bounded = min(max(instant.millisecondsSinceEpoch, earliest.millisecondsSinceEpoch),
                          latest.millisecondsSinceEpoch)
        let local = bounded + offset(at: instant, provider) * 1000
        return CivilDate(dayNumber: Int(floorDivide(local, millisecondsPerDay)))
    }

    /// The instant of a local wall-clock time (milliseconds since 1970-01-01T00:00 local).
    static func instant(localMilliseconds local: Int64, _ provider: @Sendable (Instant) -> Int) -> Instant {
        let guess = local - offset(at: Instant(millisecondsSinceEpoch: local), provider) * 1000
        return Instant(millisecondsSinceEpoch: local - offset(at: Instant(millisecondsSinceEpoch: guess), provider) * 1000)
    }

    /// Local midnight at the start of `date`.
    static func startOfDay(_ date: CivilDate, _ provider: @Sendable (Instant) -> Int) -> Instant {
        instant(localMilliseconds: Int64(date.dayNumber) * millisecondsPerDay, provider)
    }

    /// `2026-10-01T08:30:00Z`, with `.mmm` only when there are milliseconds.
    static func isoText(_ instant: Instant) -> String {
        // Clamped far outside years 1–9999 only so that the arithmetic below cannot overflow.
        let ms = min(max(instant.millisecondsSinceEpoch, -8_000_000_000_000_000_000), 8_000_000_000_000_000_000)
        let day = floorDivide(ms, millisecondsPerDay)
        let inDay = ms - day * millisecondsPerDay
        let date = CivilDate(dayNumber: Int(day))
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let seconds = inDay / 1000
        var text = "\(date)T\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
        if inDay % 1000 != 0 { text += "." + pad(inDay % 1000, 3) }
        return text + "Z"
    }

    /// Parses `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM[:SS[.fff]]` with an optional zone `Z`, `±HH:MM`, `±HHMM` or
    /// `±HH` (`T` may be a space). Without a zone the time is local to the organization; a date alone means
    /// local midnight. Nil when the text is not such a datetime.
    static func parse(_ text: String, _ provider: @Sendable (Instant) -> Int) -> Instant? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 10, bytes.count <= 40, let date = CivilDate(iso: String(decoding: bytes[0..<10], as: UTF8.self))
        else { return nil }
        var reader = DigitReader(bytes: bytes, position: 10)
        var milliseconds: Int64 = 0
        if !reader.atEnd {
            guard reader.take("T") || reader.take("t") || reader.take(" "),
                  let hour = reader.number(2), hour < 24, reader.take(":"),
                  let minute = reader.number(2), minute < 60 else { return nil }
            var second: Int64 = 0
            if reader.take(":") {
                guard let value = reader.number(2), value < 60 else { return nil }
                second = value
                if reader.take(".") || reader.take(",") {
                    guard let fraction = reader.fraction() else { return nil }
                    milliseconds = fraction
                }
            }
            milliseconds += (hour * 3600 + minute * 60 + second) * 1000
        }
        let local = Int64(date.dayNumber) * millisecondsPerDay + milliseconds
        if reader.atEnd { return instant(localMilliseconds: local, provider) }
        let zoneOffset: Int64
        if reader.take("Z") || reader.take("z") {
            zoneOffset = 0
        } else {
            let sign: Int64
            if reader.take("+") { sign = 1 } else if reader.take("-") { sign = -1 } else { return nil }
            guard let hours = reader.number(2), hours <= 18 else { return nil }
            var minutes: Int64 = 0
            if !reader.atEnd {
                _ = reader.take(":")
                guard let value = reader.number(2), value < 60 else { return nil }
                minutes = value
            }
            zoneOffset = sign * (hours * 3600 + minutes * 60)
        }
        guard reader.atEnd else { return nil }
        return Instant(millisecondsSinceEpoch: local - zoneOffset * 1000)
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }
}

/// Reads fixed-width ASCII numbers from bytes.
private struct DigitReader {
    let bytes: [UInt8]
    var position: Int

    var atEnd: Bool { position >= bytes.count }

    mutating func take(_ character: Unicode.Scalar) -> Bool {
        guard !atEnd, bytes[position] == UInt8(ascii: character) else { return false }
        position += 1
        return true
    }

    mutating func number(_ width: Int) -> Int64? {
        guard position + width <= bytes.count else { return nil }
        var value: Int64 = 0
        for byte in bytes[position..<position + width] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        position += width
        return value
    }

    /// 1 to 9 fraction digits as milliseconds (truncated).
    mutating func fraction() -> Int64? {
        var digits: [Int64] = []
        while !atEnd, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9"), digits.count < 9 {
            digits.append(Int64(bytes[position] - UInt8(ascii: "0")))
            position += 1
        }
        guard !digits.isEmpty else { return nil }
        let padded = digits + [0, 0, 0]
        return padded[0] * 100 + padded[1] * 10 + padded[2]
    }
}
