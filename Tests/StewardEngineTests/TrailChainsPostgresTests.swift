import Foundation
import StewardAudit
import StewardEngine
@testable import StewardPostgres
import StewardStore
import StewardTestSupport
import StewardTime
import Testing

extension StewardProcesses {
    /// The audit commands on a PostgreSQL store whose trail is in three chains: verify,
    /// checkpoint, export and the Python verifier agree on a sound trail, and an insider's edit
    /// or a removed entry is found in the chain where it is.
    @Suite("the audit commands on a trail in chains (PostgreSQL)")
    struct TrailChainsPostgresTests {
        static let server = ProcessInfo.processInfo.environment["STEWARD_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
        static let required = ProcessInfo.processInfo.environment["STEWARD_REQUIRE_POSTGRES"] == "1"
        static let now = Instant.at("2026-11-02T09:00:00+08:00")

        /// A project on a fresh PostgreSQL schema of three chains, with 12 instances signed off
        /// (24 entries); nil without a server (said, or a failure when one is required).
        struct Federation {
            let project: TestProject
            let store: PostgresStore
            let environment: [String: String]
            let schema: String

            func steward(_ arguments: [String]) throws -> StewardProcess.Result {
                try project.steward(arguments, environment: environment)
            }

            /// Raw SQL as the store's owner: what an insider could type.
            func raw(_ sql: String) throws {
                try store.withSession { session throws(StoreError) in try session.execute(sql) }
            }

            /// The chains that hold at least two entries, and each one's last seq.
            func filledChains() throws -> [(chain: Int, last: Int64)] {
                try store.read { tx in
                    try (0..<3).compactMap { chain in
                        try tx.lastTrailEntry(chain: chain).flatMap { $0.seq >= 2 ? (chain, $0.seq) : nil }
                    }
                }
            }

            func remove() {
                try? raw("DROP SCHEMA IF EXISTS \(schema) CASCADE")
                project.remove()
            }
        }

        func federation() throws -> Federation? {
            guard let server = Self.server else {
                if Self.required {
                    Issue.record("STEWARD_REQUIRE_POSTGRES=1 but STEWARD_TEST_POSTGRES is not set")
                } else {
                    print("STEWARD_TEST_POSTGRES is not set: the trail in chains was not tested on PostgreSQL "
                        + "(run the tests inside scripts/with-postgres)")
                }
                return nil
            }
            let project = try TestProject(workflows: ["sign-off": TestProject.signOff])
            let config = try String(contentsOf: project.configFile, encoding: .utf8)
            try (config + "trail_chains: 3\n").write(to: project.configFile, atomically: true, encoding: .utf8)
            let schema = "chains_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
            let location = server + "?schema=" + schema
            var options = PostgresStore.Options()
            options.trailChains = 3
            let store = try PostgresStore(address: PostgresAddress(location, environment: [:]), options: options)
            let engine = Engine(project: try Project.load(configFile: project.configFile), store: store, version: "test",
                                clock: { Self.now }, identity: ActorIdentity.engine(account: "test", host: "test"))
            let ann = ActorIdentity(person: "ann", account: "test", host: "test")
            for _ in 0..<12 {
                let id = try engine.start(workflow: "sign-off", inputs: [:], actor: .engine(account: "test", host: "test")).id
                _ = try engine.act(instance: id, action: "ok", state: nil, fields: [:], comment: "同意", actor: ann)
            }
            return Federation(project: project, store: store, environment: ["STEWARD_STORE": location], schema: String(schema))
        }

        func python(_ arguments: [String], in project: TestProject) throws -> StewardProcess.Result {
            try StewardProcess.Running(["python3", PythonVerifierTests.script.path] + arguments, in: project.root,
                                       environment: [:], executable: URL(fileURLWithPath: "/usr/bin/env")).wait()
        }

        @Test("verify, a version 3 checkpoint, the export with its chains and the Python verifier agree")
        func soundTrail() throws {
            guard let federation = try federation() else { return }
            defer { federation.remove() }
            #expect(try federation.filledChains().count >= 2, "12 families should fill at least two of three chains")
            let verified = try federation.steward(["audit", "verify"])
            #expect(verified.status == 0, "\(verified)")
            #expect(verified.stdout.hasPrefix("OK: 24 entries in 3 chains, 0 checkpoints, root "), "\(verified)")
            let made = try federation.steward(["audit", "checkpoint", "--out", "cp.checkpoint"])
            #expect(made.status == 0, "\(made)")
            let text = try String(contentsOf: federation.project.root.appendingPathComponent("cp.checkpoint"), encoding: .utf8)
            let checkpoint = try Checkpoint(parsing: text)
            #expect(text.hasPrefix("steward-trail-checkpoint v3\n"))
            #expect(checkpoint.chains?.count == 3)
            #expect(checkpoint.treeSize == 24)
            #expect(try federation.steward(["audit", "export", "--out", "trail.jsonl"]).status == 0)
            let export = try String(contentsOf: federation.project.root.appendingPathComponent("trail.jsonl"), encoding: .utf8)
            #expect(export.split(separator: "\n").allSatisfy { $0.hasPrefix(#"{"chain":"#) })

            let anchored = try federation.steward(["audit", "verify", "--checkpoint", "cp.checkpoint"])
            #expect(anchored.status == 0, "\(anchored)")
            #expect(anchored.stdout.contains("root \(checkpoint.rootHash)"), "\(anchored)")
            #expect(anchored.stdout.contains("store: checkpoints it records: 1"), "\(anchored)")
            let file = try federation.steward(["audit", "verify", "--file", "trail.jsonl", "--checkpoint", "cp.checkpoint"])
            #expect(file.status == 0, "\(file)")
            let python = try python(["trail.jsonl", "cp.checkpoint"], in: federation.project)
            #expect(python.status == 0, "\(python)")
            #expect(python.stdout.hasPrefix("OK: 24 entries in 3 chains, 1 checkpoints, root \(checkpoint.rootHash)\n"),
                    "\(python)")
            let prove = try federation.steward(["audit", "prove", "--from", "cp.checkpoint", "--to", "cp.checkpoint"])
            #expect(prove.status == 64, "\(prove)")
            #expect(prove.stderr.contains("audit verify --checkpoint EARLIER --checkpoint LATER"), "\(prove)")
        }

