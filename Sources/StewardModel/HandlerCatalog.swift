/// The step handlers an `action` state may name in `uses`, with the arguments each takes.
///
/// The validator checks `uses` and `with` against this catalog; the engine's handler
/// registry and plug-ins add their own entries.
public struct HandlerCatalog: Sendable {
    /// What a handler accepts in `with`.
    public struct Entry: Sendable, Hashable {
        public let name: String
        public let summary: String
        public let required: [String]
        public let optional: [String]
        /// True when `with` may hold any keys (e.g. `set` sets whatever variables it is given).
        public let openArguments: Bool

        public init(name: String, summary: String, required: [String] = [], optional: [String] = [],
                    openArguments: Bool = false) {
            self.name = name
            self.summary = summary
            self.required = required
            self.optional = optional
            self.openArguments = openArguments
        }
    }

    public private(set) var entries: [String: Entry]

    public init(_ entries: [Entry]) {
        self.entries = Dictionary(entries.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// Adds (or replaces) a handler, e.g. one a plug-in provides.
    public mutating func add(_ entry: Entry) {
        entries[entry.name] = entry
    }

    /// The handlers built into Steward.
    public static let builtIn = HandlerCatalog([
        Entry(name: "set", summary: "sets workflow variables (vars.NAME) to the given values", openArguments: true),
        Entry(name: "log", summary: "writes a message to the audit trail", required: ["message"], optional: ["level"]),
        Entry(name: "fail", summary: "fails the step on purpose with a reason (for catch and tests)",
              required: ["reason"], optional: ["kind"]),
        Entry(name: "notify", summary: "writes a message for people or roles to the outbox",
              required: ["to", "subject"], optional: ["body", "channel"]),
        Entry(name: "archive", summary: "files the instance's documents and trail in the ledger (台账)",
              required: ["ledger"], optional: ["title", "files", "retention"]),
    ])
}
