import Foundation
import StewardStore

/// Where a PostgreSQL store is: `postgres://user@host:port/database`, read from `steward.yaml`'s
/// `store:` or `STEWARD_STORE`.
///
/// The password never appears in the address (which is shown in messages and may sit in a file
/// anyone in the office can read): it comes from `PGPASSWORD`, or from the file named by
/// `STEWARD_POSTGRES_PASSWORD_FILE`, which only its owner may read (0600 or stricter).
public struct PostgresAddress: Sendable, Equatable {
    public var user: String
    public var host: String
    public var port: Int
    public var database: String
    /// The PostgreSQL schema that holds Steward's tables (`?schema=name`); nil: the user's default.
    public var schema: String?
    /// Read from the environment or the password file; never shown.
    var password: String?

    /// True when `text` names a PostgreSQL store rather than a file.
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// The address without a password, as messages show it.
    public var display: String {
        "postgres://\(user)@\(host):\(port)/\(database)" + (schema.map { "?schema=" + $0 } ?? "")
    }

    /// Reads `text`, taking the password from `environment`.
    public init(_ text: String, environment: [String: String]) throws(StoreError) {
        guard Self.isPostgres(text), let url = URLComponents(string: text), let host = url.host, !host.isEmpty else {
            throw StoreError(.misuse, "'\(text)' is not a PostgreSQL address: write postgres://user@host:5432/database")
        }
        guard url.password == nil else {
            throw StoreError(.misuse, "the store address must not hold a password (it is shown in messages and kept in "
                + "files others can read): set PGPASSWORD, or STEWARD_POSTGRES_PASSWORD_FILE to a file only you can read")
        }
        let database = String(url.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw StoreError(.misuse, "the store address '\(text)' names no database: write postgres://user@host:5432/database")
        }
        let options = url.queryItems ?? []
        if let unknown = options.first(where: { $0.name != "schema" }) {
            throw StoreError(.misuse, "the store address '\(text)' has the option '\(unknown.name)', which Steward does "
                + "not read; the only option is schema=NAME")
        }
        if let schema = options.first(where: { $0.name == "schema" })?.value {
            guard !schema.isEmpty, schema.utf8.count <= 63,
                  schema.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }),
                  !(schema.first?.isNumber ?? true) else {
                throw StoreError(.misuse, "schema=\(schema) is not a schema name Steward uses: write lower-case letters, "
                    + "digits and _, starting with a letter")
            }
            self.schema = schema
        }
        self.user = url.user ?? environment["PGUSER"] ?? "postgres"
        self.host = host
        self.port = url.port ?? 5432
        self.database = database
        self.password = try Self.password(environment)
    }

    private static func password(_ environment: [String: String]) throws(StoreError) -> String? {
        if let path = environment["STEWARD_POSTGRES_PASSWORD_FILE"], !path.isEmpty {
            let attributes: [FileAttributeKey: Any]
            do { attributes = try FileManager.default.attributesOfItem(atPath: path) } catch {
                throw StoreError(.notFound, "the password file '\(path)' (STEWARD_POSTGRES_PASSWORD_FILE) cannot be read")
            }
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o777
            guard mode & 0o077 == 0 else {
                throw StoreError(.misuse, "the password file '\(path)' may be read by others (mode "
                    + String(mode & 0o777, radix: 8) + "): run 'chmod 600 \(path)'")
            }
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw StoreError(.notFound, "the password file '\(path)' (STEWARD_POSTGRES_PASSWORD_FILE) cannot be read")
            }
            return text.trimmingCharacters(in: .newlines)
        }
        if let password = environment["PGPASSWORD"], !password.isEmpty { return password }
        return nil
    }
}
