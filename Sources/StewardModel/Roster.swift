import StewardDiagnostics

/// The people of the organization and the roles they hold.
public struct Roster: Sendable, Hashable {
    /// One person: the id workflows and commands use, the name shown, the OS account.
    public struct Person: Sendable, Hashable {
        public let id: String
        public let name: String?
        public let account: String?
        public let email: String?
        public let phone: String?
        public let location: SourceLocation?
    }

    /// A role and its members (person ids).
    public struct Role: Sendable, Hashable {
        public let id: String
        public let title: String?
        public let members: [String]
        public let location: SourceLocation?
    }

    public let people: [String: Person]
    public let roles: [String: Role]
    /// People who may act for others (recorded as such).
    public let admins: [String]

    public init(people: [Person], roles: [Role], admins: [String]) {
        self.people = Dictionary(people.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.roles = Dictionary(roles.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.admins = admins
    }

    /// Whether `person` holds `role`.
    public func isMember(_ person: String, of role: String) -> Bool {
        roles[role]?.members.contains(person) ?? false
    }
}

extension Roster {
    /// The same roster with the members of the roles in `members` replaced (an author test's
    /// `roles:`: what if 李明 also sat on the committee).
    public func replacingMembers(_ members: [String: [String]]) -> Roster {
        let changed = roles.values.map { role in
            members[role.id].map { Role(id: role.id, title: role.title, members: $0, location: role.location) } ?? role
        }
        return Roster(people: Array(people.values), roles: changed, admins: admins)
    }
}
