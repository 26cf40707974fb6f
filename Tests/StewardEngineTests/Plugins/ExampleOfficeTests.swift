import Foundation
import StewardTestSupport
import Testing

/// `examples/office`: the office project that uses the example plug-ins, run as its README
/// says, from a copy (so the repository's folder stays clean).
@Suite("the example office project", .serialized)
struct ExampleOfficeTests {
    static var example: URL { ExamplePlugins.folder.deletingLastPathComponent().appendingPathComponent("examples/office") }

    /// A copy of the project whose plug-in links lead to the repository's plug-ins.
    func copy() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("office-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.example, to: root)
        let plugins = root.appendingPathComponent("plugins")
        for name in try FileManager.default.contentsOfDirectory(atPath: plugins.path) {
            let link = plugins.appendingPathComponent(name)
            try FileManager.default.removeItem(at: link)
            try FileManager.default.createSymbolicLink(at: link, withDestinationURL: ExamplePlugins.folder.appendingPathComponent(name))
        }
        return root
    }

    @Test("it validates with no finding, and its plug-ins check")
    func validates() throws {
        let validate = try StewardProcess.run(["validate"], in: Self.example)
        #expect(validate.status == 0 && validate.stderr.contains("no problems"), "\(validate.stdout)\(validate.stderr)")
        let check = try StewardProcess.run(["plugins", "check"], in: Self.example)
        #expect(check.status == 0 && (check.stdout + check.stderr).contains("3 plug-ins can be used; no problems"), "\(check.stdout)\(check.stderr)")
    }

    @Test("with the shipped workflows init adds (as its README says), it validates with no finding: the roster has every role they use")
    func shippedWorkflows() throws {
        let root = try copy()
        defer { try? FileManager.default.removeItem(at: root) }
        let made = try StewardProcess.run(["init", "."], in: root)
        #expect(made.status == 0, "\(made)")
        #expect(!made.stdout.contains("steward.yaml") && !made.stdout.contains("roster.yaml"), "init keeps the example's own files: \(made)")
        let shipped = try FileManager.default.contentsOfDirectory(atPath: ExamplePlugins.folder.deletingLastPathComponent()
            .appendingPathComponent("workflows").path).filter { $0.hasSuffix(".yaml") }
        let here = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("workflows").path)
        #expect(Set(here) == Set(shipped + ["branch-meeting.yaml", "tests"]), "\(here)")
        let validate = try StewardProcess.run(["validate"], in: root)
        #expect(validate.status == 0, "\(validate)")
        #expect(validate.stderr.contains("checked \(shipped.count + 1) files: no problems"), "\(validate)")
        #expect(!(validate.stdout + validate.stderr).contains("warning:"), "\(validate)")
    }

    @Test("the cron line and the systemd units run commands steward has, in the project folder")
    func deployment() throws {
        let deploy = Self.example.appendingPathComponent("deploy")
        var commands: [String] = []
        for name in ["steward.cron", "steward.service", "steward-tick.service"] {
            let text = try String(contentsOf: deploy.appendingPathComponent(name), encoding: .utf8)
            let line = try #require(text.split(separator: "\n").first { $0.contains("ExecStart=") || $0.hasPrefix("* * * * *") })
            let words = line.split(separator: " ").map(String.init)
            let at = try #require(words.firstIndex { $0.hasSuffix("steward") || $0.hasSuffix("/steward") })
            commands.append(words[at + 1])
            #expect(text.contains("/srv/office"), "\(name) runs in the project folder")
        }
        #expect(commands == ["tick", "run", "tick"])
        for command in Set(commands) {
            #expect(try StewardProcess.run([command, "--help"]).status == 0, "steward \(command)")
        }
    }

    @Test("the meeting runs from roll call to a verified ledger package, the minutes and a mail on the way")
    func runs() throws {
        let root = try copy()
        defer { try? FileManager.default.removeItem(at: root) }
        func steward(_ arguments: [String]) throws -> StewardProcess.Result {
            let result = try StewardProcess.run(arguments, in: root)
            #expect(result.status == 0, "steward \(arguments.joined(separator: " ")): \(result.stdout)\(result.stderr)")
            return result
        }
        let started = try steward(["start", "branch-meeting", "--input", "meeting=第三季度支委会", "--as", "zhang.wei"])
        let id = try #require(started.stdout.split(separator: " ").dropFirst().first.map { String($0.dropLast()) })
        #expect(try steward(["tick"]).stdout.contains("1 steps"))
        _ = try steward(["act", id, "submit", "--field", "decision=同意年度计划", "--as", "li.ming"])
        #expect(try steward(["tick"]).stdout.contains("4 steps"))
        #expect(try steward(["status", id]).stdout.contains("completed"))

        let minutes = try String(contentsOf: root.appendingPathComponent("documents/\(id)/会议纪要.md"), encoding: .utf8)
        #expect(minutes.contains("应到 5 人，实到 3 人，达到法定人数"), "\(minutes)")
        #expect(minutes.contains("文号：党支-2026-"), "\(minutes)")
        let mails = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("outbox/mail").path)
        #expect(mails.count == 1 && mails[0].hasSuffix(".eml"))
        #expect(try steward(["notices", "--as", "wang.fang"]).stdout.contains("纪要已形成"))
        let package = root.appendingPathComponent("ledger/支部台账/2026/\(id).zip")
        #expect(try steward(["archive", "verify", package.path]).stdout.hasPrefix("OK: the ledger package of \(id)"))
    }

    @Test("validate names a channel in steward.yaml that is not installed, or cannot deliver, at its place")
    func badChannels() throws {
        let root = try copy()
        defer { try? FileManager.default.removeItem(at: root) }
        let config = root.appendingPathComponent("steward.yaml")
        let text = try String(contentsOf: config, encoding: .utf8)
        try text.replacingOccurrences(of: "channels: [mail-folder]", with: "channels: [mail-foldr, stamp]")
            .write(to: config, atomically: true, encoding: .utf8)
        let result = try StewardProcess.run(["validate"], in: root)
        #expect(result.status == 1)
        let line = try #require(text.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.hasPrefix("channels:") }) + 1
        #expect(result.stdout.contains("steward.yaml:\(line):12: error: no step handler named 'mail-foldr' is installed"), "\(result.stdout)")
        #expect(result.stdout.contains("help: did you mean 'mail-folder'?"))
        #expect(result.stdout.contains("steward.yaml:\(line):24: error: 'stamp' cannot deliver notify's messages: it does not take 'to' [bad-channel]"))
    }
}
