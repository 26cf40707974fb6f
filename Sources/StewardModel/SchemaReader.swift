import StewardDiagnostics
import StewardExpressions
import StewardTime
import StewardYAML

/// Reads YAML nodes as the schema expects them, collecting a finding for every mismatch.
///
/// Scalars are typed here, by the field they fill (YAML 1.2 core rules, never 1.1):
/// a text field given `no` holds "no"; a whole-number field given `1.5` is an error
/// at that scalar. Each reader method returns nil after reporting, so the caller
/// goes on and every problem of a file is reported, not only the first.
final class SchemaReader {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []
    /// Empty values whose finding is already given elsewhere (a key indented as their sibling).
    var explained: Set<YAMLMark> = []

    init(file: String) {
        self.file = file
    }

    static func location(_ mark: YAMLMark) -> SourceLocation {
        SourceLocation(line: mark.line, column: mark.column)
    }

    func location(_ node: YAMLNode) -> SourceLocation { Self.location(node.start) }

    func report(_ code: RuleID, at location: SourceLocation?, _ message: String,
                notes: [String] = [], suggestion: String? = nil) {
        diagnostics.append(Diagnostic(code: code.rawValue, severity: code.severity, file: file, location: location,
                                      message: message, notes: notes, suggestion: suggestion))
    }

