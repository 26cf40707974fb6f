import Foundation
@testable import StewardPostgres
import StewardStore
import Testing

/// The store address and its password: never in the address, from the environment or a file
/// only its owner reads.
@Suite("PostgreSQL store addresses")
struct PostgresAddressTests {
    @Test func anAddressGivesUserHostPortDatabaseAndSchema() throws {
        let address = try PostgresAddress("postgres://steward@db1.example.org:6543/unions?schema=county_a", environment: [:])
        #expect(address.user == "steward")
        #expect(address.host == "db1.example.org")
        #expect(address.port == 6543)
        #expect(address.database == "unions")
        #expect(address.schema == "county_a")
        #expect(address.display == "postgres://steward@db1.example.org:6543/unions?schema=county_a")
        let plain = try PostgresAddress("postgresql://db1/unions", environment: ["PGUSER": "engine"])
        #expect(plain.user == "engine" && plain.port == 5432 && plain.schema == nil)
    }

    @Test(arguments: [
        ("postgres://u:secret@db1/unions", "must not hold a password"),
        ("postgres://db1", "names no database"),
        ("postgres:///unions", "is not a PostgreSQL address"),
        ("postgres://db1/unions?sslmode=require", "the option 'sslmode'"),
        ("postgres://db1/unions?schema=Bad-Name", "is not a schema name"),
        ("postgres://db1/unions?schema=1abc", "is not a schema name"),
    ])
    func aWrongAddressIsRefusedSayingWhy(text: String, reason: String) throws {
        let error = #expect(throws: StoreError.self) { try PostgresAddress(text, environment: [:]) }
        #expect(error?.kind == .misuse)
        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("secret") == false)
    }

    @Test func thePasswordComesFromTheEnvironmentOrAFileOnlyItsOwnerReads() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("steward-pw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("pw").path
        try "s3cret\n".write(toFile: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        let fromFile = try PostgresAddress("postgres://db1/unions", environment: ["STEWARD_POSTGRES_PASSWORD_FILE": file,
                                                                               "PGPASSWORD": "other"])
        #expect(fromFile.password == "s3cret")
        #expect(!fromFile.display.contains("s3cret"))
        #expect(try PostgresAddress("postgres://db1/unions", environment: ["PGPASSWORD": "other"]).password == "other")
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: file)
        let open = #expect(throws: StoreError.self) {
            try PostgresAddress("postgres://db1/unions", environment: ["STEWARD_POSTGRES_PASSWORD_FILE": file])
        }
        #expect(open?.message.contains("chmod 600") == true)
        let missing = #expect(throws: StoreError.self) {
            try PostgresAddress("postgres://db1/unions", environment: ["STEWARD_POSTGRES_PASSWORD_FILE": file + "-gone"])
        }
        #expect(missing?.kind == .notFound)
    }

    @Test func parametersAreNumberedAndSQLitesIndexHintsDropped() {
        #expect(PostgresSession.numberParameters("SELECT a FROM t WHERE b = ? AND c > ? LIMIT ?")
                == "SELECT a FROM t WHERE b = $1 AND c > $2 LIMIT $3")
        #expect(PostgresSession.numberParameters("WHERE name = ?1 OR role IN (?2) LIMIT ?3")
                == "WHERE name = $1 OR role IN ($2) LIMIT $3")
        #expect(PostgresSession.numberParameters("WHERE note = 'why?' AND x = ?") == "WHERE note = 'why?' AND x = $1")
        #expect(PostgresSession.numberParameters("WHERE +t.status = 'open' AND (+created_at, +id) < (?, ?)")
                == "WHERE t.status = 'open' AND (created_at, id) < ($1, $2)")
        #expect(PostgresSession.numberParameters("SELECT 1 + 2") == "SELECT 1 + 2")
    }

    @Test func aScriptIsSplitOutsideQuotesBodiesAndComments() {
        let script = """
            -- a comment; with a semicolon and an apostrophe's
            CREATE TABLE a(x text DEFAULT ';');
            CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;
            SELECT 'it''s';
            """
        #expect(PostgresSession.statements(script) == [
            "CREATE TABLE a(x text DEFAULT ';')",
            "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$",
            "SELECT 'it''s'",
        ])
    }
}
