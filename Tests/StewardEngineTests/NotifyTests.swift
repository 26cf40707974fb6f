import StewardTestSupport
import Foundation
import StewardCore
import StewardEngine
import StewardExpressions
import StewardPlugins
import StewardStore
import StewardTime
import Testing

/// A delivery channel that remembers what it was handed; it fails the first `failures` calls.
final class FakeChannel: StepHandler, @unchecked Sendable {
    let contract: HandlerContract
    private let lock = NSLock()
    private var seen: [StepRequest] = []
    private var failures: Int

    init(name: String = "fake-mail", idempotent: Bool = true, failures: Int = 0) {
        contract = HandlerContract(
            name: name, version: "test", summary: "remembers messages", tier: .process,
            inputs: ["to", "subject", "body", "notice"].map { HandlerInput($0, .any) }, idempotent: idempotent)
        self.failures = failures
    }

    var requests: [StepRequest] { lock.withLock { seen } }

    func call(_ request: StepRequest) async -> StepOutcome {
        lock.withLock {
            seen.append(request)
            if failures > 0 {
                failures -= 1
                return .failure(kind: "mail-down", message: "the mail server did not answer", logs: [HandlerLog(level: .warn, message: "tried")])
            }
            return .success(["sent": true], logs: [HandlerLog(level: .info, message: "sent to \(request.text("notice") ?? "")")])
        }
    }
}

/// `notify`: people and roles expanded from the roster; its message in the trail, the outbox,
/// each person's notices and inbox; text from a template; delivery through channels.
@Suite("notify")
struct NotifyTests {
    static let workflow = """
        steward: 1
        id: announce
        inputs:
          who: { type: string, required: true }
          topic: { type: string, default: 年会 }
        start: tell
        states:
          tell:
            type: action
            uses: notify
            with:
              to: [{ role: committee }, dan, { person: "${{ inputs.who }}" }]
              subject: "通知：${{ inputs.topic }}"
              body: 请查收。
            retry: { max: 2, interval: 1m }
            catch:
              - error: unknown-recipient
                to: nobody
            next: done
          nobody: { type: final }
          done: { type: final }

        """

    static let now = Instant.at("2026-11-02T09:00:00+08:00")
    static let starter = ActorIdentity(person: "boss", account: "b", host: "h")

    /// A project with the workflow, `extra` lines added to its steward.yaml, and an engine whose
    /// registry has the built-ins and `channels`.
    static func setUp(_ workflow: String = workflow, extra: String = "", channels: [any StepHandler] = [],
                      at time: Instant = now) throws -> (TestProject, Engine) {
        let project = try TestProject(workflows: ["announce": workflow])
        if !extra.isEmpty {
            let config = try String(contentsOf: project.configFile, encoding: .utf8)
            try (config + extra + "\n").write(to: project.configFile, atomically: true, encoding: .utf8)
        }
        return (project, try engine(project, channels: channels, at: time))
    }

    static func engine(_ project: TestProject, channels: [any StepHandler], at time: Instant) throws -> Engine {
        var handlers = HandlerRegistry.builtIn
        for channel in channels { handlers.register(channel) }
        return Engine(project: try Project.load(configFile: project.configFile),
                      store: try SQLiteStore(path: project.storePath, options: SQLiteStore.Options()), handlers: handlers,
                      version: "test", clock: { time }, identity: ActorIdentity.engine(account: "test", host: "test"))
    }

