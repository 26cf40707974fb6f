import StewardTestSupport
import Foundation
import Testing

/// `steward run` stops cleanly on SIGTERM and SIGINT; the CLI verifies an exported trail offline.
@Suite("steward run and audit files")
struct RunLoopTests {
    /// A project made by `steward init` in a fresh folder.
    func project(_ body: (URL) throws -> Void) throws {
        try withTemporaryDirectory { dir in
            let made = try StewardProcess.run(["init", "--clock", "manual"], in: dir)
            #expect(made.status == 0, "\(made.stderr)")
            try body(dir)
        }
    }

    @Test("SIGTERM and SIGINT end the loop with exit 0", arguments: [SIGTERM, SIGINT])
    func stopsOnSignal(_ signal: Int32) throws {
        try project { dir in
            let process = Process()
            process.executableURL = StewardProcess.binary
            process.arguments = ["run", "--every", "100ms"]
            process.currentDirectoryURL = dir
            process.standardOutput = Pipe()
            process.standardError = Pipe()
            try process.run()
            // Give the loop time to install its handlers and tick once; the store file shows it did.
            let store = dir.appendingPathComponent(".steward/steward.db").path
            for _ in 0..<100 where !FileManager.default.fileExists(atPath: store) { usleep(50_000) }
            usleep(300_000)
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            #expect(process.terminationReason == .exit)
            #expect(process.terminationStatus == 0)
        }
    }

    @Test("an exported trail verifies offline, and a changed byte is found")
    func exportedTrail() throws {
        try project { dir in
            let env = ["STEWARD_NOW": "2026-11-02T09:00:00+08:00"]
            let started = try StewardProcess.run(["start", "party-building-plan", "--as", "li.ming", "--input", "year=2026"], in: dir, environment: env)
            #expect(started.status == 0, "\(started.stderr)")
            let export = try StewardProcess.run(["audit", "export", "--out", "trail.jsonl"], in: dir)
            #expect(export.status == 0)
            let ok = try StewardProcess.run(["audit", "verify", "--file", "trail.jsonl"], in: dir)
            #expect(ok.status == 0)
            #expect(ok.stdout.hasPrefix("OK: 1 entries"))

            let file = dir.appendingPathComponent("trail.jsonl")
            var text = try String(contentsOf: file, encoding: .utf8)
            text = text.replacingOccurrences(of: "\"event\":\"started\"", with: "\"event\":\"startad\"")
            try Data(text.utf8).write(to: file)
            let bad = try StewardProcess.run(["audit", "verify", "--file", "trail.jsonl"], in: dir)
            #expect(bad.status == 1)
            #expect(bad.stdout.contains("FAILED"))
            #expect(bad.stdout.contains("entry 1"))
        }
    }

    @Test("STEWARD_NOW that is not a time is wrong usage")
    func badNow() throws {
        try project { dir in
            let result = try StewardProcess.run(["status"], in: dir, environment: ["STEWARD_NOW": "tomorrow"])
            #expect(result.status == 64)
            #expect(result.stderr.contains("STEWARD_NOW"))
        }
    }
}
