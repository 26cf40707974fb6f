import StewardTestSupport
import Foundation
import Testing

/// An organizer saves a roster or calendar with a mistake: the commands that decide with it
/// refuse (exit 1, the file's line and column, nothing changed), the read-only ones warn,
/// and a running `steward run` keeps going with the files as they were.
@Suite("a project whose files have errors")
struct BrokenProjectTests {
    static let now = ["STEWARD_NOW": "2026-11-02T09:00:00+08:00"]
    static let brokenRoster = "people:\n  li.ming: { name: 李明\nroles: [\n"

    /// A project made by `steward init`, with one instance started while its files were sound.
    func project(_ body: (URL, String) throws -> Void) throws {
        try withTemporaryDirectory { dir in
            #expect(try StewardProcess.run(["init", "--clock", "manual"], in: dir).status == 0)
            let started = try StewardProcess.run(["start", "party-building-plan", "--as", "li.ming", "--input", "year=2026", "--json"],
                                                 in: dir, environment: Self.now)
            #expect(started.status == 0, "\(started)")
            let id = try #require(started.stdout.split(separator: "\"").dropFirst().first { $0.hasPrefix("party-building-plan-") })
            try body(dir, String(id))
        }
    }

    func trailLength(_ dir: URL) throws -> Int {
        let log = try StewardProcess.run(["audit", "log", "--json"], in: dir)
        return log.stdout.split(separator: "\n").count
    }

    @Test("a roster with a syntax error: start, act and tick refuse with its place; status and verify warn")
    func brokenRoster() throws {
        try project { dir, id in
            try Self.brokenRoster.write(to: dir.appendingPathComponent("roster.yaml"), atomically: true, encoding: .utf8)
            let before = try trailLength(dir)
            let refused = [
                ["start", "party-building-plan", "--as", "li.ming", "--input", "year=2026"],
                ["act", id, "submit", "--as", "li.ming", "--field", "goals=x", "--field", "items=[]"],
                ["tick"],
                ["cancel", id, "--reason", "test", "--as", "sun.hong"],
            ]
            for arguments in refused {
                let result = try StewardProcess.run(arguments, in: dir, environment: Self.now)
                #expect(!result.crashed)
                #expect(result.status == 1, "\(arguments): \(result)")
                #expect(result.stderr.contains("roster.yaml:2:"), "\(arguments): \(result)")
                #expect(result.stderr.contains("[yaml-syntax]"), "\(arguments): \(result)")
                #expect(result.stderr.contains("nothing was changed"), "\(arguments): \(result)")
            }
            #expect(try trailLength(dir) == before)

            let status = try StewardProcess.run(["status", id], in: dir)
            #expect(status.status == 0, "\(status)")
            #expect(status.stdout.contains("draft"))
            #expect(status.stderr.contains("steward: warning:") && status.stderr.contains("roster.yaml:2:"), "\(status)")
            let verify = try StewardProcess.run(["audit", "verify", "--replay"], in: dir)
            #expect(verify.status == 0, "\(verify)")
        }
    }

    @Test("a calendar file that cannot be read is an error too, not a calendar quietly left out")
    func unreadableCalendar() throws {
        try project { dir, _ in
            // A folder where a calendar file should be: reading it fails for every user, root included.
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("calendars/extra.yaml"),
                                                    withIntermediateDirectories: true)
            let result = try StewardProcess.run(["start", "party-building-plan", "--as", "li.ming", "--input", "year=2026"], in: dir,
                                                environment: Self.now)
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr.contains("calendars/extra.yaml"), "\(result)")
        }
    }

    @Test("steward run picks up an edited roster, and keeps running on the last sound files while an edit breaks it")
    func runReloads() throws {
        try project { dir, _ in
            let out = dir.appendingPathComponent("run.out")
            let err = dir.appendingPathComponent("run.err")
            try Data().write(to: out)
            try Data().write(to: err)
            let process = Process()
            process.executableURL = StewardProcess.binary
            process.arguments = ["run", "--every", "100ms"]
            process.currentDirectoryURL = dir
            process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("STEWARD_") }
            process.standardOutput = try FileHandle(forWritingTo: out)
            process.standardError = try FileHandle(forWritingTo: err)
            try process.run()
            defer { if process.isRunning { process.terminate() } }
            /// Waits (at most 20 s) until `file` holds `text`: the loop ticks every 100 ms.
            func eventually(_ file: URL, contains text: String) -> Bool {
                for _ in 0..<400 {
                    if let data = FileManager.default.contents(atPath: file.path),
                       String(decoding: data, as: UTF8.self).contains(text) { return true }
                    usleep(50_000)
                }
                return false
            }

            // The loop has read the files once it says it is ticking.
            #expect(eventually(out, contains: "steward run: ticking every 100ms"))
            let roster = dir.appendingPathComponent("roster.yaml")
            let original = try String(contentsOf: roster, encoding: .utf8)
            let edited = original.replacingOccurrences(of: "members: [zhang.wei, chen.jing, zhao.lei]",
                                                       with: "members: [zhang.wei, chen.jing, zhao.lei, li.ming]")
            try #require(edited != original)
            try edited.write(to: roster, atomically: true, encoding: .utf8)
            #expect(eventually(out, contains: "the project's files changed"))

            // Moving the store in steward.yaml is said, not done: the loop keeps its store.
            let config = dir.appendingPathComponent("steward.yaml")
            let configText = try String(contentsOf: config, encoding: .utf8)
            let moved = configText.replacingOccurrences(of: "store: .steward/steward.db", with: "store: elsewhere/steward.db")
            try #require(moved != configText)
            try moved.write(to: config, atomically: true, encoding: .utf8)
            #expect(eventually(out, contains: "restart steward run to use it"))
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("elsewhere").path))

            try Self.brokenRoster.write(to: roster, atomically: true, encoding: .utf8)
            #expect(eventually(err, contains: "roster.yaml:2:"))
            #expect(process.isRunning)

            process.terminate()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let warnings = String(decoding: FileManager.default.contents(atPath: err.path) ?? Data(), as: UTF8.self)
            // Reported once, not at every tick.
            #expect(warnings.components(separatedBy: "roster.yaml:2:").count == 2, "\(warnings)")
        }
    }
}
