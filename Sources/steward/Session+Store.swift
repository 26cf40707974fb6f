import Foundation
import StewardEngine
import StewardModel
import StewardPostgres
import StewardStore

extension Session {
    /// The store named by --store, else STEWARD_STORE, else steward.yaml's `store:`.
    static func storeLocation(_ options: GlobalOptions, environment: [String: String], project: Project) -> String {
        if let given = options.store ?? environment["STEWARD_STORE"] { return given }
        let configured = project.config.store
        return ProjectConfig.isServerStore(configured) ? configured : project.storePath.path
    }

    /// Opens the embedded store at a path, or the PostgreSQL store at a `postgres://` address.
    ///
    /// A read-write open of a file store that does not exist is refused unless `create`; a
    /// PostgreSQL database gets its schema on the first read-write open.
    static func openStore(_ location: String, readOnly: Bool, create: Bool, project: Project,
                          environment: [String: String]) throws -> any Store {
        do {
            if ProjectConfig.isServerStore(location) {
                var options = PostgresStore.Options()
                options.trailChains = project.config.trailChains
                options.setsUp = !readOnly
                if let text = environment["STEWARD_POSTGRES_TIMEOUT"], !text.isEmpty {
                    guard let seconds = Int64(text), (1...3600).contains(seconds) else {
                        throw Failure.report(EngineError(.usage, "STEWARD_POSTGRES_TIMEOUT takes seconds from 1 to 3600; got '\(text)'"))
                    }
                    options.deadlineSeconds = seconds
                }
                if let worker = environment["STEWARD_WORKER"], !worker.isEmpty {
                    options.applicationName = "steward-worker-" + worker
                }
                return try PostgresStore(address: PostgresAddress(location, environment: environment), options: options)
            }
            if !readOnly, !create, !FileManager.default.fileExists(atPath: location) {
                throw Failure.report(EngineError(.notFound, "there is no store at '\(location)'; 'steward start' creates it"))
            }
            let store = try SQLiteStore(path: location, options: readOnly ? .readOnly : SQLiteStore.Options())
            if !readOnly, let moved = try store.read({ try $0.meta(MovedStore.key) }) {
                throw Failure.report(EngineError(.conflict, "the store '\(location)' was moved to \(moved) ('steward store "
                    + "migrate'): set 'store: \(moved)' in steward.yaml; the old store is kept for reading only"))
            }
            return store
        } catch let error as StoreError {
            let kind: EngineError.Kind = switch error.kind {
            case .notFound: .notFound
            case .misuse: .usage
            default: .store
            }
            throw Failure.report(EngineError(kind, error.message))
        }
    }
}

/// The mark `steward store migrate` leaves in a store it moved: where it went.
enum MovedStore {
    static let key = "moved-to"
}
