import StewardDiagnostics

/// Why the loader refused its input, with the position where it stopped.
public struct YAMLError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, with a stable code for each kind.
    public enum Kind: String, Sendable, Hashable {
        case syntax = "yaml-syntax"
        case encoding = "yaml-encoding"
        case nulByte = "yaml-nul-byte"
        case inputTooLarge = "yaml-limit-size"
        case tooDeep = "yaml-limit-depth"
        case tooManyNodes = "yaml-limit-nodes"
        case scalarTooLong = "yaml-limit-scalar"
        case duplicateKey = "yaml-duplicate-key"
        case customTag = "yaml-custom-tag"
        case unknownAlias = "yaml-unknown-alias"
        case badMerge = "yaml-merge"
    }

    public let kind: Kind
    /// Where the problem is; nil when it concerns the whole input (its size).
    public let mark: YAMLMark?
    public let message: String
    public let notes: [String]
    /// The fix, when one is known (printed as `help:`).
    public let suggestion: String?

    public init(_ kind: Kind, at mark: YAMLMark?, _ message: String, notes: [String] = [], suggestion: String? = nil) {
        self.kind = kind
        self.mark = mark
        self.message = message
        self.notes = notes
        self.suggestion = suggestion
    }

    public var description: String {
        let place = mark.map { "\($0.line):\($0.column): " } ?? ""
        return "\(place)\(message) [\(kind.rawValue)]"
    }

    /// The error as a diagnostic about `file`.
    public func diagnostic(file: String) -> Diagnostic {
        Diagnostic(
            code: kind.rawValue, severity: .error, file: file,
            location: mark.map { SourceLocation(line: $0.line, column: $0.column) },
            message: message, notes: notes, suggestion: suggestion)
    }
}
