import StewardAudit
import StewardStore

/// What `audit verify` found in a store: the trail's own report, and the checks of what
/// else in the store an insider could have changed to hide or fake an edit.
public struct StoreVerification: Sendable {
    /// The chain, seq, outside and recorded checkpoints (see `TrailVerifier`).
    public var chain: VerificationReport
    /// How many pinned workflow definitions were re-hashed.
    public var definitionsChecked = 0
    /// How many roster and calendar snapshots were re-hashed.
    public var environmentsChecked = 0
    /// How many append-only triggers the store's schema has (each compared with its SQL).
    public var triggersExpected = 0
    /// The chain's problems, then those of the pinned sources and the triggers.
    public var problems: [AuditProblem] = []

    /// True when no problem is an error.
    public var isOK: Bool { !problems.contains { $0.severity == .error } }
}

extension Engine {
    /// Verifies a store: the trail (`verifyChain`), every pinned definition and environment
    /// against the hash it is stored under, and the append-only triggers against the SQL
    /// Steward's schema creates. Reads only.
    public static func verifyStore(store: any Store, checkpoints: [Checkpoint],
                                   trustedKey: CheckpointPublicKey?) throws(EngineError) -> StoreVerification {
        var result = StoreVerification(chain: try verifyChain(store: store, checkpoints: checkpoints, trustedKey: trustedKey))
        result.problems = result.chain.problems
        do {
            try store.read { tx in
                for table in PinnedTable.allCases {
                    try tx.forEachPinnedSource(in: table) { hash, source in
                        if table == .definitions { result.definitionsChecked += 1 } else { result.environmentsChecked += 1 }
                        guard MerkleHash(sha256: source).hex != hash else { return }
                        result.problems.append(alteredSource(table, hash: hash))
                    }
                }
            }
            if let chains = result.chain.chains, result.chain.isOK {
                let heads = try store.read { tx in try tx.trailChainHeads() }
                result.problems += headProblems(heads, chains: chains)
            }
            let triggers = try store.triggerProblems()
            result.triggersExpected = triggers.expected
            result.problems += triggers.problems.map(triggerProblem)
        } catch {
            throw storeError(error)
        }
        return result
    }

    /// Each chain must end where the store's head of it (`trail_chains`) says: an entry removed
    /// from a chain's end leaves the head one entry ahead.
    private static func headProblems(_ heads: [(chain: Int, seq: Int64)], chains: [ChainHead]) -> [AuditProblem] {
        var problems: [AuditProblem] = []
        for (chain, seq) in heads where chain >= 0 && chain < chains.count && chains[chain].size != seq {
            let size = chains[chain].size
            let what = size < seq ? "entries \(size + 1) to \(seq) were removed from its end, or the head was changed"
                : "the head was changed, or entries were written around it"
            problems.append(AuditProblem(kind: size < seq ? "storeTruncated" : "chainHeadMismatch", severity: .error,
                seq: min(size, seq) + 1,
                message: "chain \(chain): the store records its head at entry \(seq), but the chain ends after entry "
                    + "\(size): \(what)"))
        }
        return problems
    }

    private static func alteredSource(_ table: PinnedTable, hash: String) -> AuditProblem {
        switch table {
        case .definitions:
            return AuditProblem(kind: "definitionAltered", severity: .error,
                message: "the stored workflow definition \(hash.prefix(12)) no longer hashes to its name: its source was "
                    + "changed in the store, so the instances pinned to it would not run what they started with")
        case .environments:
            return AuditProblem(kind: "environmentAltered", severity: .error,
                message: "the stored roster and calendars \(hash.prefix(12)) no longer hash to their name: they were "
                    + "changed in the store, so replaying the events decided under them would use other people or days")
        }
    }

    private static func triggerProblem(_ problem: TriggerProblem) -> AuditProblem {
        switch problem.kind {
        case .missing:
            return AuditProblem(kind: "triggerMissing", severity: .error,
                message: "the store's trigger '\(problem.name)' is missing: someone with write access to the file "
                    + "dropped it, which lets the trail be edited (the checks of the trail say whether it was)")
        case .altered:
            return AuditProblem(kind: "triggerAltered", severity: .error,
                message: "the store's trigger '\(problem.name)' is not the SQL Steward creates: it was replaced, "
                    + "and may no longer keep the trail append-only")
        case .unexpected:
            return AuditProblem(kind: "triggerUnexpected", severity: .error,
                message: "the store has a trigger '\(problem.name)' that Steward does not create: "
                    + "it could change what is written")
        }
    }
}

extension Engine {
    /// The consistency proof from checkpoint `from` to checkpoint `to`, made from the store's
    /// trail after checking it against both (and, with `trustedKey`, their signatures); or the
    /// problem that showed the trail does not give them.
    public static func consistencyProof(store: any Store, from: Checkpoint, to: Checkpoint,
                                        trustedKey: CheckpointPublicKey?) throws(EngineError)
        -> Result<ConsistencyProof, VerificationFailure> {
        var prover = ConsistencyProver(from: from, to: to, trustedKey: trustedKey)
        var buffer: [UInt8] = []
        do {
            try store.read { tx in
                let chains = try tx.trailChainCount()
                guard chains == 1 else { throw EngineError(.usage, Self.noProofForChains(chains)) }
                try tx.forEachRawTrailEntry { entry in
                    prover.append(raw: entry, buffer: &buffer)
                    return prover.wantsMore
                }
            }
        } catch {
            throw storeError(error)
        }
        return prover.finish()
    }

    /// Why no consistency proof is made for a trail of `chains` chains, and what to use instead.
    public static func noProofForChains(_ chains: Int) -> String {
        "this trail is in \(chains) chains, and a consistency proof is of one chain: check that a later checkpoint "
            + "extends an earlier one with 'steward audit verify --checkpoint EARLIER --checkpoint LATER', which "
            + "recomputes each chain's root at both sizes from the trail"
    }
}