    func append(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    // MARK: shapes

    func mapping(_ node: YAMLNode, _ what: @autoclosure () -> String) -> YAMLMapping? {
        if let m = node.mapping { return m }
        if explained.contains(node.start) { return nil }
        report(.wrongType, at: location(node), "\(what()) must be a mapping of keys to values, not \(node.kindDescription)")
        return nil
    }

    func sequence(_ node: YAMLNode, _ what: @autoclosure () -> String) -> YAMLSequence? {
        if let s = node.sequence { return s }
        report(.wrongType, at: location(node), "\(what()) must be a list, not \(node.kindDescription)",
               notes: ["write a list as '[a, b]' or as lines starting with '- '"])
        return nil
    }

    /// Reports keys the schema does not know (with a suggestion) and required keys that are missing.
    ///
    /// `nested` gives, for keys whose value is a mapping of known keys, those keys: one of them
    /// written at the parent's indentation is reported as such (`misindentedKeys`), not as unknown.
    func checkKeys(_ m: YAMLMapping, allowed: [String], required: [String] = [], nested: [String: [String]] = [:],
                   _ what: @autoclosure () -> String) {
        var suggested: Set<String> = []
        let misindented = nested.isEmpty ? [] : misindentedKeys(m) { nested[$0] }
        for pair in m.pairs {
            guard let key = pair.key.scalar?.text else {
                report(.wrongType, at: location(pair.key), "a key of \(what()) must be a single word, not \(pair.key.kindDescription)")
                continue
            }
            if !allowed.contains(key), !misindented.contains(key) {
                if let name = fullWidthColonKey(pair.key, allowed: allowed) {
                    suggested.insert(name)
                    continue
                }
                let closest = Suggestions.closest(to: key, in: allowed)
                if let closest { suggested.insert(closest) }
                report(.unknownKey, at: location(pair.key), "unknown key '\(key)' in \(what())",
                       notes: ["allowed keys: \(allowed.joined(separator: ", "))"],
                       suggestion: closest.map { "did you mean '\($0)'?" })
            }
        }
        // A misspelt required key is already reported, with the fix, as an unknown key.
        for key in required where m[key] == nil && !suggested.contains(key) {
            report(.missingKey, at: Self.location(m.range.start), "\(what()) lacks the required key '\(key)'")
        }
    }

    /// `type：final` in braces: the full-width colon made one key of a key and its value.
    /// Reports it (at the key) when the part before `：` is one of `allowed`; returns that part.
    func fullWidthColonKey(_ node: YAMLNode, allowed: [String]) -> String? {
        guard let key = node.scalar?.text, let colon = key.firstIndex(of: "："),
              allowed.contains(String(key[..<colon])) else { return nil }
        let name = String(key[..<colon])
        report(.unknownKey, at: location(node),
               "'\(name)' is followed by a full-width colon '：'; YAML needs the ASCII colon ':' and a space after a key",
               notes: ["typed with a Chinese input method, '：' is text to YAML, so '\(key)' is read as one key"],
               suggestion: "write '\(name): \(key[key.index(after: colon)...])'")
        return name
    }

    // MARK: scalars typed by the schema

    func scalar(_ node: YAMLNode, _ what: @autoclosure () -> String) -> YAMLScalar? {
        if explained.contains(node.start) { return nil }
        guard let s = node.scalar else {
            report(.wrongType, at: location(node), "\(what()) must be a single value, not \(node.kindDescription)")
            return nil
        }
        if s.isNull {
            report(.wrongType, at: location(node), "\(what()) is empty; give it a value")
            return nil
        }
        return s
    }

    /// Any single value, as text: `no`, `1.10` and `0123` stay exactly as written.
    func string(_ node: YAMLNode, _ what: @autoclosure () -> String) -> String? {
        scalar(node, what())?.text
    }

    func locatedString(_ node: YAMLNode, _ what: @autoclosure () -> String) -> Located<String>? {
        string(node, what()).map { Located($0, at: location(node)) }
    }

    /// A whole number written as digits (no quotes, no leading zero, no fraction).
    func integer(_ node: YAMLNode, _ what: @autoclosure () -> String) -> Int? {
        guard let s = scalar(node, what()) else { return nil }
        if s.style != .plain {
            report(.wrongType, at: location(node), "\(what()) must be a whole number, not quoted text",
                   suggestion: CoreSchema.integer(s.text) != nil ? "remove the quotes: \(s.text)" : nil)
            return nil
        }
        let text = s.text
        let digits = text.hasPrefix("-") || text.hasPrefix("+") ? String(text.dropFirst()) : text
        if digits.count > 1, digits.hasPrefix("0"), digits.allSatisfy(\.isNumber) {
            report(.wrongType, at: location(node), "\(what()) must be a whole number; '\(text)' has a leading zero",
                   notes: ["a leading zero is ambiguous (some YAML readers take it as octal)"],
                   suggestion: "write \(Int(digits).map(String.init) ?? digits), or quote it if it is a code rather than a number")
            return nil
        }
        if let value = CoreSchema.integer(text), !text.hasPrefix("0x"), !text.hasPrefix("0o") { return value }
        let hint: String
        if let d = CoreSchema.float(text), d.isFinite, d != d.rounded() {
            hint = "'\(text)' has a fraction"
        } else if CoreSchema.float(text) != nil {
            hint = "write '\(text)' with digits only"
        } else {
            hint = "got '\(text)'"
        }
        report(.wrongType, at: location(node), "\(what()) must be a whole number; \(hint)")
        return nil
    }

    func number(_ node: YAMLNode, _ what: @autoclosure () -> String) -> Double? {
        guard let s = scalar(node, what()) else { return nil }
        let text = s.text
        let digits = text.hasPrefix("-") || text.hasPrefix("+") ? String(text.dropFirst()) : text
        // Decimal only: `0x1F`, `0o17` and a leading zero (`0123`) are ambiguous for people.
        let ambiguous = text.hasPrefix("0x") || text.hasPrefix("0o")
            || (digits.count > 1 && digits.hasPrefix("0") && !digits.hasPrefix("0."))
        if s.style == .plain, !ambiguous, let i = CoreSchema.integer(text) { return Double(i) }
        if s.style == .plain, !ambiguous, let d = CoreSchema.float(text), d.isFinite { return d }
        report(.wrongType, at: location(node), "\(what()) must be a number written in decimal digits; got '\(text)'",
               suggestion: s.style != .plain && CoreSchema.float(text) != nil ? "remove the quotes: \(text)" : nil)
        return nil
    }

    /// `true` or `false` only; `yes`, `no`, `on`, `off` are refused with a hint (they mean booleans only in YAML 1.1).
    func boolean(_ node: YAMLNode, _ what: @autoclosure () -> String) -> Bool? {
        guard let s = scalar(node, what()) else { return nil }
        if s.style == .plain, let b = CoreSchema.bool(s.text) { return b }
        let lowered = s.text.lowercased()
        let yes = ["yes", "y", "on", "是", "对"].contains(lowered)
        let no = ["no", "n", "off", "否"].contains(lowered)
        report(.wrongType, at: location(node), "\(what()) must be true or false; got '\(s.text)'",
               suggestion: yes ? "write true" : (no ? "write false" : nil))
        return nil
    }

    /// One word or a list of words: `[draft]` and `draft` both give ["draft"].
    func words(_ node: YAMLNode, _ what: @autoclosure () -> String) -> [Located<String>] {
        if node.scalar != nil { return locatedString(node, what()).map { [$0] } ?? [] }
        guard let list = sequence(node, what()) else { return [] }
        return list.items.compactMap { locatedString($0, "an item of \(what())") }
    }

    // MARK: expressions and durations

    /// Text that may hold `${{ … }}`; syntax errors point at the exact column inside the scalar.
    func template(_ node: YAMLNode, _ what: @autoclosure () -> String) -> TemplateText? {
        guard let s = scalar(node, what()) else { return nil }
        let origin = ScalarOrigin(start: location(node), quoted: s.style == .singleQuoted || s.style == .doubleQuoted,
                                  singleLine: s.style != .literal && s.style != .folded
                                      && !s.text.utf8.contains(UInt8(ascii: "\n"))
                                      && s.range.start.line == s.range.end.line)
        do {
            let parsed = try ExpressionTemplate.parse(s.text)
            return TemplateText(raw: s.text, template: parsed, location: location(node), origin: origin)
        } catch {
            append(expressionDiagnostic(error, origin: origin, what: what()))
            return TemplateText(raw: s.text, template: nil, location: location(node), origin: origin)
        }
    }

    func expressionDiagnostic(_ error: ExpressionError, origin: ScalarOrigin, what: String) -> Diagnostic {
        Diagnostic(code: error.code.rawValue, severity: .error, file: file,
                   location: origin.location(ofOffset: error.offset),
                   message: "in \(what): \(error.message)", suggestion: error.suggestion)
    }

    func durationSpec(_ node: YAMLNode, _ what: @autoclosure () -> String) -> DurationSpec? {
        guard let text = string(node, what()) else { return nil }
        do {
            return try DurationSpec(parsing: text)
        } catch {
            report(.badDuration, at: location(node), "\(what()): \(error.description)")
            return nil
        }
    }

    /// A fixed duration, or an expression that computes a date or time.
    func duration(_ node: YAMLNode, _ what: @autoclosure () -> String) -> DurationValue? {
        guard let s = scalar(node, what()) else { return nil }
        if ExpressionTemplate.containsExpression(s.text) {
            return template(node, what()).map(DurationValue.expression)
        }
        return durationSpec(node, what()).map { .fixed($0, location(node)) }
    }
}
