import StewardAudit

private let trailColumns = "seq, at, instance, definition, event, from_state, to_state, person, account, host, "
    + "engine_version, details, previous_hash, hash"

extension ReadTransaction {
    /// The columns read for an entry: a PostgreSQL store adds its chain (column 14).
    private var trailSelect: String { dialect == .postgres ? trailColumns + ", chain" : trailColumns }
    /// Entries in trail order: by chain, then seq.
    private var trailOrder: String { dialect == .postgres ? "chain, seq" : "seq" }
    /// The condition that picks one chain (none in the embedded store, which has only chain 0).
    private func inChain(_ chain: Int) -> (sql: String, values: [SQLValue]) {
        dialect == .postgres ? (" AND chain = ?", [.int(Int64(chain))]) : ("", [])
    }

    /// How many chains the trail has (1 in the embedded store).
    public func trailChainCount() throws(StoreError) -> Int {
        guard dialect == .postgres else { return 1 }
        return Int(try firstRow("SELECT count(*) FROM trail_chains") { $0.int64(0) } ?? 1)
    }

    /// Up to `batch` entries of `chain` with seq ≥ `from`, in seq order: read the trail in pages.
    public func trailEntries(chain: Int = 0, from seq: Int64, batch: Int) throws(StoreError) -> [TrailEntry] {
        let only = inChain(chain)
        return try rows("SELECT \(trailSelect) FROM trail WHERE seq >= ?\(only.sql) ORDER BY seq LIMIT ?",
                        [.int(seq)] + only.values + [.limit(batch)], trailEntry)
    }

    /// The entry of `chain` with `seq`, or nil.
    public func trailEntry(chain: Int = 0, seq: Int64) throws(StoreError) -> TrailEntry? {
        let only = inChain(chain)
        return try firstRow("SELECT \(trailSelect) FROM trail WHERE seq = ?\(only.sql)", [.int(seq)] + only.values, trailEntry)
    }

    /// The newest entry of `chain`, or nil when it is empty.
    public func lastTrailEntry(chain: Int = 0) throws(StoreError) -> TrailEntry? {
        let only = inChain(chain)
        return try firstRow("SELECT \(trailSelect) FROM trail WHERE 1 = 1\(only.sql) ORDER BY seq DESC LIMIT 1",
                            only.values, trailEntry)
    }

    /// How many entries the trail holds, every chain together (counted, not taken from the last seq).
    public func trailCount() throws(StoreError) -> Int64 {
        try firstRow("SELECT count(*) FROM trail") { $0.int64(0) } ?? 0
    }

    /// Calls `body` with each matching entry in trail order (chain, then seq), one row at a time:
    /// the trail is never loaded whole. Every filter given must hold; `since` is inclusive,
    /// `until` exclusive (UTC milliseconds). An instance's entries are all in one chain.
    public func forEachTrailEntry(instance: String? = nil, person: String? = nil, since: Int64? = nil,
                                  until: Int64? = nil, _ body: (TrailEntry) throws -> Void) throws {
        var conditions = SQLConditions()
        if let instance { conditions.add("instance = ?", .text(instance)) }
        if let person { conditions.add("person = ?", .text(person)) }
        if let since { conditions.add("at >= ?", .int(since)) }
        if let until { conditions.add("at < ?", .int(until)) }
        var failure: (any Error)?
        try forEachTrailRow(conditions) { statement in
            do {
                try body(trailEntry(statement))
                return true
            } catch {
                failure = error
                return false
            }
        }
        if let failure { throw failure }
    }

    /// Every trail entry in trail order (chain, then seq) as the bytes of its columns (see
    /// `RawTrailEntry`), for verifying a long trail without a String per field. The bytes are
    /// valid only inside `body`.
    public func forEachRawTrailEntry(_ body: (TrailRowBytes) -> Bool) throws(StoreError) {
        let postgres = dialect == .postgres
        try forEachTrailRow(SQLConditions()) { statement in body(TrailRowBytes(statement: statement, hasChain: postgres)) }
    }

    /// Rows of the trail matching `conditions` in trail order, until `body` says stop. SQLite
    /// steps one statement through them; PostgreSQL reads pages of `trailPage` rows after the
    /// last (chain, seq) seen, each a statement of its own, so that no call holds the whole
    /// trail in memory or runs past its deadline.
    private func forEachTrailRow(_ conditions: SQLConditions, _ body: (any Statement) -> Bool) throws(StoreError) {
        guard dialect == .postgres else {
            try query("SELECT \(trailSelect) FROM trail\(conditions.clause) ORDER BY \(trailOrder)", conditions.values) {
                statement throws(StoreError) in
                while try statement.step() {
                    guard body(statement) else { return }
                }
            }
            return
        }
        var after: (chain: Int64, seq: Int64) = (-1, 0)
        while true {
            var page = conditions
            page.add("(chain, seq) > (?, ?)", .int(after.chain), .int(after.seq))
            var rows = 0
            var stopped = false
            try query("SELECT \(trailSelect) FROM trail\(page.clause) ORDER BY chain, seq LIMIT ?",
                      page.values + [.limit(Self.trailPage)]) { statement throws(StoreError) in
                while try statement.step() {
                    rows += 1
                    after = (statement.int64(14), statement.int64(0))
                    guard body(statement) else {
                        stopped = true
                        return
                    }
                }
            }
            if stopped || rows < Self.trailPage { return }
        }
    }

