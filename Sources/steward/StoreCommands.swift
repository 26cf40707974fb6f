import ArgumentParser
import Foundation
import StewardEngine
import StewardModel
import StewardPostgres
import StewardStore

/// `steward store`: moving the store.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Move the project's store to PostgreSQL.", subcommands: [StoreMigrate.self])
}

/// `steward store migrate --to postgres://…`: copies the embedded store into an empty PostgreSQL
/// store, then verifies both.
struct StoreMigrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy the embedded store into an empty PostgreSQL store, and verify both.",
        discussion: """
            The trail becomes chain 0 of the new store byte for byte, and the store keeps its id, so \
            checkpoint files written before still verify against it. Stop 'steward run' and cron ticks \
            first. The copy holds the old store's write lock, and the old store is then marked moved: \
            commands that would change it are refused (reads and audits still work). Then set 'store:' \
            in steward.yaml to the new address.
            """)

    @OptionGroup var options: GlobalOptions
    @Option(help: "The PostgreSQL store to copy into: postgres://user@host:5432/database (the password from PGPASSWORD or STEWARD_POSTGRES_PASSWORD_FILE).")
    var to: String

    func run() throws {
        guard ProjectConfig.isServerStore(to) else {
            throw ValidationError("--to takes a PostgreSQL address such as postgres://steward@db.example:5432/steward; got '\(to)'")
        }
        let project = try Session.project(options)
        let environment = ProcessInfo.processInfo.environment
        let from = Session.storeLocation(options, environment: environment, project: project)
        guard !ProjectConfig.isServerStore(from) else {
            throw Failure.report(EngineError(.usage, "the project's store is already on PostgreSQL (\(from)); migrate copies an embedded store"))
        }
        guard let lock = try takeTickLock(from) else {
            throw Failure.report(EngineError(.conflict, "a tick is running on \(from): stop 'steward run' and cron ticks, then migrate"))
        }
        defer { withExtendedLifetime(lock) {} }
        let source = try Session.openStore(from, readOnly: false, create: false, project: project, environment: environment)
        let target = try Session.openStore(to, readOnly: false, create: true, project: project, environment: environment)
        let counts: StoreCopy.Counts
        do {
            // The copy runs inside a write of the old store, so no one's act lands there
            // meanwhile; the same write marks it moved, and it takes no change after.
            counts = try source.write { old in
                let counts = try target.write { new in try StoreCopy.copy(from: old, to: new) }
                try old.setMeta(MovedStore.key, target.location)
                return counts
            }
        } catch let error as StoreError {
            throw Failure.report(EngineError(error.kind == .conflict ? .conflict : .store, "nothing was moved: \(error.message)"))
        }
        let rows = counts.filter { $0.rows > 0 }.map { "\($0.table) \($0.rows)" }.joined(separator: ", ")
        print("copied \(from) into \(target.location): \(rows)")
        for (side, store) in [("old", source), ("new", target)] {
            let verification: StoreVerification
            do {
                verification = try Engine.verifyStore(store: store, checkpoints: [], trustedKey: nil)
            } catch {
                throw Failure.report(error)
            }
            guard verification.isOK else {
                let problems = verification.problems.map(\.message).joined(separator: "; ")
                throw Failure.report(EngineError(.checkFailed, "the \(side) store does not verify: \(problems)"))
            }
            print("\(side) store verifies: \(verification.chain.entriesChecked) trail entries")
        }
        print("now set 'store: \(target.location)' in steward.yaml (or STEWARD_STORE), and start the workers again")
    }

    private func takeTickLock(_ path: String) throws -> TickLock? {
        do { return try TickLock.tryAcquire(forDatabase: path) } catch {
            throw Failure.report(EngineError(.store, error.message))
        }
    }
}
