/// Reads durations: `30s`, `2 hours`, `5 workdays`, `P1DT2H30M`, `3天`, `5个工作日`.
struct DurationParser {
    /// What a unit word means.
    enum Unit {
        case second, minute, hour, day, week, workday

        var milliseconds: Int64? {
            switch self {
            case .second: return 1000
            case .minute: return 60_000
            case .hour: return 3_600_000
            default: return nil
            }
        }

        var word: String {
            switch self {
            case .second: return "second"
            case .minute: return "minute"
            case .hour: return "hour"
            case .day: return "day"
            case .week: return "week"
            case .workday: return "workday"
            }
        }

        /// The next smaller unit and how many of it make one of this, for fractions.
        var smaller: (Unit, Int64)? {
            switch self {
            case .minute: return (.second, 60)
            case .hour: return (.minute, 60)
            case .day: return (.hour, 24)
            case .week: return (.day, 7)
            default: return nil
            }
        }
    }

    static let units: [String: Unit] = {
        var table: [String: Unit] = [:]
        let words: [(Unit, [String])] = [
            (.second, ["s", "sec", "secs", "second", "seconds", "秒", "秒钟"]),
            (.minute, ["m", "min", "mins", "minute", "minutes", "分", "分钟"]),
            (.hour, ["h", "hr", "hrs", "hour", "hours", "小时", "个小时", "钟头", "个钟头"]),
            (.day, ["d", "day", "days", "天"]),
            (.week, ["w", "wk", "wks", "week", "weeks", "周", "个周", "星期", "个星期", "礼拜", "个礼拜"]),
            (.workday, ["workday", "workdays", "work day", "work days", "working day", "working days",
                        "business day", "business days", "工作日", "个工作日", "工作天", "个工作天"]),
        ]
        for (unit, names) in words { for name in names { table[name] = unit } }
        return table
    }()

    static let monthsOrYears: Set<String> = ["mo", "mon", "mons", "month", "months", "y", "yr", "yrs", "year", "years", "月", "个月", "年"]

    let original: String

    init(text: String) { original = text }

    func parse() throws(DurationSpecError) -> DurationSpec {
        let text = DurationParser.normalized(original)
        guard !text.isEmpty else { throw .notADuration(original, suggestion: nil) }
        if text.hasPrefix("p") { return try parseISO(text) }
        if text.hasPrefix("-") { throw .negative(original) }
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        var rest = text.dropFirst(digits.count)
        guard !digits.isEmpty else { throw .notADuration(original, suggestion: nil) }
        var fraction: Substring = ""
        if rest.first == "." {
            fraction = rest.dropFirst().prefix { $0.isASCII && $0.isNumber }
            rest = rest.dropFirst(1 + fraction.count)
        }
        let unitText = rest.trimmingWhitespace()
        guard !unitText.isEmpty else {
            throw fraction.isEmpty ? .missingUnit(original) : .notADuration(original, suggestion: nil)
        }
        guard let unit = DurationParser.units[unitText] else {
            if DurationParser.monthsOrYears.contains(unitText) { throw .monthsOrYears(original) }
            let number = fraction.isEmpty ? String(digits) : "\(digits).\(fraction)"
            throw .notADuration(original, suggestion: DurationParser.nearestUnit(to: unitText).map { Self.phrase(number, $0) })
        }
        guard fraction.isEmpty else {
            throw .fractional(original, suggestion: DurationParser.exactSmaller(whole: digits, fraction: fraction, unit: unit))
        }
        guard digits.count <= 18, let count = Int64(digits) else { throw .tooLong(original) }
        return try make(count, unit)
    }

    /// The spec for `count` of `unit`, within the 10-year limit.
    private func make(_ count: Int64, _ unit: Unit) throws(DurationSpecError) -> DurationSpec {
        let maximumDays = Int64(DurationSpec.maximumDays)
        switch unit {
        case .day, .week:
            let days = count.multipliedReportingOverflow(by: unit == .week ? 7 : 1)
            guard !days.overflow, days.partialValue <= maximumDays else { throw .tooLong(original) }
            return .calendarDays(Int(days.partialValue))
        case .workday:
            guard count <= maximumDays else { throw .tooLong(original) }
            return .workdays(Int(count))
        case .second, .minute, .hour:
            let milliseconds = count.multipliedReportingOverflow(by: unit.milliseconds ?? 1)
            guard !milliseconds.overflow, milliseconds.partialValue <= maximumDays * 86_400_000 else { throw .tooLong(original) }
            return .elapsed(milliseconds: milliseconds.partialValue)
        }
    }

