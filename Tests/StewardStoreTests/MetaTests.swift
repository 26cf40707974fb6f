import Testing
@testable import StewardStore

@Suite("meta")
struct MetaTests {
    @Test("meta(prefix:) gives the keys that start with the prefix, in order, and no others")
    func byPrefix() throws {
        let folder = try TemporaryFolder()
        let store = try Fixture.store(in: folder, instances: [])
        try store.write { tx throws in
            for key in ["outbox:000000000002-000000000002", "outbox", "outbox;", "outbox:000000000001-000000000003", "outboy:1",
                        "calling:x"] {
                try tx.setMeta(key, "value of \(key)")
            }
        }
        let found = try store.read { tx throws in try tx.meta(prefix: "outbox:") }
        #expect(found.map(\.key) == ["outbox:000000000001-000000000003", "outbox:000000000002-000000000002"])
        #expect(found.first?.value == "value of outbox:000000000001-000000000003")
        #expect(try store.read { tx throws in try tx.meta(prefix: "nothing:") }.isEmpty)
    }
}
