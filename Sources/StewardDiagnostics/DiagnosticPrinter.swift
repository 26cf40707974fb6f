import Foundation

/// Turns diagnostics into the text people and tools read.
public enum DiagnosticFormat: String, Sendable, CaseIterable {
    /// `path:line:col: error: message [code]`, the source line and a caret.
    case text
    /// One JSON document: `{"diagnostics": [...]}`.
    case json
    /// GitHub Actions workflow commands (`::error file=…,line=…,col=…::message`).
    case github
}

/// Renders diagnostics in one of the `DiagnosticFormat`s.
public struct DiagnosticPrinter: Sendable {
    public var format: DiagnosticFormat

    public init(format: DiagnosticFormat) {
        self.format = format
    }

    /// Renders the findings of one file; `source` supplies the lines for carets.
    public func render(_ diagnostic: Diagnostic, source: SourceText?) -> String {
        switch format {
        case .text: return renderText(diagnostic, source: source)
        case .github: return renderGitHub(diagnostic)
        case .json: return Self.jsonText([diagnostic])
        }
    }

    private func renderText(_ d: Diagnostic, source: SourceText?) -> String {
        var out = d.file
        if let location = d.location { out += ":\(location.line):\(location.column)" }
        out += ": \(d.severity.rawValue): \(d.message) [\(d.code)]\n"
        if let location = d.location, let line = source?.line(location.line) {
            out += "\(line)\n"
            out += SourceText.caretPadding(for: line, column: location.column) + "^\n"
        }
        for note in d.notes { out += "  note: \(note)\n" }
        if let suggestion = d.suggestion { out += "  help: \(suggestion)\n" }
        return out
    }

    private func renderGitHub(_ d: Diagnostic) -> String {
        let kind = d.severity == .note ? "notice" : d.severity.rawValue
        var properties = "file=\(Self.escapeProperty(d.file))"
        if let location = d.location { properties += ",line=\(location.line),col=\(location.column)" }
        properties += ",title=\(Self.escapeProperty(d.code))"
        var message = d.message
        for note in d.notes { message += "\nnote: \(note)" }
        if let suggestion = d.suggestion { message += "\nhelp: \(suggestion)" }
        return "::\(kind) \(properties)::\(Self.escapeData(message))\n"
    }

    // GitHub's workflow-command escaping: data escapes % CR LF; properties also : and ,.
    private static func escapeData(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    private static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

    /// All findings as one JSON document with stable key order.
    public static func jsonText(_ diagnostics: [Diagnostic]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        struct Envelope: Encodable { let diagnostics: [Flat] }
        struct Flat: Encodable {
            let code: String, severity: String, file: String
            let line: Int?, column: Int?
            let message: String, notes: [String], suggestion: String?
        }
        let flat = diagnostics.map {
            Flat(code: $0.code, severity: $0.severity.rawValue, file: $0.file,
                 line: $0.location?.line, column: $0.location?.column,
                 message: $0.message, notes: $0.notes, suggestion: $0.suggestion)
        }
        guard let data = try? encoder.encode(Envelope(diagnostics: flat)) else { return "{\"diagnostics\":[]}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
