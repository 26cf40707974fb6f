import StewardAudit

/// Copies a whole store into an empty one, row for row: how an office moves from the embedded
/// store to PostgreSQL (`steward store migrate`).
///
/// The trail is copied verbatim as chain 0 (the target's trigger checks every link and hash as
/// it goes), the store keeps its id (the origin line of its checkpoint files, which therefore
/// still verify), and every instance stays in chain 0 with its family. Runs inside one write
/// transaction of the target: the copy is whole or not there.
public enum StoreCopy {
    /// How many rows of each table were copied, in copy order.
    public typealias Counts = [(table: String, rows: Int)]

    /// Tables and their columns, in an order that keeps references valid.
    static let tables: [(name: String, columns: String, order: String)] = [
        ("definitions", "hash, workflow_id, source, created_at", "hash"),
        ("environments", "hash, source, created_at", "hash"),
        ("instances", "id, workflow_id, definition_hash, parent_id, status, state, version, created_at, updated_at, environment",
         "created_at, id"),
        ("tasks", "id, instance_id, state, title, assignees, roles, opened_at, due_at, status", "id"),
        ("task_assignees", "task_id, kind, name", "task_id, kind, name"),
        ("timers", "id, instance_id, kind, due_at, payload", "id"),
        ("steps", "key, instance_id, state, handler, attempt, status, started_at, finished_at, result", "key"),
        ("ready", "instance_id, since", "instance_id"),
        ("schedules", "workflow_id, entry, last_fire", "workflow_id, entry"),
        ("trail", "seq, at, instance, definition, event, from_state, to_state, person, account, host, engine_version, "
            + "details, previous_hash, hash", "seq"),
        ("checkpoints", "size, root, created_at, key_id, signature", "size"),
        ("meta", "key, value", "key"),
    ]

    /// Copies everything `source` holds into `target`, which must hold no instance and no trail.
    public static func copy(from source: ReadTransaction, to target: WriteTransaction) throws(StoreError) -> Counts {
        let held = try target.firstRow("""
            SELECT (SELECT count(*) FROM instances) + (SELECT count(*) FROM trail) + (SELECT count(*) FROM definitions)
                 + (SELECT count(*) FROM checkpoints)
            """) { $0.int64(0) }
        guard held == 0 else {
            throw StoreError(.conflict, "the target already holds a Steward store (instances, definitions, trail entries "
                + "or checkpoints): a store is moved into an empty one only")
        }
        guard try source.trailChainCount() == 1 else {
            throw StoreError(.misuse, "only a store of one trail chain (an embedded store) can be moved")
        }
        // What the target made for itself gives way to what is moved: its id, its meta.
        try target.change("DELETE FROM meta", [])
        var counts: Counts = []
        for table in tables {
            let count = Int(table.columns.split(separator: ",").count)
            var columns = table.columns
            var extra: [SQLValue] = []
            if target.dialect == .postgres, table.name == "instances" || table.name == "trail" {
                columns += ", chain"
                extra = [.int(0)]
            }
            let marks = Array(repeating: "?", count: count + extra.count).joined(separator: ", ")
            let insert = "INSERT INTO \(table.name)(\(columns)) VALUES (\(marks))"
            var copied = 0
            var failure: StoreError?
            try source.query("SELECT \(table.columns) FROM \(table.name) ORDER BY \(table.order)") { row throws(StoreError) in
                while try row.step() {
                    let values = (0..<count).map { row.value(Int32($0)) } + extra
                    do throws(StoreError) {
                        try target.change(insert, values)
                    } catch {
                        failure = error
                        return
                    }
                    copied += 1
                }
            }
            if let failure {
                throw StoreError(failure.kind, "copying \(table.name) row \(copied + 1) failed: \(failure.message)")
            }
            counts.append((table.name, copied))
        }
        return counts
    }
}
