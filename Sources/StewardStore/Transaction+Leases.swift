extension WriteTransaction {
    /// Takes or renews the lease `name` for `holder` until `until` (UTC milliseconds): true when
    /// `holder` holds it now. A lease held by another and not yet run out is not taken.
    ///
    /// Work only one worker may do at a time (scheduled starts, automatic checkpoints) is done
    /// by the lease's holder. The embedded store's ticks are kept apart by a lock file, so there
    /// every tick holds every lease (and the engine does not ask).
    public func takeLease(_ name: String, holder: String, now: Int64, until: Int64) throws(StoreError) -> Bool {
        guard dialect == .postgres else { return true }
        return try firstRow("""
            INSERT INTO leases(name, holder, expires_at) VALUES (?, ?, ?)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE leases.holder = excluded.holder OR leases.expires_at < ?
            RETURNING holder
            """, [.text(name), .text(holder), .int(until), .int(now)]) { $0.text(0) } == holder
    }
}
