private let instanceColumnsV2 =
    "id, workflow_id, definition_hash, parent_id, status, state, version, created_at, updated_at, environment"
private let instanceColumnsV1 =
    "id, workflow_id, definition_hash, parent_id, status, state, version, created_at, updated_at, NULL"

extension ReadTransaction {
    /// The columns of an instance row; a schema-1 store (read-only) has no `environment`.
    var instanceColumns: String { version >= 2 ? instanceColumnsV2 : instanceColumnsV1 }

    /// The instance with `id`, or nil. In a write on PostgreSQL its row stays locked until the
    /// transaction ends, so that what is decided from it is decided by one worker at a time (as
    /// the embedded store's single writer gives): a second worker waits, then reads the result.
    public func loadInstance(id: String) throws(StoreError) -> InstanceRow? {
        let lock = dialect == .postgres && self is WriteTransaction ? " FOR UPDATE" : ""
        return try firstRow("SELECT \(instanceColumns) FROM instances WHERE id = ?\(lock)", [.text(id)], instanceRow)
    }

    /// Instances with `status`, by id, at most `limit`, starting after id `after` (for paging).
    public func instances(status: InstanceStatus, after: String = "", limit: Int) throws(StoreError) -> [InstanceRow] {
        try rows("SELECT \(instanceColumns) FROM instances WHERE status = ? AND id > ? ORDER BY id LIMIT ?",
                 [.text(status.rawValue), .text(after), .limit(limit)], instanceRow)
    }

    /// Every instance, any status, read a page at a time through the status index.
    public func allInstances() throws(StoreError) -> [InstanceRow] {
        var all: [InstanceRow] = []
        for status in InstanceStatus.allCases {
            var after = ""
            while true {
                let page = try instances(status: status, after: after, limit: 1000)
                all += page
                guard page.count == 1000, let last = page.last else { break }
                after = last.id
            }
        }
        return all
    }

    /// Whether an instance has exactly the id `id` (a primary-key lookup).
    public func hasInstance(id: String) throws(StoreError) -> Bool {
        try firstRow("SELECT 1 FROM instances WHERE id = ?", [.text(id)]) { _ in true } ?? false
    }

    /// The ids that are `text`, or begin or end with it, by id, at most `limit`.
    ///
    /// Every id is read to compare its ends: look for a whole id with `hasInstance` first.
    public func instanceIDs(matching text: String, limit: Int) throws(StoreError) -> [String] {
        // A negative start counts from the end in SQLite only; PostgreSQL has right().
        let tail = dialect == .postgres ? "right(id, length(?1))" : "substr(id, -length(?1))"
        return try rows("""
            SELECT id FROM instances
            WHERE id = ?1 OR substr(id, 1, length(?1)) = ?1 OR \(tail) = ?1
            ORDER BY id LIMIT ?2
            """, [.text(text), .limit(limit)]) { $0.text(0) }
    }

    /// Instances of `workflow`, by id, at most `limit`, starting after id `after`.
    public func instances(workflow: String, after: String = "", limit: Int) throws(StoreError) -> [InstanceRow] {
        try rows("SELECT \(instanceColumns) FROM instances WHERE workflow_id = ? AND id > ? ORDER BY id LIMIT ?",
                 [.text(workflow), .text(after), .limit(limit)], instanceRow)
    }

    /// Instances matching `filter`, newest started first (then by id, from the largest), at
    /// most `limit`, from just after `position` on (the last one of the page before).
    public func instances(_ filter: InstanceFilter, after position: ListPosition? = nil,
                          limit: Int) throws(StoreError) -> [InstanceRow] {
        let query = filter.pageQuery(columns: instanceColumns, after: position)
        return try rows(query.sql, query.values + [.limit(limit)], instanceRow)
    }

    /// How many instances match `filter` (counted through the indexes, no row decoded);
    /// with `position`, only those listed at or before it (the pages up to it).
    public func instanceCount(_ filter: InstanceFilter, through position: ListPosition? = nil) throws(StoreError) -> Int {
        let query = filter.countQuery(through: position)
        return Int(try firstRow(query.sql, query.values) { $0.int64(0) } ?? 0)
    }

    /// Where the instance `id` stands in lists of instances, or nil when there is none.
    public func listPosition(ofInstance id: String) throws(StoreError) -> ListPosition? {
        try firstRow("SELECT created_at, id FROM instances WHERE id = ?", [.text(id)]) {
            ListPosition(time: $0.int64(0), id: $0.text(1))
        }
    }

