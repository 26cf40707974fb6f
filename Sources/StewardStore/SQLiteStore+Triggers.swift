internal import CSQLite

/// A trigger of a store that is not as Steward made it.
public struct TriggerProblem: Sendable, Hashable {
    /// How the trigger differs.
    public enum Kind: String, Sendable, Hashable {
        /// A trigger Steward creates is not there (dropped, so the trail could be edited).
        case missing
        /// A trigger of Steward's name holds other SQL.
        case altered
        /// A trigger Steward does not create (it could rewrite what is written).
        case unexpected
    }

    /// The trigger's name.
    public let name: String
    /// How it differs.
    public let kind: Kind

    package init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }
}

extension SQLiteStore {
    /// The store's triggers compared, by name and SQL text, with those its schema version's
    /// migrations create: `expected` is how many that is, `problems` what differs.
    ///
    /// The triggers are what keeps the trail append-only; someone with write access to the
    /// file can drop them (and put them back), so their absence or a change is worth reporting
    /// even when the trail itself still verifies.
    public func triggerProblems() throws(StoreError) -> (expected: Int, problems: [TriggerProblem]) {
        let expected = try Self.schemaTriggers(version: openedVersion)
        let actual = try withConnection { connection throws(StoreError) in try Self.triggers(connection) }
        var problems: [TriggerProblem] = []
        for (name, sql) in expected.sorted(by: { $0.key < $1.key }) {
            guard let found = actual[name] else {
                problems.append(TriggerProblem(name: name, kind: .missing))
                continue
            }
            if found != sql { problems.append(TriggerProblem(name: name, kind: .altered)) }
        }
        for name in actual.keys.sorted() where expected[name] == nil {
            problems.append(TriggerProblem(name: name, kind: .unexpected))
        }
        return (expected.count, problems)
    }

    /// The triggers the first `version` migrations create, as SQLite stores their text: made
    /// in a scratch in-memory database, so the comparison is with exactly what Schema.swift says.
    static func schemaTriggers(version: Int) throws(StoreError) -> [String: String] {
        let scratch = try Connection(path: ":memory:", flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        for migration in Schema.migrations.prefix(version) {
            try scratch.execute(migration)
        }
        return try triggers(scratch)
    }

    /// Every trigger of the database on `connection`, by name.
    private static func triggers(_ connection: Connection) throws(StoreError) -> [String: String] {
        try connection.withStatement("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'") { statement throws(StoreError) in
            var triggers: [String: String] = [:]
            while try statement.step() { triggers[statement.text(0)] = statement.text(1) }
            return triggers
        }
    }
}
