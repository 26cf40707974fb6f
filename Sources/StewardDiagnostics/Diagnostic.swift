/// How serious a finding is.
public enum Severity: String, Sendable, Codable, Comparable {
    case note
    case warning
    case error

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A place in a source file: 1-based line and column (columns count Unicode characters).
public struct SourceLocation: Hashable, Sendable, Codable, Comparable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

/// One finding about an input: what is wrong, where, and what to do about it.
///
/// Diagnostics are values so that a caller can collect all of a file's findings,
/// sort them, print them as text, JSON or CI annotations, and compare them in tests.
public struct Diagnostic: Hashable, Sendable, Codable {
    /// A stable rule id such as `yaml-duplicate-key`; documented in docs/.
    public var code: String
    public var severity: Severity
    /// The file the finding is about, as the user named it.
    public var file: String
    /// Where the problem starts, or nil for findings about the whole file (missing, unreadable).
    public var location: SourceLocation?
    /// Lower-case sentence naming the offending thing in quotes.
    public var message: String
    /// Further facts: related positions, the original parser text, limits.
    public var notes: [String]
    /// A concrete fix, such as `did you mean 'review'?`.
    public var suggestion: String?

    public init(
        code: String, severity: Severity = .error, file: String, location: SourceLocation?,
        message: String, notes: [String] = [], suggestion: String? = nil
    ) {
        self.code = code
        self.severity = severity
        self.file = file
        self.location = location
        self.message = message
        self.notes = notes
        self.suggestion = suggestion
    }
}

extension Diagnostic: Comparable {
    /// Orders by file, then position (file-level findings first), then code.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        if lhs.file != rhs.file { return lhs.file < rhs.file }
        switch (lhs.location, rhs.location) {
        case (nil, .some): return true
        case (.some, nil): return false
        case let (l?, r?) where l != r: return l < r
        default: return lhs.code < rhs.code
        }
    }
}
