import Foundation
import StewardAudit
@testable import StewardPostgres
@testable import StewardStore
import Testing

/// What keeps a PostgreSQL store's trail append-only and its chains whole, tried as an insider
/// with the tables' rights would.
@Suite("PostgreSQL trail guards and chains")
struct TrailGuardTests {
    static func seeded(chains: Int = 1) throws -> (ContractStore, PostgresStore)? {
        guard let made = try ContractStore.make(.postgres, chains: chains),
              let store = try made.open() as? PostgresStore else { return nil }
        try Rows.seed(store, instances: ["i-1", "i-2"])
        try store.write { tx in for event in ["started", "acted"] { _ = try tx.appendTrail(Rows.entry(event, instance: "i-1")) } }
        return (made, store)
    }

    @Test(arguments: [
        "UPDATE trail SET person = 'wang.fang' WHERE seq = 1",
        "DELETE FROM trail WHERE seq = 2",
        "TRUNCATE trail",
        "UPDATE trail_chains SET seq = 1",
        "DELETE FROM trail_chains",
        "TRUNCATE trail_chains",
        // A setting anyone may make once let the head move; the guard no longer reads one.
        "SET steward.sealing = 'on'; UPDATE trail_chains SET seq = seq + 5, hash = 'forged'",
    ])
    func changesToTheTrailAreRefused(sql: String) throws {
        guard let (made, store) = try Self.seeded() else { return }
        let error = #expect(throws: StoreError.self) { try store.raw(sql) }
        #expect(error?.kind == .constraint)
        #expect(error?.message.contains("append-only") == true, "\(error?.message ?? "")")
        #expect(try store.read { try $0.trailCount() } == 2)
        withExtendedLifetime(made) {}
    }

    @Test func anEntryOutOfChainOrWithAFalseHashIsRefused() throws {
        guard let (made, store) = try Self.seeded() else { return }
        let last = try #require(try store.read { try $0.lastTrailEntry() })
        var next = Rows.entry("completed", instance: "i-1")
        next.seal(seq: 3, previousHash: last.hash)
        func insert(_ entry: TrailEntry) throws {
            try store.write { tx in
                try tx.change("INSERT INTO trail(seq, at, instance, definition, event, from_state, to_state, person, account, "
                              + "host, engine_version, details, previous_hash, hash, chain) VALUES "
                              + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
                              [.int(entry.seq), .int(entry.at), .text(entry.instance), .text(entry.definition),
                               .text(entry.event), .text(entry.fromState), .text(entry.toState), .text(entry.person),
                               .text(entry.account), .text(entry.host), .text(entry.engineVersion), .text(entry.details),
                               .text(entry.previousHash), .text(entry.hash)])
            }
        }
        var skipped = next
        skipped.seal(seq: 4, previousHash: last.hash)
        var forged = next
        forged.person = "wang.fang"  // its hash no longer matches
        var unlinked = Rows.entry("completed", instance: "i-1")
        unlinked.seal(seq: 3, previousHash: TrailEntry.genesisHash)
        for bad in [skipped, forged, unlinked] {
            let error = #expect(throws: StoreError.self) { try insert(bad) }
            #expect(error?.message.contains("contiguous and chained") == true, "\(error?.message ?? "")")
        }
        try insert(next)
        #expect(try store.read { try $0.trailCount() } == 3)
        withExtendedLifetime(made) {}
    }

