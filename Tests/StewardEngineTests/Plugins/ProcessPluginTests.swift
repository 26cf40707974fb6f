import Foundation
import StewardExpressions
import StewardPlugins
import Testing

/// A process plug-in called through Steward's real runner: what it is given, and what Steward
/// does when it answers, fails, hangs, crashes, breaks the protocol or floods its output.
@Suite("process plug-ins")
struct ProcessPluginTests {
    @Test("a plug-in that answers: its output and logs come back, and it got the whole request on stdin")
    func succeeds() async throws {
        let fixture = try PluginFixture()
        defer { fixture.remove() }
        try fixture.add("echo", script: """
            read -r line
            \(PluginFixture.hello("echo"))
            printf '{"type":"log","level":"warn","message":"looked at it"}\\n'
            printf '{"type":"result","ok":true,"output":{"request":%s,"cwd":"%s"}}\\n' "$line" "$(pwd)"
            """, inputs: "  text: { type: string, required: true }")
        let outcome = try await fixture.handler("echo").call(fixture.request(["text": "你好"]))
        let output = try #require(outcome.output, "\(outcome)")
        guard case .object(let fields) = output, case .object(let request)? = fields["request"],
              case .string(let cwd)? = fields["cwd"] else {
            Issue.record("unexpected output \(output)")
            return
        }
        #expect(request["steward"] == 1)
        #expect(request["type"] == "invoke")
        #expect(request["protocol"] == 1)
        #expect(request["handler"] == "echo")
        #expect(request["version"] == "1.0.0")
        #expect(request["key"] == "i-1/step/0/1/1")
        #expect(request["operation_key"] == "i-1/step/0/1")
        #expect(request["attempt"] == 1)
        #expect(request["with"] == ["text": "你好"])
        if case .integer(let ms)? = request["timeout_ms"] { #expect(ms > 3000 && ms <= 5000) } else { Issue.record("no timeout_ms") }
        if case .string(let deadline)? = request["deadline"] { #expect(deadline.hasSuffix("Z")) } else { Issue.record("no deadline") }
        guard case .object(let places)? = request["places"], case .string(let work)? = places["work"] else {
            Issue.record("no places.work")
            return
        }
        // Its working folder was a fresh one below places.work, and it is gone after the call.
        #expect(work == cwd)
        #expect(cwd.hasPrefix(fixture.work.path + "/"))
        #expect(!FileManager.default.fileExists(atPath: cwd))
        #expect(outcome.logs == [HandlerLog(level: .warn, message: "looked at it")])
    }

    @Test("a plug-in that fails says the kind and whether a retry can help")
    func fails() async throws {
        let fixture = try PluginFixture()
        defer { fixture.remove() }
        try fixture.add("refuser", script: """
            \(PluginFixture.hello("refuser"))
            printf '{"type":"result","ok":false,"error":{"kind":"bad-recipient","message":"no such mailbox","retryable":false}}\\n'
            exit 3
            """, extra: "errors: [bad-recipient]")
        let outcome = try await fixture.handler("refuser").call(fixture.request())
        #expect(outcome.failure == StepFailure(kind: "bad-recipient", message: "no such mailbox", retryable: false))
        // The result stands; the odd exit status is noted, not lost.
        #expect(outcome.logs.contains { $0.message.contains("exited with status 3 after its result") })
    }

    @Test("a plug-in that hangs, with a child of its own, is stopped at its limit: its whole group is gone")
    func hangs() async throws {
        let fixture = try PluginFixture()
        defer { fixture.remove() }
        let pids = fixture.root.appendingPathComponent("pids")
        try fixture.add("sleeper", script: """
            (trap '' TERM; sleep 300) &
            echo "$$ $!" > '\(pids.path)'
            \(PluginFixture.hello("sleeper"))
            sleep 300
            """, timeout: "1s")
        let started = ContinuousClock.now
        let outcome = try await fixture.handler("sleeper").call(fixture.request(limit: .seconds(1)))
        #expect(outcome.failure?.kind == "timeout", "\(outcome)")
        // (No upper bound: a busy test run may resume this test late; what matters is what is left.)
        #expect(started.duration(to: .now) >= .seconds(1))
        let written = try String(contentsOf: pids, encoding: .utf8)
            .split(whereSeparator: \.isWhitespace).compactMap { Int32($0) }
        #expect(written.count == 2)
        // Its child ignored SIGTERM, and is gone too: nothing of the group is left running.
        let group = try #require(written.first)
        #expect(livingMembers(ofGroup: group).isEmpty, "left running: \(livingMembers(ofGroup: group))")
    }

    @Test("a program held open for writing a moment (being installed) is started once it is closed, not failed")
    func textFileBusy() async throws {
        let fixture = try PluginFixture()
        defer { fixture.remove() }
        let folder = try fixture.add("fresh", script: PluginFixture.hello("fresh") + "\n"
            + #"printf '{"type":"result","ok":true,"output":{"fresh":true}}\n'"#)
        let handler = try fixture.handler("fresh")
        // Open for writing, as a copy still being written is: exec gives ETXTBSY until it is closed.
        let writer = open(folder.appendingPathComponent("main.sh").path, O_WRONLY)
        #expect(writer >= 0)
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(60)) { close(writer) }
        let outcome = await handler.call(fixture.request())
        #expect(outcome.failure == nil, "\(outcome)")
    }

    @Test("a plug-in killed by a signal has crashed; its stderr ends the message")
    func crashes() async throws {
        let fixture = try PluginFixture()
        defer { fixture.remove() }
        try fixture.add("crasher", script: """
            \(PluginFixture.hello("crasher"))
            echo "about to fall over" >&2
            kill -SEGV $$
            """)
        let outcome = try await fixture.handler("crasher").call(fixture.request())
        #expect(outcome.failure?.kind == "crashed", "\(outcome)")
        #expect(outcome.failure?.message.contains("signal 11 (SIGSEGV)") == true)
        #expect(outcome.failure?.message.hasSuffix("about to fall over") == true)
    }

    @Test("exiting without a result is a handler failure")
    func exitsWithoutResult() async throws {
        let fixture = try PluginFixture()
        defer { fixture.remove() }
        try fixture.add("quitter", script: "\(PluginFixture.hello("quitter"))\nexit 4")
        let outcome = try await fixture.handler("quitter").call(fixture.request())
        #expect(outcome.failure?.kind == "handler")
        #expect(outcome.failure?.message.contains("exited with status 4 without a result") == true)
    }

    @Test("a line on stdout that is not JSON stops the plug-in at once: protocol, quoting the line")
    func printsNonJSON() async throws {
        let fixture = try PluginFixture()
        defer { fixture.remove() }
        let marker = fixture.root.appendingPathComponent("went-on")
        try fixture.add("chatty", script: """
            \(PluginFixture.hello("chatty"))
            echo "Loading settings…"
            sleep 20
            touch '\(marker.path)'
            """, timeout: "60s")
        let outcome = try await fixture.handler("chatty").call(fixture.request(limit: .seconds(60)))
        let failure = try #require(outcome.failure)
        #expect(failure.kind == "protocol")
        #expect(failure.retryable == false)
        #expect(failure.message.contains("'Loading settings…'"))
        #expect(failure.message.contains("write logs to standard error"))
        // Stopped at the line, not left to finish (it would have, well before its limit; and a
        // call ends only once its program has).
        #expect(!FileManager.default.fileExists(atPath: marker.path))
    }

    @Test("a hello that does not match the manifest is a protocol failure")
    func wrongHello() async throws {
        let fixture = try PluginFixture()
        defer { fixture.remove() }
        try fixture.add("stale", script: #"printf '{"type":"hello","protocol":1,"name":"stale","version":"0.9.0"}\n'"#)
        let outcome = try await fixture.handler("stale").call(fixture.request())
        #expect(outcome.failure?.kind == "protocol")
        #expect(outcome.failure?.message.contains("0.9.0") == true)
    }

    @Test("blank lines and frames of unknown types pass; logs past 100 are counted, an unlisted error kind noted")
    func frameRules() async throws {
        let fixture = try PluginFixture()
        defer { fixture.remove() }
        try fixture.add("verbose", script: """
            echo
            \(PluginFixture.hello("verbose"))
            printf '{"type":"progress","percent":40,"extra":true}\n'
            i=0
            while [ $i -lt 102 ]; do printf '{"type":"log","message":"step %s"}\n' $i; i=$((i+1)); done
            printf '{"type":"result","ok":false,"error":{"kind":"surprise","message":"oh"}}'
            """, extra: "errors: [expected]")
        let outcome = try await fixture.handler("verbose").call(fixture.request())
        #expect(outcome.failure == StepFailure(kind: "surprise", message: "oh", retryable: true), "\(outcome)")
        #expect(outcome.logs.count == 102)
        #expect(outcome.logs.first == HandlerLog(level: .info, message: "step 0"))
        #expect(outcome.logs[100] == HandlerLog(level: .warn, message: "the plug-in reported the error kind 'surprise', which its manifest's 'errors' does not list"))
        #expect(outcome.logs[101] == HandlerLog(level: .warn, message: "2 more log lines of the plug-in were left out"))
    }

    @Test("a frame before hello, a frame after the result, or a kind that is no name break the protocol", arguments: [
        (#"printf '{"type":"log","message":"early"}\n'"#, "the first frame must be 'hello'"),
        (PluginFixture.hello("strict") + "\n" + #"printf '{"type":"result","ok":true}\n{"type":"log","message":"late"}\n'"#,
         "after its result"),
        (PluginFixture.hello("strict") + "\n" + #"printf '{"type":"result","ok":false,"error":{"kind":"Bad Kind"}}\n'"#,
         "the error's 'kind' must be"),
    ])
    func protocolBroken(_ script: String, _ expected: String) async throws {
        let fixture = try PluginFixture()
        defer { fixture.remove() }
        try fixture.add("strict", script: script)
        let outcome = try await fixture.handler("strict").call(fixture.request())
        #expect(outcome.failure?.kind == "protocol", "\(outcome)")
        #expect(outcome.failure?.message.contains(expected) == true, "\(outcome)")
    }

    @Test("100 MB on stdout: stopped at the 1 MiB cap, before it could print the rest")
    func floodsStdout() async throws {
        let fixture = try PluginFixture()
        defer { fixture.remove() }
        let marker = fixture.root.appendingPathComponent("went-on")
        try fixture.add("flood", script: "head -c 100000000 /dev/zero\ntouch '\(marker.path)'", timeout: "60s")
        let outcome = try await fixture.handler("flood").call(fixture.request(limit: .seconds(60)))
        #expect(outcome.failure?.kind == "output-too-large", "\(outcome)")
        // Killed at the cap: it never got past printing, so Steward was never handed the other
        // 99 MB to hold. (The process's peak memory is not asserted: the tests running beside
        // this one share it.)
        #expect(!FileManager.default.fileExists(atPath: marker.path))
    }

    @Test("stderr is kept as its last 64 KiB")
    func stderrTail() async throws {
        let fixture = try PluginFixture()
        defer { fixture.remove() }
        try fixture.add("noisy", script: """
            i=0
            while [ $i -lt 3000 ]; do echo "line $i of the noise on standard error, long enough to count" >&2; i=$((i+1)); done
            echo "the last words" >&2
            exit 1
            """)
        let outcome = try await fixture.handler("noisy").call(fixture.request())
        let message = try #require(outcome.failure?.message)
        #expect(message.hasSuffix("the last words"))
        #expect(!message.contains("line 0 of"))
        #expect(message.utf8.count < (64 << 10) + 1000)
        #expect(message.contains("its last 65536 of"))
    }

    @Test("the environment holds only what Steward sets and the manifest's allow-list")
    func environment() async throws {
        setenv("STEWARD_TEST_CANARY", "leaked", 1)
        setenv("PLUGIN_TEST_CANARY", "leaked", 1)
        setenv("PLUGIN_TEST_ALLOWED", "given", 1)
        let fixture = try PluginFixture()
        defer { fixture.remove() }
        try fixture.add("envy", script: """
            \(PluginFixture.hello("envy"))
            printf '{"type":"result","ok":true,"output":"%s"}\\n' "$(env | sort | tr '\\n' ' ')"
            """, extra: "env: [PLUGIN_TEST_ALLOWED, PLUGIN_TEST_UNSET]")
        let outcome = try await fixture.handler("envy").call(fixture.request())
        guard case .string(let env)? = outcome.output else {
            Issue.record("\(outcome)")
            return
        }
        let names = Set(env.split(separator: " ").compactMap { $0.split(separator: "=").first.map(String.init) })
        // sh adds PWD itself.
        #expect(names.subtracting(["PWD"]) == ["HOME", "LANG", "PATH", "STEWARD_PLUGIN", "PLUGIN_TEST_ALLOWED"])
        #expect(env.contains("PATH=/usr/bin:/bin "))
        #expect(env.contains("PLUGIN_TEST_ALLOWED=given"))
        #expect(!env.contains("leaked"))
    }

    @Test("a secret value the plug-in prints is taken out of its logs and its failure message")
    func secretsRedacted() async throws {
        let fixture = try PluginFixture()
        defer { fixture.remove() }
        try fixture.add("leaky", script: """
            read -r line
            token=$(printf '%s' "$line" | sed 's/.*"token":"\\([^"]*\\)".*/\\1/')
            \(PluginFixture.hello("leaky"))
            printf '{"type":"log","message":"using %s"}\\n' "$token"
            echo "token was $token" >&2
            exit 2
            """, inputs: "  token: { type: string, secret: true, required: true }")
        let outcome = try await fixture.handler("leaky").call(
            fixture.request(["token": "MAIL_TOKEN"], secrets: ["token": "hunter2-very-secret"]))
        let failure = try #require(outcome.failure)
        #expect(!failure.message.contains("hunter2-very-secret"))
        #expect(failure.message.contains("token was [redacted]"))
        #expect(outcome.logs == [HandlerLog(level: .info, message: "using [redacted]")])
    }

    @Test("a program changed after Steward read it is not run: plugin-changed")
    func changedBeforeCall() async throws {
        let fixture = try PluginFixture()
        defer { fixture.remove() }
        let marker = fixture.root.appendingPathComponent("ran")
        let folder = try fixture.add("mutable", script: "\(PluginFixture.hello("mutable"))\nprintf '{\"type\":\"result\",\"ok\":true}\\n'")
        let handler = try fixture.handler("mutable")
        try PluginFixture.write("#!/bin/sh\ntouch '\(marker.path)'\n", to: folder.appendingPathComponent("main.sh"), mode: 0o755)
        let outcome = await handler.call(fixture.request())
        #expect(outcome.failure?.kind == "plugin-changed")
        #expect(outcome.failure?.retryable == false)
        #expect(!FileManager.default.fileExists(atPath: marker.path))
    }

    @Test("a program made group-writable after Steward read it is not run; a removed one is plugin-missing")
    func unsafeOrGoneBeforeCall() async throws {
        let fixture = try PluginFixture()
        defer { fixture.remove() }
        let folder = try fixture.add("loose", script: PluginFixture.hello("loose"))
        let handler = try fixture.handler("loose")
        let program = folder.appendingPathComponent("main.sh")
        try FileManager.default.setAttributes([.posixPermissions: 0o775], ofItemAtPath: program.path)
        let unsafe = await handler.call(fixture.request())
        #expect(unsafe.failure?.kind == "plugin-changed")
        #expect(unsafe.failure?.message.contains("chmod go-w") == true)
        try FileManager.default.removeItem(at: program)
        let gone = await handler.call(fixture.request())
        #expect(gone.failure?.kind == "plugin-missing")
    }
}
