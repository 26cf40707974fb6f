import StewardTestSupport
import Foundation
import StewardCore
import StewardEngine
import StewardExpressions
import StewardPlugins
import StewardTime
import Testing

/// `webhook`: a JSON POST with the operation key as `Idempotency-Key`, retried when the
/// receiver may come back, not when it refused; a secret sent and never written down.
@Suite("webhook", .serialized)
struct WebhookTests {
    static let now = Instant.at("2026-11-02T09:00:00+08:00")
    static let boss = ActorIdentity(person: "boss", account: "b", host: "h")

    static func workflow(_ receiver: WebhookReceiver, with extra: String = "") -> String {
        """
        steward: 1
        id: hook
        inputs:
          path: { type: string, required: true }
        start: call
        states:
          call:
            type: action
            uses: webhook
            with:
              url: "\(receiver.base)${{ inputs.path }}"
              body: { year: "${{ 2026 }}", who: 李明 }
              headers: { X-Office: union }\(extra)
            output: answer
            retry: { max: 1, interval: 1m }
            catch:
              - error: http
                to: refused
            next: done
          refused: { type: final, outcome: rejected }
          done: { type: final }

        """
    }

    /// A project with the hook workflow, an instance started for `path`, and one tick.
    static func started(_ receiver: WebhookReceiver, path: String, extra: String = "") async throws
        -> (TestProject, Engine, String) {
        let project = try TestProject(workflows: ["hook": workflow(receiver, with: extra)])
        let engine = try project.engine(at: now)
        let id = try engine.start(workflow: "hook", inputs: ["path": path], actor: boss).id
        _ = try await engine.tickOnOwnThread()
        return (project, engine, id)
    }

