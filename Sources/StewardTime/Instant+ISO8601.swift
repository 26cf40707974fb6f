import Foundation

extension Instant {
    /// Reads an RFC 3339 / ISO 8601 date-time that carries its offset:
    /// `2026-11-25T09:30:00+08:00`, `2026-11-25T01:30:00.250Z`.
    ///
    /// Accepted: `T`, `t` or one space between date and time; seconds optional
    /// (`09:30+08:00`); a fraction of a second of 1–9 digits, kept to the millisecond
    /// (further digits are dropped, not rounded); `Z`, `z`, `±HH:MM`, `±HHMM` or `±HH`.
    /// A date-time without an offset is rejected: its instant would depend on where it is read.
    public init(iso8601 text: String) throws(DateTimeError) {
        var reader = ISO8601Reader(text: text)
        self = try reader.read()
    }

    /// This instant in UTC with milliseconds: `2026-11-25T01:30:00.000Z`.
    public var iso8601: String {
        "\(LocalDateTime(localMilliseconds: millisecondsSinceEpoch).timestamp)Z"
    }

    /// This instant as wall-clock time in `zone` with its offset: `2026-11-25T09:30:00.000+08:00`.
    public func iso8601(in zone: TimeZone) -> String {
        "\(local(in: zone).timestamp)\(offsetText(in: zone))"
    }

    /// `+08:00`: how far clocks in `zone` are from UTC at this instant, as ISO 8601 writes it
    /// (`:SS` only for an offset with seconds, as some historical zones have).
    public func offsetText(in zone: TimeZone) -> String {
        let offset = zone.offsetMilliseconds(at: self) / 1000
        let sign = offset < 0 ? "-" : "+"
        let minutes = Int(abs(offset) / 60)
        let seconds = Int(abs(offset) % 60)
        let tail = seconds == 0 ? "" : ":\(seconds.zeroPadded(2))"
        return "\(sign)\((minutes / 60).zeroPadded(2)):\((minutes % 60).zeroPadded(2))\(tail)"
    }
}

extension LocalDateTime {
    /// `2026-11-25T01:30:00.000`: always with milliseconds, for machine-readable output.
    var timestamp: String {
        "\(date)T\(hour.zeroPadded(2)):\(minute.zeroPadded(2)):\(second.zeroPadded(2)).\(millisecond.zeroPadded(3))"
    }
}

/// A one-pass reader of RFC 3339 date-times.
private struct ISO8601Reader {
    let text: String
    let bytes: [UInt8]
    var position = 0

    init(text: String) {
        self.text = text
        self.bytes = Array(text.utf8)
    }

    mutating func read() throws(DateTimeError) -> Instant {
        guard bytes.count >= 10, let date = CivilDate(iso: String(decoding: bytes[0..<10], as: UTF8.self)) else {
            throw fail("'\(text)' is not a date-time; write e.g. '2026-11-25T09:30:00+08:00' or '2026-11-25T01:30:00Z'")
        }
        position = 10
        guard position < bytes.count else {
            throw fail("'\(text)' is a date without a time; write e.g. '\(date)T09:00:00+08:00'")
        }
        guard [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")].contains(bytes[position]) else {
            throw notADateTime()
        }
        position += 1
        let hour = try twoDigits()
        try expect(":")
        let minute = try twoDigits()
        var second = 0
        var millisecond = 0
        if peek(":") {
            position += 1
            second = try twoDigits()
            if peek(".") || peek(",") {
                position += 1
                millisecond = try fraction()
            }
        }
        guard let local = LocalDateTime(date: date, hour: hour, minute: minute, second: second, millisecond: millisecond) else {
            throw fail("'\(text)' has a time of day out of range; use hours 0–23, minutes and seconds 0–59")
        }
        let offset = try offsetMilliseconds()
        guard position == bytes.count else { throw notADateTime() }
        return Instant(millisecondsSinceEpoch: local.localMilliseconds - offset)
    }

    private func fail(_ message: String) -> DateTimeError { DateTimeError(text: text, message: message) }

    private func notADateTime() -> DateTimeError {
        fail("'\(text)' is not a date-time; write e.g. '2026-11-25T09:30:00+08:00' or '2026-11-25T01:30:00Z'")
    }

    private func peek(_ character: Unicode.Scalar) -> Bool {
        position < bytes.count && bytes[position] == UInt8(ascii: character)
    }

    private mutating func expect(_ character: Unicode.Scalar) throws(DateTimeError) {
        guard peek(character) else { throw notADateTime() }
        position += 1
    }

    private mutating func digit() -> Int? {
        guard position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") else { return nil }
        defer { position += 1 }
        return Int(bytes[position] - UInt8(ascii: "0"))
    }

    private mutating func twoDigits() throws(DateTimeError) -> Int {
        guard let tens = digit(), let ones = digit() else { throw notADateTime() }
        return tens * 10 + ones
    }

    private mutating func fraction() throws(DateTimeError) -> Int {
        var value = 0
        var count = 0
        while let next = digit() {
            count += 1
            if count <= 3 { value = value * 10 + next }
        }
        guard (1...9).contains(count) else {
            throw fail("'\(text)' has a fraction of a second with \(count) digits; write 1 to 9 digits, e.g. '.250'")
        }
        for _ in 0..<max(0, 3 - count) { value *= 10 }
        return value
    }

    private mutating func offsetMilliseconds() throws(DateTimeError) -> Int64 {
        guard position < bytes.count else {
            throw fail("'\(text)' has no time zone offset; add 'Z' for UTC or an offset such as '+08:00'")
        }
        if peek("Z") || peek("z") {
            position += 1
            return 0
        }
        let sign: Int64
        if peek("+") { sign = 1 } else if peek("-") { sign = -1 } else { throw notADateTime() }
        position += 1
        let hours = try twoDigits()
        var minutes = 0
        if peek(":") {
            position += 1
            minutes = try twoDigits()
        } else if position < bytes.count {
            minutes = try twoDigits()
        }
        guard hours <= 23, minutes <= 59 else {
            throw fail("'\(text)' has an offset out of range; write one between -23:59 and +23:59, such as '+08:00'")
        }
        return sign * Int64(hours * 3_600_000 + minutes * 60_000)
    }
}

extension Instant: CustomStringConvertible {
    /// The instant in UTC with milliseconds, as `iso8601`.
    public var description: String { iso8601 }
}
