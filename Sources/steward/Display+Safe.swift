extension Display {
    /// Text from people or files as a terminal can show it safely: control characters (line
    /// breaks and ESC included), line and paragraph separators, and the marks, embeddings,
    /// overrides and isolates that reorder text are written as visible escapes (`\n`, `\u{1B}`,
    /// `\u{202E}`), and a backslash as `\\`, so a comment can neither forge a line of the
    /// output nor clear, recolour or reorder the screen. The `--json` forms are escaped by JSON.
    static func shown(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where needsEscape(scalar):
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u{" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x5C: true  // the backslash, so that an escape in the output is never the person's own text
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
