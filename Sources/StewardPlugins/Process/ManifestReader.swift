import StewardDiagnostics
import StewardExpressions
import StewardYAML

/// Reads the nodes of a plug-in manifest as its schema expects them, collecting a finding
/// (file, line, column) for every mismatch and going on, so one run reports them all.
/// The codes are those `steward.yaml` and workflows use for the same mistakes.
final class ManifestReader {
    let file: String
    private(set) var findings: [Diagnostic] = []

    init(file: String) {
        self.file = file
    }

    var hasErrors: Bool { findings.contains { $0.severity == .error } }

    func location(_ node: YAMLNode) -> SourceLocation {
        SourceLocation(line: node.start.line, column: node.start.column)
    }

    func report(_ code: String, at node: YAMLNode?, _ message: String, notes: [String] = [], suggestion: String? = nil) {
        findings.append(Diagnostic(code: code, file: file, location: node.map(location), message: message, notes: notes,
                                   suggestion: suggestion))
    }

    func mapping(_ node: YAMLNode, _ what: String) -> YAMLMapping? {
        if let m = node.mapping { return m }
        report("wrong-type", at: node, "\(what) must be a mapping of keys to values, not \(node.kindDescription)")
        return nil
    }

    func sequence(_ node: YAMLNode, _ what: String) -> YAMLSequence? {
        if let s = node.sequence { return s }
        report("wrong-type", at: node, "\(what) must be a list, not \(node.kindDescription)",
               notes: ["write a list as '[a, b]' or as lines starting with '- '"])
        return nil
    }

    /// Reports keys the schema does not know (with the closest known one) and required keys that are missing.
    func checkKeys(_ m: YAMLMapping, at node: YAMLNode, allowed: [String], required: [String] = [], _ what: String) {
        var suggested: Set<String> = []
        for pair in m.pairs {
            guard let key = pair.key.scalar?.text else {
                report("wrong-type", at: pair.key, "a key of \(what) must be a single word, not \(pair.key.kindDescription)")
                continue
            }
            guard !allowed.contains(key) else { continue }
            let closest = Suggestion.closest(to: key, among: allowed)
            if let closest { suggested.insert(closest) }
            report("unknown-key", at: pair.key, "unknown key '\(key)' in \(what)",
                   notes: ["allowed keys: \(allowed.joined(separator: ", "))"],
                   suggestion: closest.map { "did you mean '\($0)'?" })
        }
        // A misspelt required key is already reported, with the fix, as an unknown key.
        for key in required where m[key] == nil && !suggested.contains(key) {
            report("missing-key", at: node, "\(what) lacks the required key '\(key)'")
        }
    }

    /// One value, as written (`1.10` stays `1.10`).
    func string(_ node: YAMLNode, _ what: String) -> String? {
        guard let s = node.scalar else {
            report("wrong-type", at: node, "\(what) must be a single value, not \(node.kindDescription)")
            return nil
        }
        guard !s.isNull else {
            report("wrong-type", at: node, "\(what) is empty; give it a value")
            return nil
        }
        return s.text
    }

    func integer(_ node: YAMLNode, _ what: String) -> Int? {
        guard let text = string(node, what) else { return nil }
        guard node.scalar?.style == .plain, let value = CoreSchema.integer(text), !text.hasPrefix("0x"), !text.hasPrefix("0o") else {
            report("wrong-type", at: node, "\(what) must be a whole number written in digits; got '\(text)'")
            return nil
        }
        return value
    }

    /// `true` or `false` only (never YAML 1.1's `yes` and `no`).
    func boolean(_ node: YAMLNode, _ what: String) -> Bool? {
        guard let text = string(node, what) else { return nil }
        if node.scalar?.style == .plain, let value = CoreSchema.bool(text) { return value }
        let yes = ["yes", "y", "on"].contains(text.lowercased())
        let no = ["no", "n", "off"].contains(text.lowercased())
        report("wrong-type", at: node, "\(what) must be true or false; got '\(text)'",
               suggestion: yes ? "write true" : (no ? "write false" : nil))
        return nil
    }

    /// A list of single values (one value alone is refused: lists are written as lists).
    func strings(_ node: YAMLNode, _ what: String) -> [(String, YAMLNode)]? {
        guard let list = sequence(node, what) else { return nil }
        var result: [(String, YAMLNode)] = []
        for item in list.items {
            guard let text = string(item, "an item of \(what)") else { return nil }
            result.append((text, item))
        }
        return result
    }
}