        @Test("an entry changed with the trigger disabled is found in its chain, by verify and by the Python verifier")
        func alteredEntry() throws {
            guard let federation = try federation() else { return }
            defer { federation.remove() }
            #expect(try federation.steward(["audit", "checkpoint", "--out", "cp.checkpoint"]).status == 0)
            let altered = try #require(try federation.filledChains().first)
            try federation.raw("""
                ALTER TABLE trail DISABLE TRIGGER trail_no_change;
                UPDATE trail SET details = '{"forged":true}' WHERE chain = \(altered.chain) AND seq = 2;
                ALTER TABLE trail ENABLE TRIGGER trail_no_change;
                """)
            let says = "FAILED: chain \(altered.chain): entry 2 was altered"
            let verified = try federation.steward(["audit", "verify", "--checkpoint", "cp.checkpoint"])
            #expect(verified.status == 1, "\(verified)")
            #expect(verified.stdout.contains(says), "\(verified)")
            #expect(try federation.steward(["audit", "export", "--out", "tampered.jsonl"]).status == 0)
            let file = try federation.steward(["audit", "verify", "--file", "tampered.jsonl"])
            #expect(file.status == 1, "\(file)")
            #expect(file.stdout.contains(says), "\(file)")
            let python = try python(["tampered.jsonl", "cp.checkpoint"], in: federation.project)
            #expect(python.status == 1, "\(python)")
            #expect(python.stdout.contains(says), "\(python)")
        }

        @Test("the last entry of one chain removed below a checkpoint: verify names the chain, the store and Python agree")
        func cutChain() throws {
            guard let federation = try federation() else { return }
            defer { federation.remove() }
            #expect(try federation.steward(["audit", "checkpoint", "--out", "cp.checkpoint"]).status == 0)
            let cut = try #require(try federation.filledChains().last)
            try federation.raw("""
                ALTER TABLE trail DISABLE TRIGGER trail_no_change;
                DELETE FROM trail WHERE chain = \(cut.chain) AND seq = \(cut.last);
                ALTER TABLE trail ENABLE TRIGGER trail_no_change;
                """)
            let outside = try federation.steward(["audit", "verify", "--checkpoint", "cp.checkpoint"])
            #expect(outside.status == 1, "\(outside)")
            #expect(outside.stdout.contains("FAILED: chain \(cut.chain): the trail ends after entry \(cut.last - 1), but the "
                + "checkpoint of"), "\(outside)")
            // Without the file, the store's own checkpoint row and the chain's head still show it.
            let inside = try federation.steward(["audit", "verify", "--json"])
            #expect(inside.status == 1, "\(inside)")
            #expect(inside.stdout.contains(#""kind" : "storeTruncated""#), "\(inside)")
            #expect(try federation.steward(["audit", "export", "--out", "cut.jsonl"]).status == 0)
            let python = try python(["cut.jsonl", "cp.checkpoint"], in: federation.project)
            #expect(python.status == 1, "\(python)")
            #expect(python.stdout.contains("FAILED: chain \(cut.chain): the chain ends after entry \(cut.last - 1)"), "\(python)")
        }

        @Test("the last entry of a chain removed with no checkpoint above it: the chain's head in the store shows it")
        func cutAboveEveryCheckpoint() throws {
            guard let federation = try federation() else { return }
            defer { federation.remove() }
            let cut = try #require(try federation.filledChains().first)
            try federation.raw("""
                ALTER TABLE trail DISABLE TRIGGER trail_no_change;
                DELETE FROM trail WHERE chain = \(cut.chain) AND seq = \(cut.last);
                ALTER TABLE trail ENABLE TRIGGER trail_no_change;
                """)
            let verified = try federation.steward(["audit", "verify"])
            #expect(verified.status == 1, "\(verified)")
            #expect(verified.stdout.contains("FAILED: chain \(cut.chain): the store records its head at entry \(cut.last), "
                + "but the chain ends after entry \(cut.last - 1)"), "\(verified)")
        }
    }
}
