import Testing
@testable import StewardStore

@Suite("disk full and the tick lock")
struct DiskFullTests {
    @Test func fullDiskGivesFullAndLeavesTheStoreConsistent() throws {
        let folder = try TemporaryFolder()
        let store = try Fixture.store(in: folder, instances: [])
        let pages = try store.rawInt("PRAGMA page_count") ?? 0
        try store.rawExecute("PRAGMA max_page_count = \(pages + 20)")
        var written = 0
        var failure: StoreError?
        for index in 0..<1_000 where failure == nil {
            failure = storeError {
                try store.write { tx throws in
                    try tx.insertInstance(Fixture.instance("i-\(index)", state: Array(repeating: 0x41, count: 3_000)))
                    _ = try tx.appendTrail(Fixture.entry("started", instance: "i-\(index)"))
                }
            }
            if failure == nil { written += 1 }
        }
        #expect(failure?.kind == .full)
        #expect(written > 0)
        #expect(try store.integrityCheck() == [])
        try store.read { tx throws in
            #expect(try tx.instances(workflow: "leave-request", limit: 2_000).count == written)
            #expect(try tx.trailCount() == Int64(written))
            #expect(try tx.loadInstance(id: "i-\(written)") == nil)
        }
        // Space again: writing works, and the chain goes on from the last committed entry.
        try store.rawExecute("PRAGMA max_page_count = 1073741823")
        let next = try store.write { tx throws in
            try tx.insertInstance(Fixture.instance("after"))
            return try tx.appendTrail(Fixture.entry("started", instance: "after"))
        }
        #expect(next.seq == Int64(written + 1))
    }

    @Test func tickLockIsExclusiveUntilReleased() throws {
        let folder = try TemporaryFolder()
        let database = folder.path("steward.db")
        let first = try TickLock.tryAcquire(forDatabase: database)
        #expect(first != nil)
        #expect(first?.path == database + ".tick.lock")
        #expect(try TickLock.tryAcquire(forDatabase: database) == nil)
        first?.release()
        let again = try TickLock.tryAcquire(forDatabase: database)
        #expect(again != nil)
        again?.release()
    }
}
