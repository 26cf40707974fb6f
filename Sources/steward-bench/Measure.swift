/// Wall-clock measurement on the monotonic clock.
enum Measure {
    /// Runs `body` `repetitions` times; returns the fastest run and the last result.
    ///
    /// Each result is released before the next run starts, outside the timed region.
    static func best<T, E: Error>(of repetitions: Int, _ body: () throws(E) -> T) throws(E) -> (seconds: Double, result: T) {
        let clock = ContinuousClock()
        var best = Double.infinity
        var last: T?
        for _ in 0..<max(1, repetitions) {
            last = nil
            let start = clock.now
            let result = try body()
            best = min(best, seconds(clock.now - start))
            last = result
        }
        return (best, last!)
    }

    /// Times one run of `body`.
    static func once<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> (seconds: Double, result: T) {
        try best(of: 1, body)
    }

    static func seconds(_ duration: Duration) -> Double {
        let (whole, attoseconds) = duration.components
        return Double(whole) + Double(attoseconds) * 1e-18
    }
}

extension Double {
    /// The number with exactly `digits` decimals, without Foundation.
    func fixed(_ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (self * scale).rounded()
        guard scaled.isFinite, abs(scaled) < 9e15 else { return String(self) }
        let negative = scaled < 0
        let magnitude = Int(abs(scaled))
        let whole = magnitude / Int(scale)
        var text = (negative ? "-" : "") + String(whole)
        if digits > 0 {
            let fraction = String(magnitude % Int(scale))
            text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
        }
        return text
    }
}

extension Int {
    /// The number with thin groups of three digits: 1,234,567.
    var grouped: String {
        let digits = String(abs(self))
        var out = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return (self < 0 ? "-" : "") + out
    }
}

extension String {
    /// The string padded with spaces to `width` characters (never cut).
    func padding(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