    @Test func aDisabledOrReplacedGuardIsReported() throws {
        guard let (made, store) = try Self.seeded() else { return }
        #expect(try store.triggerProblems().problems.isEmpty)
        try store.raw("ALTER TABLE trail DISABLE TRIGGER trail_no_change")
        try store.raw("CREATE OR REPLACE FUNCTION stw_instance_chain() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.chain := 0; RETURN NEW; END $$")
        try store.raw("CREATE TRIGGER sneaky BEFORE INSERT ON timers FOR EACH ROW EXECUTE FUNCTION stw_trail_refuse()")
        try store.raw("DROP TRIGGER trail_no_truncate ON trail")
        let found = try store.triggerProblems()
        #expect(found.expected == 6)
        let problems = Dictionary(uniqueKeysWithValues: found.problems.map { ($0.name, $0.kind) })
        #expect(problems == ["trail_no_change": .altered, "instances_chain": .altered, "sneaky": .unexpected,
                             "trail_no_truncate": .missing])
        withExtendedLifetime(made) {}
    }

    @Test func eachFamilyKeepsOneChainAndEachChainItsOwnGenesis() throws {
        guard let made = try ContractStore.make(.postgres, chains: 4), let store = try made.open() as? PostgresStore else { return }
        #expect(store.trailChains == 4)
        let roots = (1...12).map { "root-\($0)" }
        try store.write { tx in
            _ = try tx.insertDefinition(Rows.definition())
            for id in roots { try tx.insertInstance(Rows.instance(id)) }
            try tx.insertInstance(Rows.instance("child-of-7", parent: "root-7"))
        }
        let entries = try store.write { tx in
            try (roots + ["child-of-7"]).map { try tx.appendTrail(Rows.entry("started", instance: $0)) }
        }
        let chainOf = Dictionary(uniqueKeysWithValues: entries.map { ($0.instance, $0.chain) })
        #expect(chainOf["child-of-7"] == chainOf["root-7"])
        #expect(Set(chainOf.values).count > 1, "twelve roots over four chains all landed in one")
        for entry in entries where entry.seq == 1 {
            #expect(entry.previousHash == TrailEntry.genesisHash(chain: entry.chain))
        }
        #expect(Set((0..<4).map { TrailEntry.genesisHash(chain: $0) }).count == 4)
        // Reading a chain gives its entries in order, and the one instance's entries together.
        for chain in 0..<4 {
            let read = try store.read { try $0.trailEntries(chain: chain, from: 1, batch: 100) }
            #expect(read.map(\.seq) == Array(1...Int64(read.count)))
            #expect(read.allSatisfy { $0.chain == chain })
        }
    }

    @Test func aLeaseIsHeldByOneWorkerUntilItRunsOut() throws {
        guard let made = try ContractStore.make(.postgres) else { return }
        let first = try made.open()
        let second = try made.open()
        #expect(try first.write { try $0.takeLease("tick", holder: "a", now: 1_000, until: 61_000) })
        #expect(try !second.write { try $0.takeLease("tick", holder: "b", now: 2_000, until: 62_000) })
        #expect(try first.write { try $0.takeLease("tick", holder: "a", now: 30_000, until: 90_000) })
        #expect(try !second.write { try $0.takeLease("tick", holder: "b", now: 89_000, until: 149_000) })
        #expect(try second.write { try $0.takeLease("tick", holder: "b", now: 90_001, until: 150_000) })
        #expect(try !first.write { try $0.takeLease("tick", holder: "a", now: 91_000, until: 151_000) })
    }

    @Test func aTimerAnotherWorkerIsFiringIsPassedOverAtOnce() throws {
        guard let made = try ContractStore.make(.postgres) else { return }
        let first = try made.open()
        let second = try made.open()
        try Rows.seed(first, instances: ["i-1"])
        try first.write { try $0.setTimer(TimerRow(id: "t-1", instanceID: "i-1", kind: "deadline", dueAt: 10)) }
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let claimed = Box()
        let thread = Thread {
            do {
                try first.write { tx in
                    claimed.first = try tx.claimTimer(id: "t-1")
                    holding.signal()
                    release.wait()
                }
            } catch { claimed.failure = "\(error)" }
            holding.signal()
        }
        thread.start()
        holding.wait()
        // While the first transaction holds the timer, the second does not wait for it.
        #expect(try !second.write { try $0.claimTimer(id: "t-1") })
        release.signal()
        holding.wait()
        #expect(claimed.first == true, "\(claimed.failure ?? "")")
        #expect(try second.read { try $0.dueTimers(at: 10, limit: 5) }.isEmpty)
    }
}

private final class Box: @unchecked Sendable {
    var first: Bool?
    var failure: String?
}