    /// ISO 8601 durations: `P3D`, `P2W`, `PT2H30M`, `P1DT2H`; integers only, no months or years.
    private func parseISO(_ text: String) throws(DurationSpecError) -> DurationSpec {
        let designators: [Character] = ["w", "d", "t", "h", "m", "s"]  // in the order ISO requires
        var days: Int64 = 0
        var milliseconds: Int64 = 0
        var inTime = false
        var sawDate = false
        var sawTime = false
        var lastIndex = -1
        var rest = text.dropFirst()
        while let first = rest.first {
            if first == "t" {
                guard !inTime else { throw .notADuration(original, suggestion: nil) }
                inTime = true
                lastIndex = 2
                rest = rest.dropFirst()
                continue
            }
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            rest = rest.dropFirst(digits.count)
            if rest.first == "." || rest.first == "," { throw .fractional(original, suggestion: nil) }
            guard let designator = rest.first, !digits.isEmpty else { throw .notADuration(original, suggestion: nil) }
            rest = rest.dropFirst()
            if designator == "y" || (designator == "m" && !inTime) { throw .monthsOrYears(original) }
            guard let index = designators.firstIndex(of: designator), index > lastIndex, (index > 2) == inTime else {
                throw .notADuration(original, suggestion: nil)
            }
            lastIndex = index
            guard digits.count <= 12, let value = Int64(digits) else { throw .tooLong(original) }
            switch designator {
            case "w": days += value * 7; sawDate = true
            case "d": days += value; sawDate = true
            case "h": milliseconds += value * 3_600_000; sawTime = true
            case "m": milliseconds += value * 60_000; sawTime = true
            default: milliseconds += value * 1000; sawTime = true
            }
        }
        guard sawDate || sawTime, inTime == sawTime else { throw .notADuration(original, suggestion: nil) }
        let maximumDays = Int64(DurationSpec.maximumDays)
        guard days <= maximumDays, days * 86_400_000 + milliseconds <= maximumDays * 86_400_000 else { throw .tooLong(original) }
        if !sawTime || milliseconds == 0 && sawDate { return .calendarDays(Int(days)) }
        if !sawDate || days == 0 { return .elapsed(milliseconds: milliseconds) }
        return .calendarDaysAndElapsed(days: Int(days), milliseconds: milliseconds)
    }

    /// Lower-cased, trimmed, full-width digits and letters made ASCII, inner spaces collapsed.
    static func normalized(_ text: String) -> String {
        // ASCII, the usual case, byte by byte: the same result without the Unicode tables.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            var pendingSpace = false
            for byte in text.utf8 {
                if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                    pendingSpace = !bytes.isEmpty
                    continue
                }
                if pendingSpace { bytes.append(0x20) }
                pendingSpace = false
                bytes.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        return normalizedUnicode(text)
    }

    /// `normalized` for any text: Unicode whitespace, full-width forms, Unicode lower case.
    static func normalizedUnicode(_ text: String) -> String {
        var result = ""
        var pendingSpace = false
        for scalar in text.trimmingWhitespace().unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = true
                continue
            }
            if pendingSpace { result.append(" ") }
            pendingSpace = false
            // Full-width forms (U+FF01–U+FF5E) map to ASCII by a fixed offset.
            if (0xFF01...0xFF5E).contains(scalar.value), let ascii = Unicode.Scalar(scalar.value - 0xFEE0) {
                result.unicodeScalars.append(ascii)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result.lowercased()
    }

    /// `2 hours`, `1 day`, `5 workdays` — the canonical English phrase.
    static func phrase(_ number: String, _ unit: Unit) -> String {
        number == "1" ? "1 \(unit.word)" : "\(number) \(unit.word)s"
    }

    /// The closest English unit word within a small edit distance.
    static func nearestUnit(to text: String) -> Unit? {
        guard text.count >= 3, text.unicodeScalars.allSatisfy(\.isASCII) else { return nil }
        var best: (distance: Int, unit: Unit)?
        for (name, unit) in units where name.count >= 3 && name.unicodeScalars.allSatisfy(\.isASCII) {
            let distance = editDistance(Array(text.utf8), Array(name.utf8))
            if distance <= (name.count <= 4 ? 1 : 2), distance < (best?.distance ?? Int.max) {
                best = (distance, unit)
            }
        }
        return best?.unit
    }

    /// `1.5 hours` → `90 minutes` when the conversion is exact.
    static func exactSmaller(whole: Substring, fraction: Substring, unit: Unit) -> String? {
        guard let (smaller, factor) = unit.smaller, whole.count <= 9, fraction.count <= 6,
              let wholeValue = Int64(whole), let fractionValue = Int64(fraction) else { return nil }
        var scale: Int64 = 1
        for _ in 0..<fraction.count { scale *= 10 }
        let numerator = (wholeValue * scale + fractionValue) * factor
        guard numerator % scale == 0 else { return nil }
        return phrase(String(numerator / scale), smaller)
    }

    /// Levenshtein distance between two byte strings.
    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
