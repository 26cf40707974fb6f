import StewardStore

extension PostgresStore {
    /// The trail's guards compared with those Steward creates: each trigger present, enabled,
    /// calling the function Steward names, and each function's body the text Steward wrote.
    ///
    /// The owner of the tables can change them (and change them back); the trail's hashes and
    /// the checkpoints published outside the database are what show an edit. This says whether
    /// the guards stood.
    public func triggerProblems() throws(StoreError) -> (expected: Int, problems: [TriggerProblem]) {
        try withSession { session throws(StoreError) in
            var found: [String: (table: String, function: String, enabled: Bool)] = [:]
            let triggers = """
                SELECT t.tgname, c.relname, p.proname, t.tgenabled <> 'D' FROM pg_trigger t
                JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
                WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace
                """
            try session.withRows(triggers, []) { rows throws(StoreError) in
                while try rows.step() {
                    found[rows.text(0)] = (rows.text(1), rows.text(2), rows.int64(3) != 0)
                }
            }
            var bodies: [String: String] = [:]
            try session.withRows("SELECT proname, prosrc FROM pg_proc WHERE pronamespace = current_schema()::regnamespace",
                                 []) { rows throws(StoreError) in
                while try rows.step() { bodies[rows.text(0)] = rows.text(1) }
            }
            let expectedBodies = PostgresSchema.functionBodies
            var problems: [TriggerProblem] = []
            for (name, table) in PostgresSchema.guardTriggers.sorted(by: { $0.key < $1.key }) {
                guard let trigger = found[name] else {
                    problems.append(TriggerProblem(name: name, kind: .missing))
                    continue
                }
                let function = PostgresSchema.triggerFunctions[name] ?? ""
                if trigger.table != table || trigger.function != function || !trigger.enabled
                    || bodies[function] != expectedBodies[function] {
                    problems.append(TriggerProblem(name: name, kind: .altered))
                }
            }
            for name in found.keys.sorted() where PostgresSchema.guardTriggers[name] == nil {
                problems.append(TriggerProblem(name: name, kind: .unexpected))
            }
            return (PostgresSchema.guardTriggers.count, problems)
        }
    }
}

extension PostgresSchema {
    /// The function each guard trigger calls.
    static let triggerFunctions = [
        "trail_chain": "stw_trail_seal", "trail_no_change": "stw_trail_refuse", "trail_no_truncate": "stw_trail_refuse",
        "trail_chains_guard": "stw_trail_refuse", "trail_chains_no_truncate": "stw_trail_refuse",
        "instances_chain": "stw_instance_chain",
    ]

    /// Each function's body as the schema writes it (what the server keeps in `prosrc`).
    static let functionBodies: [String: String] = {
        var bodies: [String: String] = [:]
        for statement in migrations.flatMap(PostgresSession.statements) where statement.hasPrefix("CREATE FUNCTION ") {
            let name = statement.dropFirst("CREATE FUNCTION ".count).prefix { $0 != "(" }
            let parts = statement.components(separatedBy: "$$")
            if parts.count >= 3 { bodies[String(name)] = parts[1] }
        }
        return bodies
    }()
}
