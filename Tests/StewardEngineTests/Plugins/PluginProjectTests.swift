import Foundation
import StewardEngine
import StewardPlugins
import StewardStore
import StewardTime
import Testing

/// Plug-ins in a project: the engine calls them and records their failures and retries,
/// `validate` checks workflows against their manifests without running them, and what they
/// print of a secret never reaches the trail or the command line.
@Suite("plug-ins in a project", .serialized)
struct PluginProjectTests {
    static let now = Instant.at("2026-03-02T09:00:00+08:00")

    func engine(_ project: TestProject) throws -> Engine {
        let loaded = try Project.load(configFile: project.configFile)
        let handlers = loaded.handlers()
        #expect(handlers.findings.isEmpty, "\(handlers.findings)")
        return Engine(project: loaded, store: try SQLiteStore(path: project.storePath, options: SQLiteStore.Options()),
                      handlers: handlers.registry, version: "test", clock: { Self.now },
                      identity: ActorIdentity.engine(account: "test", host: "test"))
    }

    var plugins: (TestProject) -> URL { { $0.root.appendingPathComponent("plugins") } }

    /// A tick on a thread of its own, as the command line makes it: `tick` waits for the
    /// calls it makes, which run on Swift's shared pool, so it must not hold a thread of it.
    static func tick(_ engine: Engine) async throws -> TickReport {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try engine.tick() }) }.start()
        }
    }

    static let refusing = """
        steward: 1
        id: refusing
        inputs:
          retryable: { type: boolean, required: true }
          counter: { type: string, required: true }
        start: call
        states:
          call:
            type: action
            uses: refuser
            with: { retryable: "${{ inputs.retryable }}", counter: "${{ inputs.counter }}" }
            retry: { max: 3, interval: 1m }
            catch:
              - error: bad-input
                to: refused
            next: done
          refused: { type: final, outcome: rejected }
          done: { type: final }

        """

    @Test("a failure that says a retry cannot help skips retry: and goes to catch at once; a retryable one waits for its retry")
    func retryable() async throws {
        let project = try TestProject(workflows: ["refusing": Self.refusing])
        defer { project.remove() }
        try PluginFixture.add("refuser", in: plugins(project), script: """
            read -r line
            counter=$(printf '%s' "$line" | sed 's/.*"counter":"\\([^"]*\\)".*/\\1/')
            retryable=$(printf '%s' "$line" | sed 's/.*"retryable":\\([a-z]*\\).*/\\1/')
            echo call >> "$counter"
            \(PluginFixture.hello("refuser"))
            printf '{"type":"result","ok":false,"error":{"kind":"bad-input","message":"cannot","retryable":%s}}\\n' "$retryable"
            """, inputs: "  retryable: { type: boolean, required: true }\n  counter: { type: string, required: true }",
            // Long: in a busy test run the call may wait for a thread of the shared pool.
            timeout: "60s", extra: "errors: [bad-input]")
        let engine = try engine(project)
        let boss = ActorIdentity(person: "boss", account: "b", host: "h")
        var ids: [Bool: String] = [:]
        for retryable in [false, true] {
            let counter = project.root.appendingPathComponent("calls-\(retryable)").path
            ids[retryable] = try engine.start(workflow: "refusing", inputs: ["retryable": "\(retryable)", "counter": counter],
                                              actor: boss).id
        }
        _ = try await Self.tick(engine)
        let calls = { (retryable: Bool) in
            (try? String(contentsOfFile: project.root.appendingPathComponent("calls-\(retryable)").path, encoding: .utf8))?
                .split(separator: "\n").count ?? 0
        }
        #expect(calls(false) == 1)
        #expect(calls(true) == 1)
        let refused = try engine.instance(try #require(ids[false]))
        // It went to catch's state (which ends it as rejected), not on to a retry.
        #expect(refused.status == .rejected)
        let waiting = try engine.instance(try #require(ids[true]))
        #expect(waiting.status == .running)
        #expect(try engine.store.allTimers().contains { $0.instanceID == ids[true] })
        #expect(try !engine.store.allTimers().contains { $0.instanceID == ids[false] })
    }

    @Test("a secret a plug-in prints on stderr and in a log line is in neither the store, the trail nor any output")
    func secretRedacted() throws {
        let secret = "s3cr3t-Tok3n-4711"
        let project = try TestProject(workflows: ["leaking": """
            steward: 1
            id: leaking
            start: send
            states:
              send:
                type: action
                uses: leaky
                with: { token: MAIL }
                next: done
              done: { type: final }

            """])
        defer { project.remove() }
        try PluginFixture.add("leaky", in: plugins(project), script: """
            read -r line
            token=$(printf '%s' "$line" | sed 's/.*"token":"\\([^"]*\\)".*/\\1/')
            \(PluginFixture.hello("leaky"))
            printf '{"type":"log","level":"warn","message":"logging in with %s"}\\n' "$token"
            echo "debug: token=$token" >&2
            exit 1
            """, inputs: "  token: { type: string, secret: true, required: true }")
        let env = ["STEWARD_SECRET_MAIL": secret]
        let started = try project.steward(["start", "leaking", "--as", "boss"], now: Self.now, environment: env)
        #expect(started.status == 0, "\(started)")
        let id = try #require(started.stdout.split(separator: " ").dropFirst().first.map { String($0.dropLast()) })
        var outputs = [try project.steward(["tick"], now: Self.now, environment: env)]
        outputs.append(try project.steward(["status", id], now: Self.now))
        outputs.append(try project.steward(["status", id, "--json"], now: Self.now))
        outputs.append(try project.steward(["audit", "log"], now: Self.now))
        outputs.append(try project.steward(["audit", "log", "--json"], now: Self.now))
        outputs.append(try project.steward(["audit", "export"], now: Self.now))
        for output in outputs {
            #expect(!output.stdout.contains(secret) && !output.stderr.contains(secret), "\(output)")
        }
        let log = outputs[4].stdout
        #expect(log.contains("logging in with [redacted]"), "\(log)")
        #expect(log.contains("debug: token=[redacted]"), "\(log)")
        for suffix in ["", "-wal"] {
            let file = project.storePath + suffix
            guard let bytes = FileManager.default.contents(atPath: file) else { continue }
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "the secret is in \(file)")
        }
    }

    static let meeting = """
        steward: 1
        id: meeting
        start: count
        states:
          count:
            type: action
            uses: tally
            with: { quorum: 3 }
            next: adjust
          adjust:
            type: action
            uses: tally
            with: { members: a, qorum: 3 }
            next: check
          check:
            type: action
            uses: tally
            with: { members: a, quorum: many }
            next: done
          done: { type: final }

        """

    @Test("validate checks with: against a plug-in's manifest (missing, unknown with the word meant, wrong type) and never runs it")
    func validateWithoutRunning() throws {
        let project = try TestProject(workflows: ["meeting": Self.meeting])
        defer { project.remove() }
        let marker = project.root.appendingPathComponent("ran")
        try PluginFixture.add("tally", in: plugins(project), script: "touch '\(marker.path)'\n\(PluginFixture.hello("tally"))",
                              inputs: "  members: { type: string, required: true }\n  quorum: { type: integer }")
        let bad = try PluginFixture.add("broken", in: plugins(project), script: "touch '\(marker.path)'")
        try PluginFixture.write(PluginFixture.manifest("broken").replacingOccurrences(of: "idempotent:", with: "idempotnet:"),
                                to: bad.appendingPathComponent("plugin.yaml"), mode: 0o644)

        let validate = try project.steward(["validate"])
        #expect(validate.status == 1, "\(validate)")
        let out = validate.stdout
        #expect(out.contains("workflows/meeting.yaml:7:11: error: handler 'tally' needs the argument 'members' in 'with' (state 'count') [handler-argument]"), "\(out)")
        #expect(out.contains("workflows/meeting.yaml:13:25: error: handler 'tally' does not take 'qorum' (state 'adjust') [handler-argument]"))
        #expect(out.contains("help: did you mean 'quorum'?"))
        #expect(out.contains("workflows/meeting.yaml:18:33: error: 'quorum' of handler 'tally' takes a whole number; 'many' is not a whole number (state 'check') [handler-argument]"))
        #expect(out.contains("plugins/broken/plugin.yaml:9:1: error: unknown key 'idempotnet' in the plug-in manifest [unknown-key]"))

        let list = try project.steward(["plugins"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("tally  1.0.0  process  a test plug-in"))
        #expect(list.stdout.contains("  inputs: members (text, required), quorum (integer)"))
        #expect(list.stderr.contains("plugin.yaml:9:1: unknown key 'idempotnet'"))
        let json = try project.steward(["plugins", "--json"])
        let listing = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let handlers = listing?["handlers"] as? [[String: Any]] ?? []
        #expect(handlers.contains { $0["name"] as? String == "tally" && $0["tier"] as? String == "process" })
        #expect(handlers.contains { $0["name"] as? String == "shell" && $0["refused"] != nil })

        let check = try project.steward(["plugins", "check"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("plugins/broken/plugin.yaml:9:1: error: unknown key 'idempotnet'"))
        #expect(check.stderr.contains("1 plug-in can be used; 1 error"))
        #expect(!FileManager.default.fileExists(atPath: marker.path), "a plug-in was run")
    }

    static func shellFlow(_ command: String) -> String {
        """
        steward: 1
        id: convert
        start: run
        states:
          run:
            type: action
            uses: shell
            with: { command: \(command) }
            next: done
          done: { type: final }

        """
    }

    @Test("validate refuses shell in a project that does not allow it, and a command written as one line")
    func shellInValidate() throws {
        let project = try TestProject(workflows: ["convert": Self.shellFlow("[pandoc, plan.md]")])
        defer { project.remove() }
        let refused = try project.steward(["validate"])
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("workflows/convert.yaml:7:11: error: this project does not allow the 'shell' step handler; "
                                        + "steward.yaml must say 'allow_shell: true' (state 'run') [handler-not-allowed]"), "\(refused)")
        let config = try String(contentsOf: project.configFile, encoding: .utf8)
        try config.replacingOccurrences(of: "allow_shell: false", with: "allow_shell: true")
            .write(to: project.configFile, atomically: true, encoding: .utf8)
        #expect(try project.steward(["validate"]).status == 0)
        try Data(Self.shellFlow("pandoc plan.md").utf8).write(to: project.root.appendingPathComponent("workflows/convert.yaml"))
        let line = try project.steward(["validate"])
        #expect(line.status == 1)
        #expect(line.stdout.contains("'command' of handler 'shell' takes a list"), "\(line)")
        #expect(line.stdout.contains("help: write the command as a list"))
    }

    @Test("a workflow runs end to end through the command line with a process plug-in (the roll-call example)")
    func endToEnd() throws {
        let project = try TestProject(workflows: ["meeting": """
            steward: 1
            id: meeting
            start: count
            states:
              count:
                type: action
                uses: roll-call
                with: { members: members.csv, quorum: 3 }
                next: decide
              decide:
                type: choice
                choices:
                  - if: ${{ states.count.output.quorum_met }}
                    to: held
                default: adjourned
              held: { type: final }
              adjourned: { type: final, outcome: rejected }

            """])
        defer { project.remove() }
        try ExamplePlugins.copy("roll-call", into: plugins(project))
        let started = try project.steward(["start", "meeting", "--as", "boss"], now: Self.now)
        #expect(started.status == 0, "\(started)")
        let tick = try project.steward(["tick"], now: Self.now)
        #expect(tick.status == 0, "\(tick)")
        let status = try project.steward(["status", "--json"], now: Self.now)
        #expect(status.stdout.contains("\"status\" : \"completed\""), "\(status)")
        let log = try project.steward(["audit", "log", "--json"], now: Self.now).stdout
        let provenance = try #require(log.split(separator: "\n").first { $0.contains("handler-succeeded") })
        #expect(provenance.contains("roll-call@1.0.0 sha256:"))
        #expect(provenance.contains("3 of 5 present"))
        #expect(provenance.contains("王芳"))
    }
}
