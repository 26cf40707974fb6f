import Foundation
import StewardTestSupport
import Testing

/// `steward store migrate`: an embedded store moved to PostgreSQL keeps its trail byte for
/// byte, verifies on both sides and against the checkpoint written before the move, and the
/// work goes on there.
@Suite("moving a store to PostgreSQL")
struct StoreMigrateTests {
    @Test func theTrailMovesByteForByteAndOldCheckpointsStillVerify() throws {
        guard let project = try WorkerProject.make(chains: 4) else { return }
        let root = project.root
        // The same project on its embedded store first.
        let config = root.appendingPathComponent("steward.yaml")
        let pg = try String(contentsOf: config, encoding: .utf8)
        try pg.replacingOccurrences(of: "store: \(project.address)", with: "store: .steward/steward.db")
            .write(to: config, atomically: true, encoding: .utf8)
        let at = ["STEWARD_NOW": WorkerProject.started]
        func steward(_ arguments: [String], _ environment: [String: String] = at) throws -> StewardProcess.Result {
            try StewardProcess.run(arguments, in: root, environment: environment)
        }
        for _ in 0..<3 { #expect(try steward(["start", "cool-off", "--as", "ann"]).status == 0) }
        #expect(try steward(["tick"], ["STEWARD_NOW": WorkerProject.later]).status == 0)
        #expect(try steward(["start", "cool-off", "--as", "ann"]).status == 0)
        let checkpoint = root.appendingPathComponent("before.checkpoint").path
        #expect(try steward(["audit", "checkpoint", "--out", checkpoint]).status == 0)
        let before = try steward(["audit", "export"])
        #expect(before.status == 0)

        let moved = try steward(["store", "migrate", "--to", project.address])
        #expect(moved.status == 0, "\(moved)")
        #expect(moved.stdout.contains("new store verifies: 7 trail entries"), "\(moved)")
        // The old store is kept for reading only: a second move, or an act there, is refused.
        let again = try steward(["store", "migrate", "--to", project.address])
        #expect(again.status == 4, "\(again)")
        #expect(again.stderr.contains("was moved to"), "\(again)")
        let late = try steward(["start", "cool-off", "--as", "ann"])
        #expect(late.status == 4 && late.stderr.contains("set 'store: "), "\(late)")

        let onServer = ["STEWARD_NOW": WorkerProject.later, "STEWARD_STORE": project.address]
        // A store of four chains names each entry's chain; past that key, every line is the old one.
        let after = try steward(["audit", "export"], onServer)
        let expected = before.stdout.split(separator: "\n").map { "{\"chain\":0," + $0.dropFirst() }
        #expect(after.stdout.split(separator: "\n").map(String.init) == expected, "the moved trail is byte for byte the old one")
        for environment in [at, onServer] {
            let verify = try steward(["audit", "verify", "--replay", "--checkpoint", checkpoint], environment)
            #expect(verify.status == 0, "\(verify)")
        }
        // The moved instance's timer fires on the server, in chain 0 with its family.
        let tick = try steward(["tick"], onServer)
        #expect(tick.stdout.contains("tick: 1 timers"), "\(tick)")
        #expect(try project.count("SELECT count(*) FROM trail WHERE chain <> 0") == 0)
        #expect(try project.count("SELECT count(*) FROM instances WHERE status = 'completed'") == 4)
        #expect(try steward(["audit", "verify", "--replay", "--checkpoint", checkpoint], onServer).status == 0)
    }

    @Test func aStoreThatIsNotEmptyIsRefusedWithNothingMoved() throws {
        guard let project = try WorkerProject.make() else { return }
        try project.seed(2)
        let config = project.root.appendingPathComponent("steward.yaml")
        let text = try String(contentsOf: config, encoding: .utf8)
        try text.replacingOccurrences(of: "store: \(project.address)", with: "store: .steward/steward.db")
            .write(to: config, atomically: true, encoding: .utf8)
        let env = ["STEWARD_NOW": WorkerProject.started]
        #expect(try StewardProcess.run(["start", "cool-off", "--as", "ann"], in: project.root, environment: env).status == 0)
        let moved = try StewardProcess.run(["store", "migrate", "--to", project.address], in: project.root, environment: env)
        #expect(moved.status == 4, "\(moved)")
        #expect(moved.stderr.contains("already holds a Steward store"), "\(moved)")
        #expect(try project.count("SELECT count(*) FROM instances") == 2)
        let bad = try StewardProcess.run(["store", "migrate", "--to", "sqlite:///tmp/x"], in: project.root, environment: env)
        #expect(bad.status == 64, "\(bad)")
    }
}
