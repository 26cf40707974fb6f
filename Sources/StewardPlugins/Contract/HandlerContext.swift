/// What the project offers a built-in handler beyond its arguments: the roster, the delivery
/// channels steward.yaml names, and the other handlers (so that `notify` can hand each
/// message to its channels through the same registry `uses:` reads).
public struct HandlerContext: Sendable {
    /// The roster's people and roles; nil when the project has no roster.
    public let roster: HandlerRoster?
    /// The handlers that deliver `notify`'s messages, by name (steward.yaml `channels:`).
    public let channels: [String]
    public let handlers: HandlerRegistry

    public init(roster: HandlerRoster?, channels: [String] = [], handlers: HandlerRegistry) {
        self.roster = roster
        self.channels = channels
        self.handlers = handlers
    }
}

/// The roster as handlers see it: people with the contacts a delivery needs, roles with
/// their members.
public struct HandlerRoster: Sendable, Equatable {
    public struct Person: Sendable, Equatable {
        public let id: String
        public let name: String?
        public let email: String?
        public let phone: String?

        public init(id: String, name: String? = nil, email: String? = nil, phone: String? = nil) {
            self.id = id
            self.name = name
            self.email = email
            self.phone = phone
        }
    }

    public let people: [String: Person]
    /// Role id → the ids of its members, in the roster's order.
    public let roles: [String: [String]]

    public init(people: [Person], roles: [String: [String]]) {
        self.people = Dictionary(people.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.roles = roles
    }
}

/// A message for people that a handler decided: the engine records it in the trail entry of
/// the call's result and writes it to the outbox (`outbox/notice-SEQ-N.json`), so that it
/// shows in each person's `steward notices` and `steward tasks`.
public struct HandlerNotice: Sendable, Equatable {
    /// Person ids of the roster.
    public let people: [String]
    public let subject: String
    public let body: String

    public init(people: [String], subject: String, body: String) {
        self.people = people
        self.subject = subject
        self.body = body
    }
}
