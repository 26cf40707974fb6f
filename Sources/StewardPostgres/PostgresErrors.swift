import PostgresNIO
import StewardStore

/// Where PostgreSQL's errors become store errors: the one place SQLSTATE codes are read.
enum PostgresErrors {
    /// The store error for `error`, and whether the connection can no longer be used.
    static func translate(_ error: any Error) -> (error: StoreError, connectionLost: Bool) {
        if let store = error as? StoreError { return (store, false) }
        guard let psql = error as? PSQLError else {
            return (StoreError(.io("\(error)"), "PostgreSQL could not be reached: \(String(reflecting: error))"), true)
        }
        switch psql.code {
        case .server: break
        case .clientClosedConnection, .serverClosedConnection, .connectionError, .uncleanShutdown:
            return (StoreError(.io("connection"), "the connection to PostgreSQL was lost; if this was a change, check "
                + "whether it was made before retrying (it was made only if it committed)"), true)
        case .queryCancelled:
            return (StoreError(.busy, "PostgreSQL cancelled the statement; retry"), false)
        default:
            return (StoreError(.io("\(psql.code)"), "PostgreSQL could not be used: \(psql.code)"), true)
        }
        let state = psql.serverInfo?[.sqlState] ?? ""
        let message = psql.serverInfo?[.message] ?? "(no message)"
        return (storeError(state: state, message: message), state.hasPrefix("08") || state.hasPrefix("57P"))
    }

    /// The store error for a server error with SQLSTATE `state`.
    static func storeError(state: String, message: String) -> StoreError {
        switch state {
        case "23505":
            return StoreError(.constraint, message, violation: .duplicate)
        case "23503":
            return StoreError(.constraint, message, violation: .foreignKey)
        case "40001", "40P01":
            return StoreError(.conflict, "another worker changed the same rows meanwhile: re-read and retry")
        case "55P03", "57014":
            return StoreError(.busy, "the store is busy: another worker held the rows past the lock timeout; retry")
        case "53100":
            return StoreError(.full, "the PostgreSQL server's disk is full: free space and retry")
        case "25006":
            return StoreError(.readOnly, "the PostgreSQL server accepts only reads (a standby, or read-only): \(message)")
        case "3D000":
            return StoreError(.notFound, "there is no such PostgreSQL database: \(message)")
        case "28P01", "28000":
            return StoreError(.io("login"), "PostgreSQL refused the login: \(message); give the password in PGPASSWORD "
                + "or STEWARD_POSTGRES_PASSWORD_FILE")
        case "42501":
            return StoreError(.readOnly, "the PostgreSQL role may not do this: \(message)")
        case "P0001":
            return StoreError(.constraint, message)
        default:
            if state.hasPrefix("08") || state.hasPrefix("57P") {
                return StoreError(.io("connection"), "the PostgreSQL server ended the connection (\(state)): \(message); "
                    + "if this was a change, check whether it was made before retrying")
            }
            if state.hasPrefix("42") {
                return StoreError(.schema, "the store's schema does not match this Steward: \(message)")
            }
            if state.hasPrefix("23") { return StoreError(.constraint, message) }
            return StoreError(.io(state), "PostgreSQL failed (\(state)): \(message)")
        }
    }
}
