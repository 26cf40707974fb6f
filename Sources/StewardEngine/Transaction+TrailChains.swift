import StewardAudit
import StewardStore

/// What the audit side reads of a trail in chains beyond the store contract: each chain's
/// head, the total size, and what a checkpoint states of each chain (PostgreSQL only; a
/// store of one chain never reaches these).
extension ReadTransaction {
    /// Each chain's head as `trail_chains` records it, in chain order.
    func trailChainHeads() throws(StoreError) -> [(chain: Int, seq: Int64)] {
        try rows("SELECT chain, seq FROM trail_chains ORDER BY chain") { (Int($0.int64(0)), $0.int64(1)) }
    }

    /// How many entries the trail holds, through the chains' heads or chain 0's last entry:
    /// never a count of the trail, as it runs at every tick.
    func trailSize(chains: Int) throws(StoreError) -> Int64 {
        guard chains > 1 else { return try lastTrailEntry()?.seq ?? 0 }
        return try firstRow("SELECT coalesce(sum(seq), 0)::bigint FROM trail_chains") { $0.int64(0) } ?? 0
    }

    /// The checkpoints the store records, each with its chains when the trail has `chains` > 1.
    func recordedCheckpoints(chains: Int) throws(StoreError) -> [Checkpoint] {
        var checkpoints = try recordedCheckpoints()
        guard chains > 1 else { return checkpoints }
        var stated: [Int64: [ChainHead]] = [:]
        let rows = try rows("SELECT size, chain, chain_size, root FROM checkpoint_chains ORDER BY size, chain") {
            (size: $0.int64(0), chain: $0.int64(1), head: ChainHead(size: $0.int64(2), root: $0.text(3)))
        }
        for row in rows where row.chain == Int64(stated[row.size]?.count ?? 0) {
            stated[row.size, default: []].append(row.head)
        }
        // A row without its chains stays a checkpoint of one chain: the verifier names it.
        for index in checkpoints.indices {
            if let heads = stated[checkpoints[index].treeSize] { checkpoints[index].chains = heads }
        }
        return checkpoints
    }
}

extension WriteTransaction {
    /// Records what `checkpoint` states of each of its chains (after its row in `checkpoints`).
    func insertCheckpointChains(_ checkpoint: Checkpoint) throws(StoreError) {
        for (chain, head) in (checkpoint.chains ?? []).enumerated() {
            try change("INSERT INTO checkpoint_chains(size, chain, chain_size, root) VALUES (?, ?, ?, ?)",
                       [.int(checkpoint.treeSize), .int(Int64(chain)), .int(head.size), .text(head.root)])
        }
    }
}
