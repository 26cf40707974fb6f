import StewardModel
import StewardYAML

/// A roster the builder wrote that `RosterLoader` refused.
public struct InvalidRoster: Error, Sendable, CustomStringConvertible {
    public let findings: [String]
    public var description: String { "the test roster does not load:\n" + findings.joined(separator: "\n") }
}

/// Builds a `Roster` for tests by writing a roster file and reading it with `RosterLoader`,
/// so the roster a test uses is one the real loader accepts.
///
/// ```swift
/// let roster = try RosterBuilder()
///     .role("union-committee", members: ["zhang.wei", "chen.jing", "zhao.lei"])
///     .role("branch-secretary", members: ["sun.hong"])
///     .admin("sun.hong")
///     .build()
/// ```
/// People named only as members are added with no details.
public struct RosterBuilder: Sendable {
    private var people: [(id: String, name: String?, account: String?)] = []
    private var roles: [(id: String, title: String?, members: [String])] = []
    private var admins: [String] = []

    public init() {}

    /// Adds a person (or gives details to one already named).
    public func person(_ id: String, name: String? = nil, account: String? = nil) -> RosterBuilder {
        var copy = self
        if let i = copy.people.firstIndex(where: { $0.id == id }) {
            copy.people[i] = (id, name ?? copy.people[i].name, account ?? copy.people[i].account)
        } else {
            copy.people.append((id, name, account))
        }
        return copy
    }

    /// Adds a role; members not yet known are added as people.
    public func role(_ id: String, title: String? = nil, members: [String]) -> RosterBuilder {
        var copy = self
        for member in members where !copy.people.contains(where: { $0.id == member }) {
            copy.people.append((member, nil, nil))
        }
        copy.roles.append((id, title, members))
        return copy
    }

    /// Makes a person (added if new) an admin, who may act on behalf of others.
    public func admin(_ id: String) -> RosterBuilder {
        var copy = self.people.contains(where: { $0.id == id }) ? self : person(id)
        copy.admins.append(id)
        return copy
    }

    /// The roster file this builder describes.
    public var yaml: String {
        var lines = ["people:"]
        if people.isEmpty { lines[0] = "people: {}" }
        for p in people {
            var fields: [String] = []
            if let name = p.name { fields.append("name: \(Self.quoted(name))") }
            if let account = p.account { fields.append("account: \(Self.quoted(account))") }
            lines.append("  \(Self.quoted(p.id)): { \(fields.joined(separator: ", ")) }")
        }
        if !roles.isEmpty {
            lines.append("roles:")
            for r in roles {
                var fields = ["members: [\(r.members.map(Self.quoted).joined(separator: ", "))]"]
                if let title = r.title { fields.insert("title: \(Self.quoted(title))", at: 0) }
                lines.append("  \(Self.quoted(r.id)): { \(fields.joined(separator: ", ")) }")
            }
        }
        if !admins.isEmpty { lines.append("admins: [\(admins.map(Self.quoted).joined(separator: ", "))]") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Loads the roster through `RosterLoader`; throws its findings if it refuses it.
    public func build() throws(InvalidRoster) -> Roster {
        let (roster, diagnostics) = RosterLoader().load(YAMLSource(path: "roster.yaml", bytes: Array(yaml.utf8)))
        let errors = diagnostics.filter { $0.severity.rawValue == "error" }
        guard let roster, errors.isEmpty else {
            throw InvalidRoster(findings: errors.map { d in
                "roster.yaml\(d.location.map { ":\($0.line):\($0.column)" } ?? ""): \(d.message) [\(d.code)]"
            })
        }
        return roster
    }

    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
