import StewardTestSupport
import Foundation
import Testing

/// Output that cannot be written (a full disk, a closed pipe) is a failure like any other: the
/// command exits 5 and says so on standard error, never 0 with the output gone, never a trap.
@Suite("output that cannot be written")
struct OutputFailureTests {
    /// A project with one instance, so that every reading command has something to print.
    static func project(_ dir: URL) throws {
        #expect(try StewardProcess.run(["init", "--clock", "manual"], in: dir).status == 0)
        let started = try StewardProcess.run(["start", "party-building-plan", "--as", "li.ming", "--input", "year=2026"], in: dir,
                                             environment: ["STEWARD_NOW": "2026-11-02T09:00:00+08:00"])
        #expect(started.status == 0, "\(started)")
    }

    static let commands: [[String]] = [
        ["status"], ["status", "--json"], ["tasks", "--all"], ["notices", "--all"], ["audit", "log"],
        ["audit", "export"], ["audit", "export", "--format", "csv"], ["audit", "verify"], ["--help"],
    ]

    @Test("to /dev/full: exit 5 with the reason, for every command that prints", arguments: commands)
    func fullDisk(_ arguments: [String]) throws {
        try withTemporaryDirectory { dir in
            try Self.project(dir)
            let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
            let result = try StewardProcess.run(arguments, in: dir, standardOutput: full)
            #expect(!result.crashed, "\(result)")
            #expect(result.status == 5, "\(result)")
            #expect(result.stderr.contains("the output could not be written (No space left on device)"), "\(result)")
            #expect(result.stderr.contains("[output-failed]"), "\(result)")
        }
    }

    @Test("to a pipe whose reader is gone: exit 5 (Broken pipe), not a silent death by SIGPIPE")
    func closedPipe() throws {
        try withTemporaryDirectory { dir in
            try Self.project(dir)
            let pipe = Pipe()
            try pipe.fileHandleForReading.close()
            let result = try StewardProcess.run(["status"], in: dir, standardOutput: pipe.fileHandleForWriting)
            #expect(!result.crashed, "\(result)")
            #expect(result.status == 5, "\(result)")
            #expect(result.stderr.contains("(Broken pipe)"), "\(result)")
        }
    }

    @Test("a command that already failed keeps its code; output that was written is not an error")
    func otherCodesStay() throws {
        try withTemporaryDirectory { dir in
            try Self.project(dir)
            let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
            let missing = try StewardProcess.run(["status", "no-such-instance"], in: dir, standardOutput: full)
            #expect(missing.status == 3, "\(missing)")
            #expect(!missing.stderr.contains("[output-failed]"), "\(missing)")
            let null = try #require(FileHandle(forWritingAtPath: "/dev/null"))
            #expect(try StewardProcess.run(["status"], in: dir, standardOutput: null).status == 0)
        }
    }

    @Test("audit export --out: a device is refused, never replaced; a file appears whole or not at all; to /dev/full as output, 5")
    func exportOut() throws {
        try withTemporaryDirectory { dir in
            try Self.project(dir)
            let device = try StewardProcess.run(["audit", "export", "--out", "/dev/full"], in: dir)
            #expect(device.status == 5, "\(device)")
            #expect(device.stderr.contains("'/dev/full' is not a regular file"), "\(device)")
            var info = stat()
            #expect(lstat("/dev/full", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR)

            let file = dir.appendingPathComponent("trail.jsonl")
            let written = try StewardProcess.run(["audit", "export", "--out", file.path], in: dir)
            #expect(written.status == 0, "\(written)")
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 1 && lines[0].hasPrefix("{"), "\(lines)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") }.isEmpty)
        }
    }
}
