/// A full-width colon `：`, typed with a Chinese input method, looks like a key's `:` but is
/// text to YAML: the line then has no key, and the parser stops somewhere nearby with a
/// message about something else. This names the real cause, at the colon.
enum FullWidthColon {
    static let character: Unicode.Scalar = "："

    /// The syntax error reworded when one of its lines (the one it points at, or the two above)
    /// has a word followed by `：` where a key would be; otherwise the error unchanged.
    static func explain(_ error: YAMLError, in bytes: [UInt8]) -> YAMLError {
        // Only where the parser missed a key or its ':': a '：' in text elsewhere is just text.
        let aboutKeys = error.notes.contains { note in
            ["could not find expected ':'", "did not find expected key", "mapping values are not allowed"].contains { note.contains($0) }
        }
        guard error.kind == .syntax, aboutKeys, let mark = error.mark, bytes.contains(0xEF) else { return error }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for number in stride(from: mark.line, through: max(1, mark.line - 2), by: -1) where number <= lines.count {
            guard let (key, column) = keyBeforeColon(lines[number - 1]) else { continue }
            return YAMLError(.syntax, at: YAMLMark(line: number, column: column),
                             "'\(key)' is followed by a full-width colon '：'; YAML needs the ASCII colon ':' and a space after a key",
                             notes: ["typed with a Chinese input method, '：' is text to YAML, so this line holds no key"]
                                 + error.notes.filter { $0.hasPrefix("libyaml:") },
                             suggestion: "write '\(key): ' (switch the input method to English for the colon)")
        }
        return error
    }

    /// `  title：年度规划` → ("title", column of '：'), when the text before '：' is one word
    /// (after any indentation or '- '), as a key would be.
    static func keyBeforeColon(_ line: Substring) -> (String, Int)? {
        let scalars = Array(line.unicodeScalars)
        guard let colon = scalars.firstIndex(of: character) else { return nil }
        var start = 0
        while start < colon, scalars[start] == " " || scalars[start] == "-" { start += 1 }
        let key = String(String.UnicodeScalarView(scalars[start..<colon]))
        guard !key.isEmpty, !key.unicodeScalars.contains(where: { " :#\"'{[".unicodeScalars.contains($0) }) else { return nil }
        return (key, colon + 1)
    }
}
