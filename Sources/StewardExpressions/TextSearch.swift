/// Substring search in linear time (Knuth–Morris–Pratt over characters), so that `contains` and
/// `split` on long strings cannot take quadratic time.
enum TextSearch {
    /// Start indexes (in characters) of the non-overlapping occurrences of `needle` in `haystack`.
    static func occurrences(of needle: [Character], in haystack: [Character], firstOnly: Bool = false) -> [Int] {
        guard !needle.isEmpty, needle.count <= haystack.count else { return [] }
        var failure = [0]
        failure.reserveCapacity(needle.count)
        var k = 0
        for i in needle.indices.dropFirst() {
            while k > 0, needle[i] != needle[k] { k = failure[k - 1] }
            if needle[i] == needle[k] { k += 1 }
            failure.append(k)
        }
        var result: [Int] = []
        var matched = 0
        for (i, character) in haystack.enumerated() {
            while matched > 0, character != needle[matched] { matched = failure[matched - 1] }
            if character == needle[matched] { matched += 1 }
            if matched == needle.count {
                result.append(i - needle.count + 1)
                if firstOnly { return result }
                matched = 0  // non-overlapping
            }
        }
        return result
    }

    /// Whether `needle` occurs in `haystack`; the empty string occurs in every string.
    static func contains(_ haystack: String, _ needle: String) -> Bool {
        needle.isEmpty || !occurrences(of: Array(needle), in: Array(haystack), firstOnly: true).isEmpty
    }

    /// The parts of `text` between occurrences of `separator`, keeping empty parts; an empty separator
    /// splits into characters.
    static func split(_ text: String, by separator: String) -> [String] {
        let characters = Array(text)
        if separator.isEmpty { return characters.map { String($0) } }
        let needle = Array(separator)
        var parts: [String] = []
        var start = 0
        for index in occurrences(of: needle, in: characters) {
            parts.append(String(characters[start..<index]))
            start = index + needle.count
        }
        parts.append(String(characters[start...]))
        return parts
    }
}