    /// The instances started by `parentID`, by id.
    public func childInstances(of parentID: String) throws(StoreError) -> [InstanceRow] {
        try rows("SELECT \(instanceColumns) FROM instances WHERE parent_id = ? ORDER BY id", [.text(parentID)], instanceRow)
    }

    /// How many instances have each status (statuses with none are left out).
    public func instanceCounts() throws(StoreError) -> [InstanceStatus: Int] {
        let pairs = try rows("SELECT status, count(*) FROM instances GROUP BY status") { row throws(StoreError) in
            (try ColumnCoding.decode(row.text(0), as: InstanceStatus.self), Int(row.int64(1)))
        }
        return Dictionary(pairs, uniquingKeysWith: +)
    }

    private func instanceRow(_ row: any Statement) throws(StoreError) -> InstanceRow {
        InstanceRow(id: row.text(0), workflowID: row.text(1), definitionHash: row.text(2), parentID: row.optionalText(3),
                    status: try ColumnCoding.decode(row.text(4), as: InstanceStatus.self), state: row.blob(5),
                    version: row.int64(6), createdAt: row.int64(7), updatedAt: row.int64(8),
                    environment: row.optionalText(9))
    }
}

extension WriteTransaction {
    /// Stores a new instance: `.conflict` if its id exists, `.constraint` if its definition does not.
    public func insertInstance(_ row: InstanceRow) throws(StoreError) {
        do throws(StoreError) {
            try change("INSERT INTO instances(\(instanceColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
                .text(row.id), .text(row.workflowID), .text(row.definitionHash), .optional(row.parentID),
                .text(row.status.rawValue), .blob(row.state), .int(row.version), .int(row.createdAt), .int(row.updatedAt),
                .optional(row.environment),
            ])
        } catch where ColumnCoding.isDuplicate(error) {
            throw StoreError(.conflict, "instance '\(row.id)' already exists", sqliteCode: error.sqliteCode)
        } catch where error.violation == .foreignKey {
            throw StoreError(.constraint, "instance '\(row.id)' names definition '\(row.definitionHash)', "
                             + "which the store does not have: insert the definition first", sqliteCode: error.sqliteCode)
        }
    }

    /// Replaces the stored instance `row.id` with `row`, only if its stored version is still
    /// `expectedVersion`; otherwise `.conflict` and nothing changes (`.notFound` if it is gone).
    ///
    /// `row.version` is stored as given: the engine sets it (usually `expectedVersion + 1`).
    public func updateInstance(_ row: InstanceRow, expectedVersion: Int64) throws(StoreError) {
        // SQLite rewrites the entry of every index over a column named in SET, changed or not,
        // and each such page is one more page in the commit. So the usual update (same status,
        // workflow, definition, parent and environment) sets only what changes; anything else
        // sets it all.
        let sameAs = dialect == .postgres ? "IS NOT DISTINCT FROM" : "IS"
        let usual = try change(
            "UPDATE instances SET state = ?, version = ?, updated_at = ? WHERE id = ? AND version = ? AND status = ? "
                + "AND workflow_id = ? AND definition_hash = ? AND parent_id \(sameAs) ? AND environment \(sameAs) ?",
            [.blob(row.state), .int(row.version), .int(row.updatedAt), .text(row.id), .int(expectedVersion),
             .text(row.status.rawValue), .text(row.workflowID), .text(row.definitionHash), .optional(row.parentID),
             .optional(row.environment)])
        guard usual == 0 else { return }
        let changed = try change(
            "UPDATE instances SET workflow_id = ?, definition_hash = ?, parent_id = ?, status = ?, state = ?, "
                + "version = ?, updated_at = ?, environment = ? WHERE id = ? AND version = ?",
            [.text(row.workflowID), .text(row.definitionHash), .optional(row.parentID), .text(row.status.rawValue),
             .blob(row.state), .int(row.version), .int(row.updatedAt), .optional(row.environment), .text(row.id),
             .int(expectedVersion)])
        guard changed == 0 else { return }
        guard try firstRow("SELECT 1 FROM instances WHERE id = ?", [.text(row.id)], { _ in true }) != nil else {
            throw StoreError(.notFound, "there is no instance '\(row.id)'")
        }
        throw StoreError.conflict("instance '\(row.id)'")
    }
}
