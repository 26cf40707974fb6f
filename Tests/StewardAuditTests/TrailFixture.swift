import StewardAudit

/// Builds sealed trails with varied fields (Chinese text in names and details) for the tests.
enum TrailFixture {
    static let events = ["started", "acted", "voted", "refused", "timer-fired", "handler-intent", "handler-result"]
    static let states = ["draft", "review", "approved", "rejected", "已归档", ""]
    static let people = ["alice", "张伟", "bob@example.org", "", "Zoë", "李娜"]
    static let comments = ["批准了申请，理由：预算充足。", "looks good", "需要补充材料 \"附件\" 和说明", "tab\there, newline\nthere", "🎉 done"]

    /// `count` entries sealed into one chain; `salt` makes a different (foreign) trail.
    static func trail(count: Int, salt: Int = 0) -> [TrailEntry] {
        var entries: [TrailEntry] = []
        var previous: TrailEntry?
        for index in 0..<count {
            let n = index + salt * 1000
            let details: AuditValue = [
                "action": .string(events[n % events.count]),
                "comment": .string(comments[n % comments.count]),
                "amount": .double(Double(n) * 12.5 + 0.25),
                "votes": .int(Int64(n % 5)),
                "approved": .bool(n % 2 == 0),
                "form": ["项目": .string("预算 \(n)"), "count": .int(Int64(n))],
            ]
            let entry = TrailEntry(
                seq: 0, at: 1_764_033_000_123 + Int64(n) * 61_001, instance: n % 9 == 0 ? "" : "inst-\(n % 7)",
                definition: MerkleHash(sha256: Array("definition \(n % 3)".utf8)).hex,
                event: events[n % events.count], fromState: states[n % states.count],
                toState: states[(n + 1) % states.count], person: people[n % people.count],
                account: n % 4 == 0 ? "root" : "steward", host: "host-\(n % 3).example",
                engineVersion: "0.1.\(n % 2)", details: canonicalJSON(details), previousHash: "")
            let sealed = entry.sealed(after: previous)
            entries.append(sealed)
            previous = sealed
        }
        return entries
    }

    /// The verifier state before each entry of `trail` (index i = ready for entry i).
    static func snapshots(_ trail: [TrailEntry], checkpoints: [Checkpoint] = []) -> [TrailVerifier] {
        var verifier = TrailVerifier(checkpoints: checkpoints)
        var result: [TrailVerifier] = []
        for entry in trail {
            result.append(verifier)
            verifier.append(entry)
        }
        result.append(verifier)
        return result
    }

    /// An unsigned checkpoint of the first `size` entries.
    static func checkpoint(_ trail: [TrailEntry], size: Int, origin: String = "test-store") -> Checkpoint {
        let root = MerkleTree.root(leafHashes: trail.prefix(size).compactMap { MerkleHash(hex: $0.hash) })
        return Checkpoint(origin: origin, treeSize: Int64(size), rootHash: root.hex, createdAt: 1_764_100_000_000)
    }
}
