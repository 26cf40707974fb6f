import Foundation
import StewardDiagnostics
import StewardYAML

/// The ids that examples in messages give `person` and `role` values: ones the roster has,
/// so that an example typed as shown is accepted.
public struct FieldExamples: Sendable, Equatable {
    public var person: String
    public var role: String

    /// Without ids (no roster), the examples say what goes there.
    public init(person: String? = nil, role: String? = nil) {
        self.person = person ?? "person-id"
        self.role = role ?? "role-id"
    }

    /// `[{name: 任务名称, owner: li.ming, deadline: 2026-10-01}]`: a value of `spec` written as
    /// `--field` takes it. A scalar is the field's default, else a sample of its type (the
    /// label stands for free text).
    static func write(_ spec: FieldSpec, _ ids: FieldExamples) -> String {
        switch spec.type {
        case .list(let item): return "[\(write(item, ids))]"
        case .object(let fields): return "{" + fields.map { "\($0.name): \(write($0, ids))" }.joined(separator: ", ") + "}"
        default: break
        }
        switch spec.defaultValue {
        case .string(let text)?: return flowText(text)
        case .integer(let value)?: return String(value)
        case .number(let value)?: return String(value)
        case .boolean(let value)?: return String(value)
        default: break
        }
        switch spec.type {
        case .integer: return spec.minimum.flatMap { Int(exactly: $0.rounded(.up)) }.map(String.init) ?? "1"
        case .number: return "1.5"
        case .boolean: return "true"
        case .date: return "2026-10-01"
        case .datetime: return "2026-10-01T09:00:00+08:00"
        case .duration: return "3 days"
        case .person: return ids.person
        case .role: return ids.role
        case .enumeration(let values): return values.first.map(flowText) ?? "…"
        default: return spec.label.map(flowText) ?? "…"
        }
    }

    /// Text as a value inside `[…]` or `{…}`: in double quotes when YAML would read it otherwise.
    static func flowText(_ text: String) -> String {
        let special = text.isEmpty || text.first == " " || text.last == " "
            || text.contains(where: { ",[]{}#:\"'\\\n\t".contains($0) })
            || text.first.map { "-?!&*|>%@`".contains($0) } == true
        guard special else { return text }
        return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\t", with: "\\t") + "\""
    }
}

extension FieldInput {
    /// Where a `#` comment starts in `text`: a `#` at the start of a line or after a space or
    /// tab, outside every scalar of `root`. libyaml drops comments without a word, which would
    /// lose what a person typed after `#`.
    static func comment(in text: String, outside root: YAMLNode) -> SourceLocation? {
        var scalars: [YAMLRange] = []
        func collect(_ node: YAMLNode) {
            switch node {
            case .scalar(let s): scalars.append(s.range)
            case .sequence(let s): s.items.forEach(collect)
            case .mapping(let m):
                for pair in m.pairs {
                    collect(pair.key)
                    collect(pair.value)
                }
            }
        }
        collect(root)
        var line = 1
        var column = 0
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                (line, column, previous) = (line + 1, 0, nil)
                continue
            }
            column += 1
            if scalar == "#", previous == nil || previous == " " || previous == "\t" {
                let mark = YAMLMark(line: line, column: column)
                if !scalars.contains(where: { $0.start <= mark && mark < $0.end }) {
                    return SourceLocation(line: line, column: column)
                }
            }
            previous = scalar
        }
        return nil
    }
}
