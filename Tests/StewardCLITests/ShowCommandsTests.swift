import Foundation
import StewardTestSupport
import Testing

/// `steward show definition|roster HASH`: what was in force, found by the hash the trail
/// and the report name, or its beginning.
@Suite("show definition and roster")
struct ShowCommandsTests {
    static func hashes(_ fixture: AuditFixture) throws -> (definition: String, roster: String) {
        let log = try fixture.run(["audit", "log", "--json"]).stdout
        let first = try #require(log.split(separator: "\n").first)
        let entry = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        let details = try #require(try JSONSerialization.jsonObject(with: Data((entry["details"] as? String ?? "").utf8)) as? [String: Any])
        return (try #require(entry["definition"] as? String), try #require(details["environment"] as? String))
    }

    @Test("the definition as started, byte for byte, by its hash or a prefix; the roster as recorded")
    func shown() throws {
        try withTemporaryDirectory { dir in
            let fixture = try AuditFixture.make(in: dir)
            let (definition, roster) = try Self.hashes(fixture)
            let workflow = try fixture.read("workflows/party-building-plan.yaml")
            let whole = try fixture.run(["show", "definition", definition])
            #expect(whole.status == 0 && whole.stdout == workflow, "\(whole)")
            #expect(try fixture.run(["show", "definition", String(definition.prefix(8)).uppercased()]).stdout == workflow)
            // An organizer edits the workflow afterwards: the definition in force is unchanged.
            try (workflow + "# edited later\n").write(to: dir.appendingPathComponent("workflows/party-building-plan.yaml"),
                                                      atomically: true, encoding: .utf8)
            #expect(try fixture.run(["show", "definition", definition]).stdout == workflow)
            let json = try fixture.run(["show", "definition", definition, "--json"])
            #expect(json.stdout.contains("\"hash\" : \"\(definition)\""))

            let rosterText = try fixture.read("roster.yaml")
            #expect(try fixture.run(["show", "roster", String(roster.prefix(10))]).stdout == rosterText)
            let withCalendars = try fixture.run(["show", "roster", roster, "--calendars"]).stdout
            #expect(withCalendars.hasPrefix(rosterText) && withCalendars.contains("# --- calendar "))
            // A definition hash is not a roster snapshot.
            #expect(try fixture.run(["show", "roster", definition]).status == 3)
        }
    }

    @Test("an unknown, malformed or ambiguous hash is a clear error with its exit code")
    func errors() throws {
        try withTemporaryDirectory { dir in
            let fixture = try AuditFixture.make(in: dir)
            let (definition, _) = try Self.hashes(fixture)
            let unknown = try fixture.run(["show", "definition", "ffffffff"])
            #expect(unknown.status == 3 && unknown.stderr.contains("no workflow definition ffffffff in the store"), "\(unknown)")
            for text in ["abc", "xyz12345", String(repeating: "a", count: 65)] {
                let bad = try fixture.run(["show", "definition", text])
                #expect(bad.status == 64 && bad.stderr.contains("give 4 to 64 hex digits"), "\(text): \(bad)")
            }
            // A second definition sharing the first 6 digits makes that prefix ambiguous.
            let seventh: Character = definition.dropFirst(6).first == "0" ? "1" : "0"
            let twin = String(definition.prefix(6)) + String(repeating: seventh, count: 58)
            try fixture.tamper("INSERT INTO definitions(hash, workflow_id, source, created_at) "
                + "SELECT '\(twin)', workflow_id, source, created_at FROM definitions WHERE hash = '\(definition)'")
            let ambiguous = try fixture.run(["show", "definition", String(definition.prefix(6))])
            #expect(ambiguous.status == 64 && ambiguous.stderr.contains("begins several workflow definition hashes"), "\(ambiguous)")
            #expect(try fixture.run(["show", "definition", String(definition.prefix(7))]).status == 0)
        }
    }
}