    @Test("2xx: the answer's JSON is the output; the body goes as JSON with the idempotency key and the headers given")
    func success() async throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let (project, engine, id) = try await Self.started(receiver, path: "/ok")
        defer { project.remove() }
        let state = try engine.instance(id)
        #expect(state.status == .completed)
        let request = try #require(try receiver.requests().first)
        #expect(request["body"] as? String == #"{"year":2026,"who":"李明"}"#)
        #expect(request["type"] as? String == "application/json; charset=utf-8")
        #expect(request["office"] as? String == "union")
        #expect(request["key"] as? String == "\(id)/call/0/1")
        guard case .object(let answer)? = state.vars["answer"], case .object(let body)? = answer["body"] else {
            Issue.record("no answer in \(state.vars)")
            return
        }
        #expect(answer["status"] == .integer(200))
        #expect(body["received"] == .object(["who": "李明", "year": 2026]))
    }

    @Test("500 is tried again under the same idempotency key, then catch: decides")
    func serverError() async throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let (project, engine, id) = try await Self.started(receiver, path: "/fail500")
        defer { project.remove() }
        #expect(try engine.instance(id).status == .running, "waiting for the retry")
        _ = try await project.engine(at: Self.now.plus(minutes: 2)).tickOnOwnThread()
        #expect(try engine.instance(id).status == .rejected)
        let keys = try receiver.requests().map { $0["key"] as? String }
        #expect(keys.count == 2)
        #expect(keys[0] == keys[1] && keys[0] == "\(id)/call/0/1")
        let failures = try project.readStore().entries(instance: id).filter { $0.entry.event == "handler-failed" }
        let steps = failures.compactMap { $0.event?.fields["step"] as? String }
        #expect(steps.count == 2 && steps[0].hasPrefix("\(id)/call/0/1/") && steps[1].hasPrefix("\(id)/call/0/2/"),
                "each attempt has its own key (\(steps)); the receiver sees one operation")
        #expect(failures.allSatisfy { ($0.event?.fields["message"] as? String)?.contains("answered 500") == true })
    }

    @Test("400 is not tried again: catch: decides at once")
    func refused() async throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let (project, engine, id) = try await Self.started(receiver, path: "/bad400")
        defer { project.remove() }
        #expect(try engine.instance(id).status == .rejected)
        #expect(try receiver.requests().count == 1)
        let failure = try project.readStore().entries(instance: id).first { $0.entry.event == "handler-failed" }
        #expect(failure?.event?.fields["retryable"] as? Bool == false)
        #expect((failure?.event?.fields["message"] as? String)?.hasSuffix(#"/bad400 answered 400: {"error": "no such form"}"#) == true)
    }

    @Test("a receiver slower than 'timeout' fails the attempt with kind timeout, on time")
    func timeout() async throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let (project, _, id) = try await Self.started(receiver, path: "/slow?s=8", extra: "\n      timeout: 1s")
        defer { project.remove() }
        let failure = try project.readStore().entries(instance: id).first { $0.entry.event == "handler-failed" }
        #expect(failure?.event?.fields["kind"] as? String == "timeout", "\(String(describing: failure?.event))")
        // The handler's own limit of 1 s, not the engine giving up on it (its 60 s and a grace)
        // nor the receiver answering after 8 s.
        #expect((failure?.event?.fields["message"] as? String)?.hasSuffix("did not answer within the time limit") == true)
    }

    /// A webhook request as the engine makes it.
    static func request(_ url: String, _ more: ExpressionObject = [:], secret: String? = nil) -> StepRequest {
        var arguments = ExpressionObject([("url", .string(url))])
        for (key, value) in more.entries { arguments[key] = value }
        let folder = FileManager.default.temporaryDirectory
        return StepRequest(key: "i/call/0/1/1", operationKey: "i/call/0/1", instance: "i", workflow: "hook", state: "call",
                           attempt: 1, arguments: .object(arguments),
                           places: HandlerPlaces(outbox: folder, ledger: folder, documents: folder, templates: folder, work: folder),
                           deadline: .now + .seconds(30), secrets: secret.map { ["secret": $0] } ?? [:])
    }

    @Test("no redirect is followed, an answer over 1 MiB is cut, a closed port is a network failure worth retrying")
    func edges() async throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let redirected = await WebhookHandler().call(Self.request(receiver.base + "/redirect")).result
        #expect(redirected == .failure(StepFailure(kind: "http", message: "\(receiver.base)/redirect answered 302, sending the request elsewhere (\(receiver.base)/ok); give that address", retryable: false)))
        #expect(try receiver.requests().map { $0["path"] as? String } == ["/redirect"])

        guard case .success(.object(let big)) = await WebhookHandler().call(Self.request(receiver.base + "/big")).result,
              case .string(let text)? = big["body"] else {
            Issue.record("no cut answer")
            return
        }
        #expect(text.utf8.count == WebhookHandler.answerLimit && big["truncated"] == .bool(true))

        let closed = await WebhookHandler().call(Self.request("http://127.0.0.1:1/x")).result
        guard case .failure(let failure) = closed else { Issue.record("a closed port answered"); return }
        #expect(failure.kind == "network" && failure.retryable)
        #expect(failure.message == "http://127.0.0.1:1/x could not be reached: the connection was refused")

        let notHTTP = await WebhookHandler().call(Self.request("file:///etc/passwd")).result
        #expect((try? notHTTP.get()) == nil)
    }

    @Test("the secret goes as a bearer token or in the header named; secret_header sends it as it is")
    func secretHeaders() async throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        _ = await WebhookHandler().call(Self.request(receiver.base + "/ok", secret: "tok-1234"))
        _ = await WebhookHandler().call(Self.request(receiver.base + "/ok", ["secret_header": "X-Token"], secret: "tok-5678"))
        let seen = try receiver.requests()
        #expect(seen.map { $0["auth"] as? String } == ["Bearer tok-1234", nil])
        #expect(seen.map { $0["token"] as? String } == [nil, "tok-5678"])
    }

    @Test("the secret's value is in neither the store's file nor the audit log, even when the receiver echoes it")
    func secretNeverWritten() async throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let secret = "s3cr3t-token-7d41"
        let project = try TestProject(workflows: ["hook": Self.workflow(receiver, with: "\n      secret: HOOK_TOKEN")])
        defer { project.remove() }
        for path in ["/ok", "/fail500"] {
            #expect(try project.steward(["start", "hook", "--as", "boss", "--input", "path=\(path)"], now: Self.now).status == 0)
        }
        let tick = try project.steward(["tick"], now: Self.now, environment: ["STEWARD_SECRET_HOOK_TOKEN": secret])
        #expect(tick.status == 0, "\(tick)")
        #expect(try receiver.requests().map { $0["auth"] as? String } .allSatisfy { $0 == "Bearer " + secret })

        var written = Data()
        for suffix in ["", "-wal"] {
            written += (try? Data(contentsOf: URL(fileURLWithPath: project.storePath + suffix))) ?? Data()
        }
        #expect(!written.isEmpty)
        #expect(written.range(of: Data(secret.utf8)) == nil, "the store's bytes hold the secret")
        for arguments in [["audit", "log"], ["audit", "log", "--json"]] {
            let log = try project.steward(arguments, now: Self.now)
            #expect(log.status == 0)
            #expect(!log.stdout.contains(secret))
            #expect(log.stdout.contains("[redacted]"), "\(log)")
        }
    }

    @Test("killed while the receiver works, the tick leaves an idempotent step to the next one: called again with the same key")
    func crashBetweenCallAndResult() throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let project = try TestProject(workflows: ["hook": Self.workflow(receiver)])
        defer { project.remove() }
        #expect(try project.steward(["start", "hook", "--as", "boss", "--input", "path=/hang-once"], now: Self.now).status == 0)
        let tick = try project.spawn(["tick"], now: Self.now)
        #expect(try receiver.waitFor(1), "the first tick never called")
        tick.kill()
        #expect(tick.wait().crashed)

        let again = try project.steward(["tick"], now: Self.now)
        #expect(again.status == 0, "\(again)")
        let keys = try receiver.requests().map { $0["key"] as? String }
        #expect(keys.count == 2 && keys[0] == keys[1])
        let id = try #require(try project.readStore().allInstances().first?.id)
        let events = try project.readStore().entries(instance: id).map(\.entry.event)
        #expect(events.filter { $0 == "handler-succeeded" }.count == 1)
        #expect(!events.contains("step-flagged"))
        #expect(try project.readStore().allInstances().first?.status == .completed)
    }
}
