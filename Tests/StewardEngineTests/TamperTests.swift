import StewardTestSupport
import Foundation
import StewardCore
import StewardEngine
import StewardStore
import StewardTime
import Testing

extension StewardProcesses {
    /// Someone with write access to the database file drops the append-only triggers and edits
    /// the trail: `steward audit verify` finds it, names the first bad seq and exits 1.
    /// (Every bit of every field is flipped in the StewardAudit tests; here each kind of
    /// tampering goes through the real store and the real command.)
    @Suite("tampering with the store")
    struct TamperTests {
        static let now = Instant.at("2026-11-02T09:00:00+08:00")
        static let workflow = TestProject.signOff

        /// A project with a 100-entry trail: 50 instances started and signed off.
        func project() throws -> TestProject {
            let project = try TestProject(workflows: ["sign-off": Self.workflow])
            try project.signOff(50, at: Self.now)
            return project
        }

        func tamper(_ project: TestProject, _ sql: String) throws {
            #expect(try project.tamper(sql) == 0, "the tampering script failed")
        }

        struct Case: Sendable, CustomTestStringConvertible {
            let name: String
            let sql: String
            let firstBad: Int
            var testDescription: String { name }
        }

        static let cases: [Case] = [
            Case(name: "a changed person", sql: "UPDATE trail SET person = 'bob' WHERE seq = 40;", firstBad: 40),
            Case(name: "one bit of the details", sql: "UPDATE trail SET details = replace(details, '\"ok\"', '\"ol\"') WHERE seq = 62;", firstBad: 62),
            Case(name: "a changed time", sql: "UPDATE trail SET at = at + 1 WHERE seq = 7;", firstBad: 7),
            Case(name: "a deleted entry", sql: "DELETE FROM trail WHERE seq = 30;", firstBad: 30),
            Case(name: "an inserted entry", sql: """
                UPDATE trail SET seq = seq + 1000 WHERE seq >= 20;
                UPDATE trail SET seq = seq - 999 WHERE seq >= 1020;
                INSERT INTO trail SELECT 20, at, instance, definition, event, from_state, to_state, 'eve', account, host,
                    engine_version, details, previous_hash, hash FROM trail WHERE seq = 19;
                """, firstBad: 20),
            Case(name: "two entries swapped", sql: """
                UPDATE trail SET seq = -1 WHERE seq = 50;
                UPDATE trail SET seq = 50 WHERE seq = 51;
                UPDATE trail SET seq = 51 WHERE seq = -1;
                """, firstBad: 50),
            Case(name: "a duplicated entry", sql: """
                UPDATE trail SET seq = seq + 1000 WHERE seq >= 81;
                UPDATE trail SET seq = seq - 999 WHERE seq >= 1081;
                INSERT INTO trail SELECT 81, at, instance, definition, event, from_state, to_state, person, account, host,
                    engine_version, details, previous_hash, hash FROM trail WHERE seq = 80;
                """, firstBad: 81),
        ]

        @Test("each kind of tampering is found at its first bad seq, exit 1", arguments: cases)
        func found(_ c: Case) throws {
            let project = try project()
            defer { project.remove() }
            let clean = try project.steward(["audit", "verify"])
            #expect(clean.status == 0)
            #expect(clean.stdout.hasPrefix("OK: 100 entries"), "\(clean)")
            try tamper(project, c.sql)
            let result = try project.steward(["audit", "verify"])
            #expect(result.status == 1, "\(result)")
            #expect(result.stdout.contains("FAILED"))
            #expect(result.stdout.contains("entry \(c.firstBad)"), "\(result.stdout)")
        }

        @Test("truncation below a checkpoint is found; the checkpoint lives outside the store")
        func truncation() throws {
            let project = try project()
            defer { project.remove() }
            let checkpoint = project.root.appendingPathComponent("checkpoint.txt").path
            let made = try project.steward(["audit", "checkpoint", "--out", checkpoint])
            #expect(made.status == 0, "\(made)")
            // A careful insider also cuts the store's own checkpoint table and puts the triggers back.
            #expect(try project.tamper("DELETE FROM trail WHERE seq > 90; DELETE FROM checkpoints;", restoringTriggers: true) == 0)
            let unanchored = try project.steward(["audit", "verify"])
            #expect(unanchored.status == 0, "without the checkpoint a cut end looks whole: \(unanchored)")
            #expect(unanchored.stdout.contains("warning: not anchored"), "but verify says it proved no more: \(unanchored)")
            let result = try project.steward(["audit", "verify", "--checkpoint", checkpoint])
            #expect(result.status == 1)
            #expect(result.stdout.contains("FAILED"))
        }

        @Test("a changed instance row no longer matches its replayed trail")
        func projectionRewrite() throws {
            let project = try project()
            defer { project.remove() }
            try tamper(project, "UPDATE instances SET status = 'running' WHERE rowid = (SELECT min(rowid) FROM instances);")
            let result = try project.steward(["audit", "verify", "--replay"])
            #expect(result.status == 1, "\(result)")
            #expect(result.stdout.contains("replay: 1 of 50 instances differ from their trail"), "\(result.stdout)")
        }
    }
}
