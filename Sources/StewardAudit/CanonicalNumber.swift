/// Deterministic text for doubles: the ECMAScript `Number.prototype.toString` form that
/// RFC 8785 (JSON Canonicalization Scheme) prescribes.
enum CanonicalNumber {
    /// `value` as canonical JSON number text; `null` for NaN and infinities.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == 0 { return "0" }
        // Swift's description gives the shortest digits that read back to the same double,
        // closest to it; only the layout differs from ECMAScript's.
        guard let (digits, exponent) = decompose(value.magnitude.description) else {
            return value.description
        }
        let sign = value < 0 ? "-" : ""
        return sign + layout(digits: digits, exponent: exponent)
    }

    /// Splits Swift's `description` of a positive finite double ("1.5e-07", "100.0") into its
    /// significant digits d1…dk (no leading or trailing zeros) and n with value = 0.d1…dk × 10^n.
    static func decompose(_ text: String) -> ([UInt8], Int)? {
        var digits: [UInt8] = []
        var pointPosition: Int?
        var exponent = 0
        var utf8 = Substring(text).utf8[...]
        while let char = utf8.first, char != UInt8(ascii: "e"), char != UInt8(ascii: "E") {
            utf8 = utf8.dropFirst()
            if char == UInt8(ascii: ".") {
                pointPosition = digits.count
            } else if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(char) {
                digits.append(char)
            } else {
                return nil
            }
        }
        if !utf8.isEmpty {
            guard let parsed = Int(String(decoding: utf8.dropFirst(), as: UTF8.self)) else { return nil }
            exponent = parsed
        }
        var n = (pointPosition ?? digits.count) + exponent
        while digits.first == UInt8(ascii: "0") {
            digits.removeFirst()
            n -= 1
        }
        while digits.last == UInt8(ascii: "0") {
            digits.removeLast()
        }
        guard !digits.isEmpty else { return nil }
        return (digits, n)
    }

    /// ECMAScript's Number::toString layout (ECMA-262 §6.1.6.1.20, steps 6–10).
    static func layout(digits: [UInt8], exponent n: Int) -> String {
        let k = digits.count
        let text = String(decoding: digits, as: UTF8.self)
        if k <= n && n <= 21 {
            return text + String(repeating: "0", count: n - k)
        }
        if 0 < n && n <= 21 {
            return String(text.prefix(n)) + "." + String(text.dropFirst(n))
        }
        if -6 < n && n <= 0 {
            return "0." + String(repeating: "0", count: -n) + text
        }
        let e = n - 1
        let exponentText = (e < 0 ? "-" : "+") + String(e.magnitude)
        if k == 1 {
            return text + "e" + exponentText
        }
        return String(text.prefix(1)) + "." + String(text.dropFirst(1)) + "e" + exponentText
    }
}
