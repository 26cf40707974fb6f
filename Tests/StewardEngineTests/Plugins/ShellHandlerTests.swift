import Foundation
import StewardExpressions
import StewardPlugins
import Testing

/// The `shell` built-in: argv only, values only as environment variables, off unless allowed,
/// and run as a process plug-in is (limits, group kill).
@Suite("the shell step handler")
struct ShellHandlerTests {
    @Test("off unless the project allows it: refused for good, and nothing is run")
    func offByDefault() async throws {
        let fixture = try PluginFixture()
        defer { fixture.remove() }
        let marker = fixture.root.appendingPathComponent("ran")
        let outcome = await ShellHandler(allowed: false).call(fixture.request(["command": ["touch", .string(marker.path)]]))
        #expect(outcome.failure?.kind == "handler")
        #expect(outcome.failure?.retryable == false)
        #expect(outcome.failure?.message.contains("allow_shell: true") == true)
        #expect(!FileManager.default.fileExists(atPath: marker.path))
    }

    @Test("a value reaches the program only as a variable: shell syntax in it stays text")
    func valuesAsVariables() async throws {
        let fixture = try PluginFixture()
        defer { fixture.remove() }
        let marker = fixture.root.appendingPathComponent("injected")
        let title = "Plan; touch \(marker.path) $(touch \(marker.path)) `id` \"quoted\""
        let outcome = await ShellHandler(allowed: true).call(fixture.request([
            "command": ["sh", "-c", #"printf '%s' "$TITLE"; echo done >&2"#],
            "env": ["TITLE": .string(title), "COUNT": 3],
        ]))
        #expect(outcome.output == .object(["exit": 0, "stdout": .string(title), "stderr": "done\n"]), "\(outcome)")
        #expect(!FileManager.default.fileExists(atPath: marker.path))
    }

    @Test("a program's environment is only PATH, LANG, HOME, STEWARD_PLUGIN and env:")
    func environment() async throws {
        setenv("SHELL_TEST_CANARY", "leaked", 1)
        let fixture = try PluginFixture()
        defer { fixture.remove() }
        let outcome = await ShellHandler(allowed: true).call(fixture.request(["command": ["/usr/bin/env"], "env": ["GIVEN": "yes"]]))
        guard case .object(let output)? = outcome.output, case .string(let stdout)? = output["stdout"] else {
            Issue.record("\(outcome)")
            return
        }
        let names = stdout.split(separator: "\n").compactMap { $0.split(separator: "=").first.map(String.init) }
        #expect(names.sorted() == ["GIVEN", "HOME", "LANG", "PATH", "STEWARD_PLUGIN"])
    }

    @Test("a non-zero exit fails with kind exit-N and the end of stderr")
    func exitStatus() async throws {
        let fixture = try PluginFixture()
        defer { fixture.remove() }
        let outcome = await ShellHandler(allowed: true).call(fixture.request(["command": ["sh", "-c", "echo 'no such file' >&2; exit 3"]]))
        #expect(outcome.failure?.kind == "exit-3")
        #expect(outcome.failure?.retryable == true)
        #expect(outcome.failure?.message.hasSuffix("no such file") == true)
    }

    @Test("the time limit stops the command and everything it started")
    func timeLimit() async throws {
        let fixture = try PluginFixture()
        defer { fixture.remove() }
        let pids = fixture.root.appendingPathComponent("pids")
        let started = ContinuousClock.now
        let outcome = await ShellHandler(allowed: true).call(fixture.request([
            "command": ["sh", "-c", .string("sleep 300 & echo $$ > '\(pids.path)'; wait")], "timeout": "1s",
        ], limit: .seconds(60)))
        #expect(outcome.failure?.kind == "timeout", "\(outcome)")
        #expect(started.duration(to: .now) >= .seconds(1))
        let group = try #require(Int32(try String(contentsOf: pids, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(livingMembers(ofGroup: group).isEmpty)
    }

    @Test("a command written as one line, a reserved variable or a program outside /usr/bin and /bin are refused", arguments: [
        (ExpressionValue.object(["command": "ls -l"]), "write the command as a list"),
        (.object(["command": ["ls"], "env": ["PATH": "/tmp"]]), "'PATH' in 'env'"),
        (.object(["command": ["bin/tool"]]), "name it by its absolute path"),
        (.object(["command": []]), "'command' is empty"),
        (.object(["command": ["sleep", "1"], "timeout": "2d"]), "'timeout' of shell"),
    ])
    func refusedArguments(_ arguments: ExpressionValue, _ expected: String) async throws {
        let fixture = try PluginFixture()
        defer { fixture.remove() }
        let outcome = await ShellHandler(allowed: true).call(fixture.request(arguments))
        #expect(outcome.failure?.kind == "handler")
        #expect(outcome.failure?.retryable == false)
        #expect(outcome.failure?.message.contains(expected) == true, "\(outcome)")
    }
}
