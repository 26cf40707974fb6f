/// The text of a file, split into lines once, for printing the line under a diagnostic.
public struct SourceText: Sendable {
    private let lines: [Substring]

    public init(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
    }

    /// The text of a 1-based line, or nil past the end.
    public func line(_ number: Int) -> Substring? {
        guard number >= 1, number <= lines.count else { return nil }
        return lines[number - 1]
    }

    /// The spaces (and tabs, kept as tabs) that put a caret under `column` of `line`.
    ///
    /// East Asian wide characters take two terminal cells, so Chinese text before
    /// the column moves the caret by two.
    public static func caretPadding(for line: Substring, column: Int) -> String {
        var padding = ""
        var index = 1
        for scalar in line.unicodeScalars {
            guard index < column else { break }
            if scalar == "\t" {
                padding.append("\t")
            } else {
                padding.append(String(repeating: " ", count: displayWidth(of: scalar)))
            }
            index += 1
        }
        if index < column { padding.append(String(repeating: " ", count: column - index)) }
        return padding
    }

    /// Terminal cells a character takes: 2 for CJK and full-width forms, 0 for combining marks.
    public static func displayWidth(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        switch value {
        case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F: return 0
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
             0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
             0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return 2
        default: return 1
        }
    }
}
