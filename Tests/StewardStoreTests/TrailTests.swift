import StewardAudit
import Testing
@testable import StewardStore

@Suite("the audit trail")
struct TrailTests {
    @Test func entriesAreContiguousAndChained() throws {
        let folder = try TemporaryFolder()
        let store = try Fixture.store(in: folder)
        let first = try store.write { tx throws in
            try (1...3).map { _ in try tx.appendTrail(Fixture.entry("acted")) }
        }
        let second = try store.write { tx in try tx.appendTrail(Fixture.entry("timer-fired", person: "")) }
        #expect(first.map(\.seq) == [1, 2, 3])
        #expect(second.seq == 4)
        let entries = try store.read { try $0.trailEntries(from: 1, batch: 100) }
        #expect(entries == first + [second])
        #expect(entries.first?.previousHash == TrailEntry.genesisHash)
        for (before, after) in zip(entries, entries.dropFirst()) {
            #expect(after.previousHash == before.hash)
            #expect(after.seq == before.seq + 1)
        }
        #expect(entries.allSatisfy { $0.hasValidHash && $0.hash.count == 64 })
        try store.read { tx throws in
            #expect(try tx.trailCount() == 4)
            #expect(try tx.lastTrailEntry() == second)
            #expect(try tx.trailEntry(seq: 2) == first[1])
            #expect(try tx.trailEntries(from: 3, batch: 1) == [first[2]])
        }
    }

    @Test(arguments: ["UPDATE trail SET event = 'forged' WHERE seq = 1", "DELETE FROM trail WHERE seq = 2",
                      "DELETE FROM trail"])
    func updateAndDeleteAreRefused(sql: String) throws {
        let folder = try TemporaryFolder()
        let store = try Fixture.store(in: folder)
        let entries = try store.write { tx in try (1...2).map { _ in try tx.appendTrail(Fixture.entry("acted")) } }
        let error = storeError { try store.rawExecute(sql) }
        #expect(error?.kind == .constraint)
        #expect(error?.message == "the audit trail is append-only")
        #expect(try store.read { try $0.trailEntries(from: 1, batch: 10) } == entries)
    }

    @Test func rawInsertsThatBreakTheChainAreRefused() throws {
        let folder = try TemporaryFolder()
        let store = try Fixture.store(in: folder)
        let entry = try store.write { try $0.appendTrail(Fixture.entry("started")) }
        let gap = "INSERT INTO trail VALUES (5, 1, '', '', 'x', '', '', '', '', '', '', '{}', '\(entry.hash)', 'h')"
        let badLink = "INSERT INTO trail VALUES (2, 1, '', '', 'x', '', '', '', '', '', '', '{}', 'nope', 'h')"
        #expect(storeError { try store.rawExecute(gap) }?.kind == .constraint)
        #expect(storeError { try store.rawExecute(badLink) }?.kind == .constraint)
        #expect(try store.read { try $0.trailCount() } == 1)
    }

    @Test func streamingFiltersByInstancePersonAndTime() throws {
        let folder = try TemporaryFolder()
        let store = try Fixture.store(in: folder)
        try store.write { tx throws in
            for index in 0..<30 {
                _ = try tx.appendTrail(Fixture.entry("acted", instance: "i-\(index % 3)", person: index % 2 == 0 ? "ana" : "bo",
                                                     at: Int64(1_000 + index)))
            }
        }
        func seqs(instance: String? = nil, person: String? = nil, since: Int64? = nil, until: Int64? = nil) throws -> [Int64] {
            var seen: [Int64] = []
            try store.read { tx throws in
                try tx.forEachTrailEntry(instance: instance, person: person, since: since, until: until) { seen.append($0.seq) }
            }
            return seen
        }
        #expect(try seqs().count == 30)
        #expect(try seqs(instance: "i-1") == [2, 5, 8, 11, 14, 17, 20, 23, 26, 29])
        #expect(try seqs(instance: "i-1", person: "bo") == [2, 8, 14, 20, 26])
        #expect(try seqs(since: 1_010, until: 1_013) == [11, 12, 13])
        #expect(try seqs(person: "ana", since: 1_025) == [27, 29])
        #expect(try store.plan("SELECT seq FROM trail WHERE instance = ? ORDER BY seq").contains("trail_instance"))
        #expect(try store.plan("SELECT seq FROM trail WHERE person = ? ORDER BY seq").contains("trail_person"))
    }

    @Test func anErrorFromTheBodyStopsTheWalkAndIsRethrown() throws {
        let folder = try TemporaryFolder()
        let store = try Fixture.store(in: folder)
        try store.write { tx in for _ in 0..<5 { _ = try tx.appendTrail(Fixture.entry("acted")) } }
        var seen = 0
        #expect(throws: Abort.self) {
            try store.read { tx throws in
                try tx.forEachTrailEntry { _ in
                    seen += 1
                    if seen == 2 { throw Abort() }
                }
            }
        }
        #expect(seen == 2)
    }

    @Test func theBodyMayQueryTheSameTransaction() throws {
        let folder = try TemporaryFolder()
        let store = try Fixture.store(in: folder)
        try store.write { tx in for _ in 0..<3 { _ = try tx.appendTrail(Fixture.entry("acted")) } }
        var pairs: [Int64] = []
        try store.read { tx throws in
            try tx.forEachTrailEntry { outer in
                try tx.forEachTrailEntry(instance: outer.instance) { inner in if inner.seq == outer.seq { pairs.append(inner.seq) } }
            }
        }
        #expect(pairs == [1, 2, 3])
    }

    @Test func checkpointsAreKeptBySize() throws {
        let folder = try TemporaryFolder()
        let store = try Fixture.store(in: folder)
        let small = CheckpointRow(size: 2, root: "aa", createdAt: 1)
        let large = CheckpointRow(size: 5, root: "bb", createdAt: 2, keyID: "k1", signature: "sig")
        try store.write { tx throws in
            try tx.insertCheckpoint(large)
            try tx.insertCheckpoint(small)
        }
        #expect(try store.read { try $0.checkpoints() } == [small, large])
        #expect(try store.read { try $0.latestCheckpoint() } == large)
        #expect(storeError { try store.write { try $0.insertCheckpoint(small) } }?.kind == .conflict)
        let origin = try store.read { try $0.storeID() }
        #expect(origin.count == 32)
        #expect(CheckpointRow(large.checkpoint(origin: origin)) == large)
    }

    @Test func theStoredTrailVerifies() throws {
        let folder = try TemporaryFolder()
        let store = try Fixture.store(in: folder)
        try store.write { tx throws in for index in 0..<7 { _ = try tx.appendTrail(Fixture.entry("acted", at: Int64(index))) } }
        var verifier = TrailVerifier()
        try store.read { tx throws in try tx.forEachTrailEntry { _ = verifier.append($0) } }
        let report = verifier.finish()
        #expect(report.isOK)
        #expect(report.entriesChecked == 7)
    }
}
