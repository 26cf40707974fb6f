import StewardTestSupport
import Foundation
import StewardEngine
import StewardStore
import StewardTime
import Testing

extension StewardProcesses {
    /// An insider with write access to the store file edits more than the trail: the store's
    /// own checkpoint table, the pinned sources, the triggers. `steward audit verify` checks
    /// each against the trail and says what it proved.
    @Suite("an insider with write access")
    struct InsiderTests {
        static let now = Instant.at("2026-11-02T09:00:00+08:00")

        /// A project with a 40-entry trail: 20 instances started and signed off.
        func project(signed: Bool = false) throws -> TestProject {
            let project = try TestProject(workflows: ["sign-off": TestProject.signOff])
            if signed {
                #expect(try project.steward(["audit", "keygen", "office.key"]).status == 0)
                let config = try String(contentsOf: project.configFile, encoding: .utf8)
                try (config + "checkpoint_key: office.key\n").write(to: project.configFile, atomically: true, encoding: .utf8)
            }
            try project.signOff(20, at: Self.now)
            return project
        }

        func tamper(_ project: TestProject, _ sql: String) throws {
            #expect(try project.tamper(sql) == 0, "the tampering script failed")
        }

        @Test("a trail cut below the store's own checkpoint fails, though no outside checkpoint is given")
        func cutBelowRecordedCheckpoint() throws {
            let project = try project()
            defer { project.remove() }
            #expect(try project.steward(["audit", "checkpoint"]).status == 0)
            try tamper(project, "DELETE FROM trail WHERE seq > 33;")
            let result = try project.steward(["audit", "verify"])
            #expect(result.status == 1, "\(result)")
            #expect(result.stdout.contains("FAILED: the trail ends after entry 33, but the store's checkpoint table records "
                + "a checkpoint of 40 entries"), "\(result.stdout)")
        }

        @Test("a checkpoint row the trail does not give fails")
        func replacedRecordedCheckpoint() throws {
            let project = try project()
            defer { project.remove() }
            #expect(try project.steward(["audit", "checkpoint"]).status == 0)
            try tamper(project, "UPDATE checkpoints SET root = '\(String(repeating: "ab", count: 32))';")
            let result = try project.steward(["audit", "verify", "--json"])
            #expect(result.status == 1, "\(result)")
            let problems = try Self.json(result)["problems"] as? [[String: Any]] ?? []
            #expect(problems.contains { $0["kind"] as? String == "storeCheckpointMismatch" && $0["seq"] as? Int == 40 },
                    "\(result.stdout)")
        }

        @Test("a pinned definition or roster snapshot changed in the store fails, naming it")
        func alteredSources() throws {
            for (table, kind) in [("definitions", "definitionAltered"), ("environments", "environmentAltered")] {
                let project = try project()
                defer { project.remove() }
                try tamper(project, "UPDATE \(table) SET source = CAST(replace(CAST(source AS TEXT), 'office', 'voters') AS BLOB);")
                let result = try project.steward(["audit", "verify", "--json"])
                #expect(result.status == 1, "\(table): \(result)")
                let problems = try Self.json(result)["problems"] as? [[String: Any]] ?? []
                #expect(problems.contains { $0["kind"] as? String == kind }, "\(table): \(result.stdout)")
            }
        }

        @Test("append-only triggers dropped, replaced or joined by another are reported; put back as they were, they pass")
        func triggers() throws {
            let project = try project()
            defer { project.remove() }
            let original = try Self.triggerSQL(project)
            #expect(original.count == 3)
            try tamper(project, "SELECT 1;")  // drops every trigger, changes nothing else
            var result = try project.steward(["audit", "verify"])
            #expect(result.status == 1, "\(result)")
            for name in ["trail_no_update", "trail_no_delete", "trail_chain"] {
                #expect(result.stdout.contains("FAILED: the store's trigger '\(name)' is missing"), "\(result.stdout)")
            }
            try tamper(project, original.joined(separator: ";\n") + ";"
                + "DROP TRIGGER trail_chain; CREATE TRIGGER trail_chain BEFORE INSERT ON trail BEGIN SELECT 1; END;"
                + "CREATE TRIGGER quiet AFTER INSERT ON trail BEGIN SELECT 1; END;")
            result = try project.steward(["audit", "verify", "--json"])
            let kinds = (try Self.json(result)["problems"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
            #expect(kinds.sorted() == ["triggerAltered", "triggerUnexpected"], "\(result.stdout)")
            try tamper(project, original.joined(separator: ";\n") + ";")
            result = try project.steward(["audit", "verify"])
            #expect(result.status == 0, "\(result)")
        }

        @Test("an entry dated before the one before it is a warning with its seq, not a failure")
        func timeGoesBack() throws {
            let project = try TestProject(workflows: ["sign-off": TestProject.signOff])
            defer { project.remove() }
            let engine = try project.engine(at: Self.now)
            let id = try engine.start(workflow: "sign-off", inputs: [:], actor: .engine(account: "test", host: "test")).id
            let earlier = try project.engine(at: Self.now.plus(minutes: -5))
            _ = try earlier.act(instance: id, action: "ok", state: nil, fields: [:], comment: nil,
                                actor: ActorIdentity(person: "ann", account: "test", host: "test"))
            let result = try project.steward(["audit", "verify"])
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout.contains("warning: entry 2 is dated 2026-11-02T00:55:00.000Z, before entry 1 "
                + "(2026-11-02T01:00:00.000Z)"), "\(result.stdout)")
            let json = try Self.json(project.steward(["audit", "verify", "--json"]))
            let problems = json["problems"] as? [[String: Any]] ?? []
            #expect(problems.count == 1)
            #expect(problems.first?["kind"] as? String == "timeBackwards")
            #expect(problems.first?["severity"] as? String == "warning")
            #expect(problems.first?["seq"] as? Int == 2)
            #expect(json["ok"] as? Bool == true)
        }

        @Test("without an outside checkpoint the trail is consistent but not anchored, and verify says so last")
        func notAnchored() throws {
            let project = try project()
            defer { project.remove() }
            let result = try project.steward(["audit", "verify"])
            #expect(result.status == 0, "\(result)")
            let last = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
            #expect(last.hasPrefix("warning: not anchored: no outside checkpoint was given"), "\(result.stdout)")
            let outside = project.root.appendingPathComponent("cp.checkpoint").path
            #expect(try project.steward(["audit", "checkpoint", "--out", outside]).status == 0)
            let anchored = try project.steward(["audit", "verify", "--checkpoint", outside])
            #expect(anchored.status == 0, "\(anchored)")
            #expect(!anchored.stdout.contains("not anchored"), "\(anchored.stdout)")
            #expect(anchored.stdout.contains("anchored: the checkpoints given cover every entry (40)"), "\(anchored.stdout)")
        }

        @Test("a signed checkpoint checked without --key says the signature was not checked; with it, verified")
        func signatureNotChecked() throws {
            let project = try project(signed: true)
            defer { project.remove() }
            let outside = project.root.appendingPathComponent("cp.checkpoint").path
            #expect(try project.steward(["audit", "checkpoint", "--out", outside]).status == 0)
            let unchecked = try project.steward(["audit", "verify", "--checkpoint", outside])
            #expect(unchecked.status == 0, "\(unchecked)")
            #expect(unchecked.stdout.contains("signature: not checked"), "\(unchecked.stdout)")
            #expect(!unchecked.stdout.contains("signature: verified"), "\(unchecked.stdout)")
            #expect(try Self.json(project.steward(["audit", "verify", "--checkpoint", outside, "--json"]))["signature"]
                    as? String == "not-checked")
            let checked = try project.steward(["audit", "verify", "--checkpoint", outside, "--key", "office.key.pub"])
            #expect(checked.status == 0, "\(checked)")
            #expect(checked.stdout.contains("signature: verified with key"), "\(checked.stdout)")
        }

        @Test("--json has the same keys for a sound and a tampered store; each problem has its kind and seq")
        func jsonShape() throws {
            let project = try project()
            defer { project.remove() }
            let keys: Set<String> = ["ok", "source", "entries", "root", "checkpointsChecked", "anchored", "anchoredEntries",
                                     "signature", "storeCheckpointsChecked", "definitionsChecked", "environmentsChecked",
                                     "triggersChecked", "replay", "problems"]
            let sound = try Self.json(project.steward(["audit", "verify", "--json"]))
            #expect(Set(sound.keys) == keys)
            #expect(sound["ok"] as? Bool == true)
            #expect(sound["entries"] as? Int == 40)
            #expect(sound["anchored"] as? Bool == false)
            #expect(sound["signature"] as? String == "none")
            try tamper(project, "UPDATE trail SET person = 'eve' WHERE seq = 12;")
            let result = try project.steward(["audit", "verify", "--json", "--replay"])
            #expect(result.status == 1)
            let tampered = try Self.json(result)
            #expect(Set(tampered.keys) == keys)
            #expect(tampered["ok"] as? Bool == false)
            let problems = tampered["problems"] as? [[String: Any]] ?? []
            let first = try #require(problems.first)
            #expect(first["kind"] as? String == "hashMismatch")
            #expect(first["seq"] as? Int == 12)
            #expect(first["severity"] as? String == "error")
            #expect(Set(first.keys) == ["kind", "severity", "seq", "line", "instance", "message"])
        }

        @Test("--replay with --file is refused as wrong usage (64), not silently ignored")
        func replayOfAFile() throws {
            let project = try project()
            defer { project.remove() }
            #expect(try project.steward(["audit", "export", "--out", "trail.jsonl"]).status == 0)
            let result = try project.steward(["audit", "verify", "--file", "trail.jsonl", "--replay"])
            #expect(result.status == 64, "\(result)")
            #expect(result.stderr.contains("--replay compares the trail with the instances in a store"), "\(result)")
        }

        @Test("a copy in a read-only folder, or a file of another account, verifies without -wal or -shm beside it")
        func readOnlyCopy() throws {
            let project = try project()
            defer { project.remove() }
            let folder = project.root.appendingPathComponent(".steward")
            let fm = FileManager.default
            func written() throws -> [String] { try fm.contentsOfDirectory(atPath: folder.path).sorted() }
            #expect(try written() == ["steward.db"])
            try fm.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
            let readOnly = try project.steward(["audit", "verify", "--replay"])
            try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
            #expect(readOnly.status == 0, "\(readOnly)")
            #expect(readOnly.stdout.contains("replay: 20 instances match their trail"), "\(readOnly)")
            #expect(try written() == ["steward.db"])
            // Another account's file (only root can give a file away; others skip this half).
            guard geteuid() == 0 else { return }
            try fm.setAttributes([.ownerAccountID: 65534], ofItemAtPath: project.storePath)
            let foreign = try project.steward(["audit", "verify"])
            #expect(foreign.status == 0, "\(foreign)")
            #expect(try written() == ["steward.db"])
            try fm.setAttributes([.ownerAccountID: 0], ofItemAtPath: project.storePath)
        }

        /// The trigger statements as the store holds them, read the way an insider would.
        static func triggerSQL(_ project: TestProject) throws -> [String] {
            let script = "import json, sqlite3, sys\nprint(json.dumps([s for (s,) in sqlite3.connect(sys.argv[1]).execute("
                + "\"SELECT sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name\")]))"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", script, project.storePath]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String])
        }

        static func json(_ result: StewardProcess.Result) throws -> [String: Any] {
            let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
            return try #require(object as? [String: Any], "\(result)")
        }
    }
}