    @Test("people and roles become the roster's people; the message is in the trail, one outbox file, and each one's notices and inbox")
    func reachesEveryone() async throws {
        let (project, engine) = try Self.setUp()
        defer { project.remove() }
        let id = try engine.start(workflow: "announce", inputs: ["who": "eve"], actor: Self.starter).id
        _ = try await engine.tickOnOwnThread()
        #expect(try engine.instance(id).status == .completed)

        let entry = try #require(try project.readStore().entries(instance: id).first { $0.entry.event == "handler-succeeded" })
        let notices = try #require(entry.details["notices"] as? [[String: Any]])
        #expect(notices.first?["people"] as? [String] == ["ann", "bob", "cat", "dan", "eve"])
        #expect(notices.first?["reason"] as? String == "notify")
        #expect(notices.first?["subject"] as? String == "通知：年会")

        let file = project.root.appendingPathComponent(String(format: "outbox/notice-%012lld-1.json", entry.entry.seq))
        let written = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        #expect(written["to"] as? [String] == ["ann", "bob", "cat", "dan", "eve"])
        #expect(written["body"] as? String == "请查收。")

        var dans: [String] = []
        try engine.notices(to: "dan", since: 0) { dans.append($0.notice.subject) }
        #expect(dans == ["通知：年会"])

        let notices2 = try project.steward(["notices", "--as", "eve"], now: Self.now)
        #expect(notices2.stdout.contains("通知：年会  [notify]  请查收。"), "\(notices2)")
        let inbox = try project.steward(["tasks", "--as", "dan"], now: Self.now.plus(minutes: 60))
        #expect(inbox.status == 0)
        #expect(inbox.stdout.contains("messages of the last 7 days"), "\(inbox)")
        #expect(inbox.stdout.contains("2026-11-02 09:00  通知：年会  \(id)"), "\(inbox)")
        let json = try project.steward(["tasks", "--as", "dan", "--json"], now: Self.now)
        #expect(json.stdout.contains("\"subject\" : \"通知：年会\""), "\(json)")
        #expect(try project.steward(["tasks", "--as", "dan"], now: Self.now.plus(minutes: 8 * 24 * 60)).stdout
                == "nothing waits for dan\n", "a week later the message has left the inbox")
    }

    @Test("a person the roster lacks fails the step at once, without its retries; catch: takes it")
    func unknownPerson() async throws {
        let (project, engine) = try Self.setUp()
        defer { project.remove() }
        let id = try engine.start(workflow: "announce", inputs: ["who": "zed"], actor: Self.starter).id
        _ = try await engine.tickOnOwnThread()
        #expect(try engine.instance(id).status == .completed, "caught, it went on to 'nobody'")
        let failures = try project.readStore().entries(instance: id).filter { $0.entry.event == "handler-failed" }
        #expect(failures.count == 1)
        let failure = try #require(failures.first?.event?.fields)
        #expect(failure["kind"] as? String == "unknown-recipient")
        #expect((failure["message"] as? String)?.contains("'zed' is not a person of the roster") == true, "\(failure)")
        #expect(try project.readStore().allTimers().isEmpty, "no retry is waiting")
    }

    @Test("the text of a template in the templates folder, its places filled from data; a place without a value fails")
    func template() async throws {
        let workflow = Self.workflow.replacingOccurrences(of: "body: 请查收。", with: """
            template: notices/meeting.txt
                  data: { place: 三楼会议室, when: { day: 周五 } }
            """)
        let (project, engine) = try Self.setUp(workflow)
        defer { project.remove() }
        let folder = project.root.appendingPathComponent("templates/notices")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("各位：{{ when.day }}在{{place}}开会（{{workflow}}）。".utf8).write(to: folder.appendingPathComponent("meeting.txt"))
        let id = try engine.start(workflow: "announce", inputs: ["who": "eve"], actor: Self.starter).id
        _ = try await engine.tickOnOwnThread()
        var bodies: [String] = []
        try engine.notices(to: "eve", since: 0) { if $0.notice.reason == "notify" { bodies.append($0.notice.body) } }
        #expect(bodies == ["各位：周五在三楼会议室开会（announce）。"])
        #expect(try engine.instance(id).status == .completed)

        try Data("{{ room }}".utf8).write(to: folder.appendingPathComponent("meeting.txt"))
        let second = try engine.start(workflow: "announce", inputs: ["who": "eve"], actor: Self.starter).id
        _ = try await engine.tickOnOwnThread()
        #expect(try engine.instance(second).status == .failed)
        let failed = try project.readStore().entries(instance: second).first { $0.entry.event == "handler-failed" }?.event?.fields
        #expect(failed?["kind"] as? String == "template")
        #expect((failed?["message"] as? String)?.contains("'{{room}}', which the step does not give") == true, "\(String(describing: failed))")
    }

    @Test("a template name that leaves the templates folder is refused", arguments: ["../steward.yaml", "/etc/passwd", "a/../../x"])
    func templateEscape(name: String) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = await NotifyHandler().call(Self.request(["to": "ann", "subject": "s", "template": .string(name)],
                                                              templates: folder))
        guard case .failure(let failure) = outcome.result else { Issue.record("\(name) was read"); return }
        #expect(failure.kind == "template" && !failure.retryable)
        #expect(failure.message.contains("inside the templates folder"), "\(failure.message)")
    }

    @Test("a link inside the templates folder that leads out of it is refused")
    func templateLink() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("out.txt"),
                                                   withDestinationURL: URL(fileURLWithPath: "/etc/hostname"))
        let outcome = await NotifyHandler().call(Self.request(["to": "ann", "subject": "s", "template": "out.txt"],
                                                              templates: folder))
        guard case .failure(let failure) = outcome.result else { Issue.record("the link was followed"); return }
        #expect(failure.message.contains("leads out of the templates folder"), "\(failure.message)")
    }

    /// A notify request as the engine makes it, with the test roster.
    static func request(_ arguments: ExpressionObject, templates: URL) -> StepRequest {
        let roster = HandlerRoster(people: [HandlerRoster.Person(id: "ann", name: "Ann")], roles: [:])
        let places = HandlerPlaces(outbox: templates, ledger: templates, documents: templates, templates: templates, work: templates)
        return StepRequest(key: "i/tell/0/1/1", operationKey: "i/tell/0/1", instance: "i", workflow: "announce", state: "tell",
                           attempt: 1, arguments: .object(arguments), places: places, deadline: .now + .seconds(30),
                           context: HandlerContext(roster: roster, handlers: .builtIn))
    }

    @Test("each message goes to steward.yaml's channels with the people's contacts and the notice id; a retry hands the same id")
    func channels() async throws {
        let channel = FakeChannel(failures: 1)
        let (project, _) = try Self.setUp(extra: "channels: [fake-mail]", channels: [channel])
        defer { project.remove() }
        try Data(TestProject.roster(rootAdmin: true).replacingOccurrences(of: "dan:  { name: Dan, account: dan }",
                 with: "dan:  { name: 丹, account: dan, email: dan@example.org }").utf8)
            .write(to: project.root.appendingPathComponent("roster.yaml"))
        let engine = try Self.engine(project, channels: [channel], at: Self.now)
        let id = try engine.start(workflow: "announce", inputs: ["who": "eve"], actor: Self.starter).id
        _ = try await engine.tickOnOwnThread()
        #expect(channel.requests.count == 1)
        let failed = try project.readStore().entries(instance: id).first { $0.entry.event == "handler-failed" }
        #expect(failed?.event?.fields["kind"] as? String == "delivery")
        #expect((failed?.details["logs"] as? [String]) == ["warn: channel fake-mail: tried"])
        #expect(try engine.hasNoNotices("dan"), "a message not delivered is not in anyone's notices")

        _ = try await Self.engine(project, channels: [channel], at: Self.now.plus(minutes: 2)).tickOnOwnThread()
        #expect(try engine.instance(id).status == .completed)
        let requests = channel.requests
        #expect(requests.count == 2)
        #expect(requests.map { $0.text("notice") } == [requests[0].operationKey, requests[0].operationKey])
        #expect(requests[0].attempt == 1 && requests[1].attempt == 2)
        guard case .list(let people)? = requests[1].argument("to") else { Issue.record("no 'to'"); return }
        #expect(people.count == 5)
        #expect(people[3] == .object(["id": "dan", "name": "丹", "email": "dan@example.org"]))
        #expect(people[0] == .object(["id": "ann", "name": "Ann"]))
        #expect(requests[1].text("subject") == "通知：年会" && requests[1].text("body") == "请查收。")
        let succeeded = try project.readStore().entries(instance: id).first { $0.entry.event == "handler-succeeded" }
        #expect((succeeded?.details["logs"] as? [String])?.first?.hasPrefix("info: channel fake-mail: sent to announce-") == true,
                "\(String(describing: succeeded?.details["logs"]))")
    }

    @Test("a step's channel: replaces steward.yaml's; one that is not installed or not idempotent fails the step, not retried")
    func channelRefused() async throws {
        let sloppy = FakeChannel(name: "sloppy", idempotent: false)
        for (name, expected) in [("nowhere", "no delivery channel named 'nowhere' is installed"),
                                 ("sloppy", "'sloppy' cannot be a channel: it is not idempotent")] {
            let workflow = Self.workflow.replacingOccurrences(of: "body: 请查收。", with: "body: 请查收。\n      channel: \(name)")
            let (project, engine) = try Self.setUp(workflow, extra: "channels: [fake-mail]", channels: [FakeChannel(), sloppy])
            defer { project.remove() }
            let id = try engine.start(workflow: "announce", inputs: ["who": "eve"], actor: Self.starter).id
            _ = try await engine.tickOnOwnThread()
            #expect(try engine.instance(id).status == .failed)
            let failures = try project.readStore().entries(instance: id).filter { $0.entry.event == "handler-failed" }
            #expect(failures.count == 1)
            #expect((failures.first?.event?.fields["message"] as? String)?.contains(expected) == true,
                    "\(String(describing: failures.first?.event?.fields))")
        }
        #expect(sloppy.requests.isEmpty)
    }
}

extension Engine {
    /// Whether `person` has no notices at all.
    func hasNoNotices(_ person: String) throws -> Bool {
        var none = true
        try notices(to: person, since: 0) { _ in none = false }
        return none
    }
}
