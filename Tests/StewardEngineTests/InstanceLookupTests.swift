import Foundation
import StewardEngine
import StewardTime
import StewardStore
import Testing

/// Naming an instance costs one lookup when the name is its whole id.
@Suite("looking an instance up")
struct InstanceLookupTests {
    /// `act`, `status`, `cancel`, `reassign` and `audit log --instance` name an instance by
    /// its whole id most of the time: that must be one primary-key lookup, not a comparison
    /// with every id (0.5 s at a million instances).
    @Test("a whole instance id is found without a scan; only a part of one compares every id")
    func exactID() throws {
        let project = try TestProject(workflows: ["sign-off": TestProject.signOff])
        defer { project.remove() }
        let lookup = try project.engine(at: .at("2026-11-02T09:00:00+08:00"))
        var ids: [String] = []
        for _ in 0..<12 {
            ids.append(try lookup.start(workflow: "sign-off", inputs: [:], actor: .engine(account: "test", host: "h")).id)
        }
        let store = try #require(lookup.store as? SQLiteStore)
        let before = store.fullScanSteps
        for id in ids { #expect(try lookup.resolveInstance(id) == id) }
        #expect(store.fullScanSteps == before)
        let tail = try #require(ids[5].split(separator: "-").last.map(String.init))
        #expect(try lookup.resolveInstance(tail) == ids[5])
        #expect(store.fullScanSteps > before)
    }
}
