import Foundation
import StewardAudit
@testable import StewardStore

/// A fresh folder under the system's temporary directory, removed when released.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("steward-store-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// A path inside the folder.
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// An error thrown by test bodies to force a rollback.
struct Abort: Error {}

enum Fixture {
    static let definitionHash = String(repeating: "ab", count: 32)

    static func definition(hash: String = definitionHash) -> DefinitionRow {
        DefinitionRow(hash: hash, workflowID: "leave-request", source: Array("id: leave-request\n".utf8), createdAt: 1_000)
    }

    static func instance(_ id: String, version: Int64 = 1, status: InstanceStatus = .running,
                         state: [UInt8] = Array(#"{"state":"draft"}"#.utf8)) -> InstanceRow {
        InstanceRow(id: id, workflowID: "leave-request", definitionHash: definitionHash, status: status,
                    state: state, version: version, createdAt: 1_000, updatedAt: 1_000)
    }

    static func entry(_ event: String, instance: String = "i-1", person: String = "ana", at: Int64 = 1_000) -> TrailEntry {
        TrailEntry(seq: 0, at: at, instance: instance, definition: definitionHash, event: event, person: person,
                   account: "steward", host: "test-host", engineVersion: "0.1.0", previousHash: "")
    }

    /// A store in `folder` holding the fixture definition and the instances `ids`.
    static func store(in folder: TemporaryFolder, name: String = "steward.db", instances ids: [String] = ["i-1"],
                      options: SQLiteStore.Options = .init()) throws -> SQLiteStore {
        let store = try SQLiteStore(path: folder.path(name), options: options)
        try store.write { tx throws in
            try tx.insertDefinition(definition())
            for id in ids { try tx.insertInstance(instance(id)) }
        }
        return store
    }
}

extension SQLiteStore {
    /// Runs raw SQL on the store's connection, outside the store's API (tests only).
    func rawExecute(_ sql: String) throws(StoreError) {
        try withConnection { connection throws(StoreError) in try connection.execute(sql) }
    }

    /// One integer from raw SQL (tests only).
    func rawInt(_ sql: String) throws(StoreError) -> Int64? {
        try withConnection { connection throws(StoreError) in try connection.scalarInt(sql) }
    }

    /// One text value from raw SQL (tests only).
    func rawText(_ sql: String) throws(StoreError) -> String? {
        try withConnection { connection throws(StoreError) in try connection.scalarText(sql) }
    }

    /// The query plan of `sql`, one line per step (tests only).
    func plan(_ sql: String) throws(StoreError) -> String {
        try withConnection { connection throws(StoreError) in try connection.queryPlan(sql) }.joined(separator: "\n")
    }
}

/// The store error `body` throws, or nil when it throws none (or another kind of error).
func storeError(_ body: () throws -> Void) -> StoreError? {
    do {
        try body()
        return nil
    } catch let error as StoreError {
        return error
    } catch {
        return nil
    }
}
