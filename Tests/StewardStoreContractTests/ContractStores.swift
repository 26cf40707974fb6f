import Foundation
import StewardAudit
@testable import StewardPostgres
@testable import StewardStore
import Testing

/// The two stores every contract test runs against.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }
}

/// Where the PostgreSQL tests find a server: `STEWARD_TEST_POSTGRES` (scripts/with-postgres sets it).
/// When it is unset the PostgreSQL half of each test does not run, and says so; when
/// `STEWARD_REQUIRE_POSTGRES=1` (CI) a missing server is a failure instead.
enum PostgresServer {
    static let address = ProcessInfo.processInfo.environment["STEWARD_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    static let required = ProcessInfo.processInfo.environment["STEWARD_REQUIRE_POSTGRES"] == "1"
    static let absence = "STEWARD_TEST_POSTGRES is not set: the PostgreSQL store was not tested "
        + "(run the tests inside scripts/with-postgres)"
}

/// One store for a test: an empty SQLite file, or a fresh schema in the test server.
final class ContractStore {
    let kind: StoreKind
    private let folder: URL
    private let schema: String
    /// How the store is opened again (a second connection, another worker).
    let location: String

    /// A fresh store of `kind`, or nil (after saying why) when it is PostgreSQL and no server is given.
    static func make(_ kind: StoreKind, chains: Int = 1) throws -> ContractStore? {
        if kind == .postgres, PostgresServer.address == nil {
            if PostgresServer.required { Issue.record("STEWARD_REQUIRE_POSTGRES=1 but \(PostgresServer.absence)") }
            return nil
        }
        return try ContractStore(kind, chains: chains)
    }

    private init(_ kind: StoreKind, chains: Int) throws {
        self.kind = kind
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("steward-contract-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        switch kind {
        case .sqlite: location = folder.appendingPathComponent("steward.db").path
        case .postgres: location = (PostgresServer.address ?? "") + "?schema=" + schema
        }
        self.chains = chains
    }

    private let chains: Int

    /// A new handle on the store (its own connection).
    func open() throws -> any Store {
        switch kind {
        case .sqlite: return try SQLiteStore(path: location)
        case .postgres:
            var options = PostgresStore.Options()
            options.trailChains = chains
            return try PostgresStore(address: PostgresAddress(location, environment: [:]), options: options)
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
        if kind == .postgres, let store = try? open() as? PostgresStore {
            try? store.dropSchemaForTests(schema)
        }
    }
}

enum Rows {
    static let definitionHash = String(repeating: "ab", count: 32)

    static func definition() -> DefinitionRow {
        DefinitionRow(hash: definitionHash, workflowID: "work-plan", source: Array("id: work-plan\n".utf8), createdAt: 1_000)
    }

    static func instance(_ id: String, parent: String? = nil, version: Int64 = 1) -> InstanceRow {
        InstanceRow(id: id, workflowID: "work-plan", definitionHash: definitionHash, parentID: parent, status: .running,
                    state: Array("状态 \(id)".utf8), version: version, createdAt: 1_000, updatedAt: 1_000)
    }

    static func entry(_ event: String, instance: String, person: String = "li.ming") -> TrailEntry {
        TrailEntry(seq: 0, at: 2_000, instance: instance, definition: definitionHash, event: event, person: person,
                   account: "steward", host: "test-host", engineVersion: "0.1.0", details: #"{"why":"年度计划"}"#,
                   previousHash: "")
    }

    /// The definition and `ids` as root instances.
    static func seed(_ store: any Store, instances ids: [String]) throws {
        try store.write { tx in
            _ = try tx.insertDefinition(definition())
            for id in ids { try tx.insertInstance(instance(id)) }
        }
    }
}

extension PostgresStore {
    /// Runs raw SQL outside the store's API (tests only): what an insider could type.
    func raw(_ sql: String) throws(StoreError) {
        try withSession { session throws(StoreError) in try session.execute(sql) }
    }

    func dropSchemaForTests(_ schema: String) throws(StoreError) {
        try raw("DROP SCHEMA IF EXISTS \(schema) CASCADE")
    }
}

/// Raw SQL on either store, outside its API.
func rawSQL(_ store: any Store, _ sql: String) throws {
    switch store {
    case let sqlite as SQLiteStore: try sqlite.withConnection { connection throws(StoreError) in try connection.execute(sql) }
    case let postgres as PostgresStore: try postgres.raw(sql)
    default: Issue.record("unknown store \(type(of: store))")
    }
}
