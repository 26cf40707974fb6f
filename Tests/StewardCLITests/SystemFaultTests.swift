import StewardTestSupport
import Foundation
import Testing

/// The system failing under steward (one call made to fail with strace, as a failing disk or
/// /proc would) is a failure with exit 5 and a message, never a success for work not done.
@Suite("system calls that fail", .enabled(if: Strace.available, "needs strace and ptrace; the reason is printed"))
struct SystemFaultTests {
    @Test("no command line from the system (/proc/self/maps unreadable): exit 5, not the help and exit 0")
    func noCommandLine() throws {
        try withTemporaryDirectory { dir in
            #expect(try StewardProcess.run(["init", "--clock", "manual"], in: dir).status == 0)
            // The Swift runtime on Linux finds the arguments through /proc/self/maps.
            let result = try Strace.run(["status"], in: dir, failing: "openat", on: "/proc/self/maps")
            #expect(!result.stdout.contains("OVERVIEW"), "\(result)")
            if result.status != 0 {
                #expect(result.status == 5, "\(result)")
                #expect(result.stderr.contains("the system did not give steward its command line"), "\(result)")
            }
        }
    }

    /// A project with one running instance and its trail, at 09:00 on 2 November 2026.
    static func project(_ dir: URL) throws -> [String: String] {
        #expect(try StewardProcess.run(["init", "--clock", "manual"], in: dir).status == 0)
        let environment = ["STEWARD_NOW": "2026-11-02T09:00:00+08:00"]
        let started = try StewardProcess.run(["start", "party-building-plan", "--as", "li.ming", "--input", "year=2026"], in: dir,
                                             environment: environment)
        #expect(started.status == 0, "\(started)")
        return environment
    }

    static func trail(_ dir: URL) throws -> String {
        try StewardProcess.run(["audit", "log"], in: dir).stdout
    }

    @Test("the system failing to read steward.yaml, the roster, the calendars or their folder: exit 5, nothing done",
          arguments: ["steward.yaml", "roster.yaml", "calendars", "calendars/cn-workdays.yaml"])
    func projectFilesUnread(_ file: String) throws {
        try withTemporaryDirectory { dir in
            let environment = try Self.project(dir)
            let before = try Self.trail(dir)
            let path = dir.appendingPathComponent(file).path
            for arguments in [["tick"], ["start", "party-building-plan", "--as", "li.ming", "--input", "year=2027"]] {
                let result = try Strace.run(arguments, in: dir, environment: environment, failing: "openat", on: path)
                #expect(result.status == 5, "\(arguments) with \(file) failing: \(result)")
                #expect(result.stderr.contains("the system failed to"), "\(result)")
                #expect(try Self.trail(dir) == before)
            }
            // The same file read again: the command works.
            #expect(try StewardProcess.run(["tick"], in: dir, environment: environment).status == 0)
        }
    }

    @Test("the system failing to list the workflows during a tick: exit 5, not a workflow 'with errors' and exit 0")
    func workflowsUnread() throws {
        try withTemporaryDirectory { dir in
            let environment = try Self.project(dir)
            let path = dir.appendingPathComponent("workflows").path
            let result = try Strace.run(["tick"], in: dir, environment: environment, failing: "openat", on: path)
            #expect(result.status == 5, "\(result)")
            #expect(result.stderr.contains("the system failed to list the folder"), "\(result)")
            #expect(!result.stderr.contains("it has errors"), "\(result)")
            #expect(try StewardProcess.run(["tick"], in: dir, environment: environment).status == 0)
        }
    }
}