    /// How many trail rows a PostgreSQL store reads per page.
    static let trailPage = 5_000

    /// Calls `body` with each instance the trail started (a `started` entry) that has no
    /// instance row, and the seq of that entry: rows someone deleted. Streamed in seq order.
    public func forEachStartedInstanceWithoutRow(_ body: (_ instance: String, _ seq: Int64) -> Void) throws(StoreError) {
        try query("""
            SELECT t.instance, t.seq FROM trail t
            WHERE t.event = 'started' AND NOT EXISTS (SELECT 1 FROM instances i WHERE i.id = t.instance) ORDER BY t.seq
            """) { statement throws(StoreError) in
            while try statement.step() { body(statement.text(0), statement.int64(1)) }
        }
    }

    private func trailEntry(_ row: any Statement) -> TrailEntry {
        TrailEntry(chain: dialect == .postgres ? Int(row.int64(14)) : 0, seq: row.int64(0), at: row.int64(1), instance: row.text(2), definition: row.text(3), event: row.text(4),
                   fromState: row.text(5), toState: row.text(6), person: row.text(7), account: row.text(8),
                   host: row.text(9), engineVersion: row.text(10), details: row.text(11), previousHash: row.text(12),
                   hash: row.text(13))
    }
}

extension WriteTransaction {
    /// Seals `draft` after the last entry of its chain (seq = last + 1, `previousHash` = last
    /// hash, `hash` computed by `TrailEntry.seal`), appends it and returns it. `draft`'s own
    /// seq and hashes are ignored. Call it in the same transaction as the change it records.
    ///
    /// The embedded store has one chain. A PostgreSQL store has the chains it was made with; an
    /// entry goes to its instance's chain (inherited from the root instance), and the chain's
    /// head row stays locked until the transaction ends, so each chain grows one entry at a time.
    public func appendTrail(_ draft: consuming TrailEntry) throws(StoreError) -> TrailEntry {
        let chain = dialect == .postgres ? try trailChain(of: draft.instance) : 0
        let tip: (seq: Int64, hash: String)
        if let known = trailTips[chain] {
            tip = known
        } else {
            tip = try trailHead(chain)
        }
        let (next, overflow) = tip.seq.addingReportingOverflow(1)
        guard !overflow else { throw StoreError(.corrupt, StoreError.corruptMessage) }
        var entry = draft
        entry.chain = chain
        entry.seal(seq: next, previousHash: tip.hash)
        var values: [SQLValue] = [
            .int(entry.seq), .int(entry.at), .text(entry.instance), .text(entry.definition), .text(entry.event),
            .text(entry.fromState), .text(entry.toState), .text(entry.person), .text(entry.account), .text(entry.host),
            .text(entry.engineVersion), .text(entry.details), .text(entry.previousHash), .text(entry.hash),
        ]
        switch dialect {
        case .sqlite:
            try change("INSERT INTO trail(\(trailColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values)
        case .postgres:
            values.append(.int(Int64(chain)))
            try change("INSERT INTO trail(\(trailColumns), chain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values)
        }
        trailTips[chain] = (entry.seq, entry.hash)
        return entry
    }

    /// The last (seq, hash) of `chain`; on PostgreSQL its head row is locked from here to the end
    /// of the transaction.
    private func trailHead(_ chain: Int) throws(StoreError) -> (seq: Int64, hash: String) {
        switch dialect {
        case .sqlite:
            return try firstRow("SELECT seq, hash FROM trail ORDER BY seq DESC LIMIT 1", [], { ($0.int64(0), $0.text(1)) })
                ?? (0, TrailEntry.genesisHash(chain: 0))
        case .postgres:
            guard let head = try firstRow("SELECT seq, hash FROM trail_chains WHERE chain = ? FOR UPDATE",
                                          [.int(Int64(chain))], { ($0.int64(0), $0.text(1)) }) else {
                throw StoreError(.schema, "the store has no trail chain \(chain): it was not set up by Steward")
            }
            return head
        }
    }

    /// The chain of `instance`'s trail: its row's, or 0 for an entry about no stored instance.
    private func trailChain(of instance: String) throws(StoreError) -> Int {
        if let known = instanceChains[instance] { return known }
        let chain = try firstRow("SELECT chain FROM instances WHERE id = ?", [.text(instance)]) { Int($0.int64(0)) } ?? 0
        instanceChains[instance] = chain
        return chain
    }
}

/// One trail row read in place: the fields' bytes point into SQLite's row buffer.
public struct TrailRowBytes: RawTrailEntry {
    let statement: any Statement
    /// True when the row has its chain in column 14.
    let hasChain: Bool

    public var chain: Int { hasChain ? Int(statement.int64(14)) : 0 }

    public var seq: Int64 { statement.int64(0) }
    public var at: Int64 { statement.int64(1) }
    /// Field `index` in canonical order is column `index + 2`.
    public func field(_ index: Int) -> UnsafeRawBufferPointer { statement.textBytes(Int32(index + 2)) }
    public var hash: UnsafeRawBufferPointer { statement.textBytes(13) }
}
