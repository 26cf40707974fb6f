import StewardDiagnostics
import StewardYAML

/// Reads a roster file, checking that every member and admin is a known person.
public struct RosterLoader: Sendable {
    public var limits: YAMLLimits

    /// The keys of a roster, a person and a role (also the properties of `steward schema roster`).
    static let topKeys = ["people", "roles", "admins"]
    static let personKeys = ["name", "account", "email", "phone"]
    static let roleKeys = ["title", "members"]

    public init(limits: YAMLLimits = .default) {
        self.limits = limits
    }

    /// The roster as far as it could be read, and every finding about it.
    ///
    /// A roster with errors still comes back (its good entries), so that workflows can
    /// be checked against it in the same run; callers refuse to act on it.
    public func load(_ source: YAMLSource) -> (roster: Roster?, diagnostics: [Diagnostic]) {
        let (document, yamlFindings) = YAMLLoader(limits: limits).loadSingleDocument(source)
        guard let document else { return (nil, yamlFindings) }
        let reader = SchemaReader(file: source.path)
        let roster = decode(document.root, reader)
        return (roster, reader.diagnostics)
    }

    func decode(_ root: YAMLNode, _ reader: SchemaReader) -> Roster? {
        guard let top = reader.mapping(root, "a roster file") else { return nil }
        reader.checkKeys(top, allowed: Self.topKeys, required: ["people"], "the roster")
        var people: [Roster.Person] = []
        if let m = top["people"].flatMap({ reader.mapping($0, "'people'") }) {
            for pair in m.pairs {
                guard let id = reader.string(pair.key, "a person id") else { continue }
                checkID(id, pair.key, reader, "person")
                let what = "person '\(id)'"
                guard let p = reader.mapping(pair.value, what) else { continue }
                reader.checkKeys(p, allowed: Self.personKeys, what)
                checkContacts(p, reader, what)
                people.append(Roster.Person(
                    id: id, name: p["name"].flatMap { reader.string($0, "'name' of \(what)") },
                    account: p["account"].flatMap { reader.string($0, "'account' of \(what)") },
                    email: p["email"].flatMap { reader.string($0, "'email' of \(what)") },
                    phone: p["phone"].flatMap { reader.string($0, "'phone' of \(what)") },
                    location: reader.location(pair.key)))
            }
        }
        checkAccounts(people, reader)
        let known = Set(people.map(\.id))
        var roles: [Roster.Role] = []
        if let m = top["roles"].flatMap({ reader.mapping($0, "'roles'") }) {
            for pair in m.pairs {
                guard let id = reader.string(pair.key, "a role id") else { continue }
                checkID(id, pair.key, reader, "role")
                let what = "role '\(id)'"
                guard let r = reader.mapping(pair.value, what) else { continue }
                reader.checkKeys(r, allowed: Self.roleKeys, what)
                let members = r["members"].map { reader.words($0, "'members' of \(what)") } ?? []
                for member in members where !known.contains(member.value) {
                    reader.report(.unknownPerson, at: member.location,
                                  "'\(member.value)' in \(what) is not a person of the roster",
                                  suggestion: Suggestions.didYouMean(member.value, in: known))
                }
                roles.append(Roster.Role(id: id, title: r["title"].flatMap { reader.string($0, "'title' of \(what)") },
                                         members: members.map(\.value), location: reader.location(pair.key)))
            }
        }
        let admins = top["admins"].map { reader.words($0, "'admins'") } ?? []
        for admin in admins where !known.contains(admin.value) {
            reader.report(.unknownPerson, at: admin.location, "admin '\(admin.value)' is not a person of the roster",
                          suggestion: Suggestions.didYouMean(admin.value, in: known))
        }
        return Roster(people: people, roles: roles, admins: admins.map(\.value))
    }

    /// Contacts go to delivery channels (a mail plug-in writes `email` into a header): an
    /// address that is not one, or a phone number with letters, is a finding, not a mail
    /// that goes nowhere.
    private func checkContacts(_ person: YAMLMapping, _ reader: SchemaReader, _ what: String) {
        if let node = person["email"], let email = node.scalar?.text, !Self.isEmailAddress(email) {
            reader.report(.badValue, at: reader.location(node), "'\(email)' (email of \(what)) is not a mail address",
                          suggestion: "write it as name@example.org")
        }
        if let node = person["phone"], let phone = node.scalar?.text, !Self.isPhoneNumber(phone) {
            reader.report(.badValue, at: reader.location(node), "'\(phone)' (phone of \(what)) is not a phone number",
                          suggestion: "digits, with '+', spaces or '-' if you like: \"13800000000\"")
        }
    }

    /// `local@domain`: one `@`, something on each side, no spaces, quotes or brackets.
    static func isEmailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
              !parts[1].hasSuffix(".") else { return false }
        return !text.unicodeScalars.contains { $0.properties.isWhitespace || "<>()[],;:\"\\".unicodeScalars.contains($0) || $0.value < 0x20 }
    }

    static func isPhoneNumber(_ text: String) -> Bool {
        let digits = text.unicodeScalars.filter { ("0"..."9").contains($0) }.count
        return digits >= 3 && text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || " +-()".unicodeScalars.contains($0) }
    }

    /// One OS account for two people is allowed (an office's shared computer, with declared
    /// identity), but with `identity: os` whoever logs in as it may act as either: say so.
    private func checkAccounts(_ people: [Roster.Person], _ reader: SchemaReader) {
        var first: [String: String] = [:]
        for person in people {
            guard let account = person.account, !account.isEmpty else { continue }
            if let owner = first[account] {
                reader.report(.sharedAccount, at: person.location,
                              "'\(person.id)' has the account '\(account)' of '\(owner)': with 'identity: os', whoever logs in as '\(account)' may act as either",
                              suggestion: "give each person their own account")
            } else {
                first[account] = person.id
            }
        }
    }

    private func checkID(_ id: String, _ node: YAMLNode, _ reader: SchemaReader, _ kind: String) {
        if !Names.isRosterID(id) {
            reader.report(.badID, at: reader.location(node),
                          "'\(id)' is not a valid \(kind) id; use lower-case letters, digits, '.', '_' and '-'",
                          suggestion: "for example 'li.ming'")
        }
    }
}
