import Foundation
import StewardCore
import StewardEngine
import StewardStore
import StewardTime
import Testing

/// The shipped 职工诉求 workflow end to end: readers, a late cadre's task taken over and the
/// cadre told, the worker reopening up to the limit, the ledger; the notices read as sentences.
@Suite("worker-request")
struct WorkerRequestTests {
    typealias P = ShippedProject

    @Test("intake, a late cadre escalated and told, reopened once, refused a second time, confirmed, archived; replay agrees")
    func endToEnd() throws {
        let project = try P.make("worker-request")
        defer { project.remove() }
        let monday = Instant.at("2026-03-02T09:00:00+08:00")
        var engine = try project.engine(at: monday)
        let started = try engine.start(workflow: "worker-request",
                                       inputs: ["worker": "huang.li", "subject": "食堂排队太久", "days": "3", "max_reopen": "1"],
                                       actor: P.person("huang.li"))
        let id = started.id
        _ = try engine.act(instance: id, action: "accept", state: nil, fields: ["cadre": "liu.yang"], comment: nil,
                           actor: P.person("li.ming"))

        // Who may read it: the worker, the cadre, the union office, the admins; nobody else.
        let state = try engine.instance(id)
        for reader in ["huang.li", "liu.yang", "li.ming", "wang.fang", "sun.hong"] {
            #expect(try engine.mayRead(reader, state), "\(reader)")
        }
        let refused = #expect(throws: EngineError.self) { try engine.checkReader("zhou.min", state) }
        #expect(refused?.reason == "not-a-reader")
        #expect(refused?.exitCode == 2)

        // 3 working days from Monday: Thursday 5 March, said as a sentence.
        let opened = try #require(try P.notices(engine, to: "liu.yang").last)
        #expect(opened.reason == "task-opened")
        #expect(opened.body == "请于 3月5日前完成「办理诉求：食堂排队太久」")

        // Friday: late. The union office takes it over, and the cadre is told.
        engine = try project.engine(at: Instant.at("2026-03-06T09:00:00+08:00"))
        _ = try engine.tick()
        #expect(try engine.instance(id).tasks.first?.assignees == ["li.ming", "wang.fang"])
        let told = try P.notices(engine, to: "liu.yang")
        let taken = try #require(told.first { $0.reason == "taken" })
        #expect(taken.body.contains("李明") || taken.body.contains("li.ming"))
        #expect(told.contains { $0.reason == "reminder" }, "the cadre was reminded before the deadline")
        #expect(try engine.inbox(TaskFilter(person: "liu.yang"), limit: 10).items.isEmpty)

        _ = try engine.act(instance: id, action: "done", state: nil, fields: ["result": "已增开窗口"], comment: nil,
                           actor: P.person("li.ming"))
        _ = try engine.act(instance: id, action: "reopen", state: nil, fields: [:], comment: "周五仍排队",
                           actor: P.person("huang.li"))
        #expect(try engine.instance(id).vars["reopened"] == .integer(1))
        #expect(try engine.instance(id).tasks.first?.assignees == ["liu.yang"], "back to the cadre chosen in triage")
        engine = try project.engine(at: Instant.at("2026-03-06T11:00:00+08:00"))
        _ = try engine.act(instance: id, action: "done", state: nil, fields: ["result": "已调整开饭时间"], comment: nil,
                           actor: P.person("liu.yang"))
        let again = #expect(throws: EngineError.self) {
            try engine.act(instance: id, action: "reopen", state: nil, fields: [:], comment: "还是不行",
                           actor: P.person("huang.li"))
        }
        #expect(again?.reason == "action-not-allowed", "one reopening is the limit")
        _ = try engine.act(instance: id, action: "confirm", state: nil, fields: [:], comment: nil, actor: P.person("huang.li"))
        _ = try engine.tick()
        #expect(try engine.instance(id).status == .completed)
        let refusals = try project.readStore().entries(instance: id).filter { $0.refusal != nil }
        #expect(refusals.map(\.refusal) == ["action-not-allowed"])
        let replay = try engine.replayAll()
        #expect(replay.mismatches.isEmpty, "\(replay.mismatches)")
    }

    @Test("status and audit log of an instance refuse a person who is not a reader (exit 2); the lists and every notice leave it out")
    func readersThroughTheCommands() throws {
        let project = try P.make("worker-request")
        defer { project.remove() }
        let now = Instant.at("2026-03-02T09:00:00+08:00")
        let engine = try project.engine(at: now)
        let id = try engine.start(workflow: "worker-request", inputs: ["worker": "huang.li", "subject": "加班费"],
                                  actor: P.person("huang.li")).id
        let outsider = try project.steward(["status", id, "--as", "zhou.min"], now: now)
        #expect(outsider.status == 2)
        #expect(outsider.stderr.contains("[not-a-reader]"))
        #expect(!outsider.stdout.contains("加班费"))
        #expect(try project.steward(["status", id, "--as", "huang.li"], now: now).status == 0)
        #expect(try project.steward(["audit", "log", "--instance", id, "--as", "zhou.min"], now: now).status == 2)
        #expect(try project.steward(["audit", "log", "--instance", id, "--as", "li.ming"], now: now).status == 0)
        let list = try project.steward(["status", "--as", "zhou.min"], now: now)
        #expect(list.status == 0)
        #expect(!list.stdout.contains(id))
        #expect(list.stdout.contains("1 not shown"))
        let all = try project.steward(["tasks", "--all", "--as", "zhou.min"], now: now)
        #expect(!all.stdout.contains(id))
        #expect(try project.steward(["tasks", "--all", "--as", "li.ming"], now: now).stdout.contains(id))
        // Every notice, asked for by someone who may not read the request, leaves its notices out.
        let notices = try project.steward(["notices", "--all", "--as", "zhou.min"], now: now)
        #expect(notices.status == 0)
        #expect(!notices.stdout.contains("加班费"), "\(notices.stdout)")
        #expect(notices.stdout.contains("not shown: zhou.min may not read their instances"), "\(notices.stdout)")
        #expect(try project.steward(["notices", "--all", "--as", "li.ming"], now: now).stdout.contains("加班费"))
        // The whole log, the auditor's report and the ledger export, asked for by the outsider.
        let log = try project.steward(["audit", "log", "--as", "zhou.min"], now: now)
        #expect(log.status == 0 && !log.stdout.contains("加班费") && log.stderr.contains("not shown"), "\(log)")
        #expect(try project.steward(["audit", "report", "--instance", id, "--as", "zhou.min"], now: now).status == 2)
        let ledger = try project.steward(["ledger", "export", "--as", "zhou.min"], now: now)
        #expect(ledger.status == 0 && !ledger.stdout.contains("加班费"), "\(ledger)")
        #expect(try project.steward(["ledger", "export", "--as", "li.ming"], now: now).stdout.contains("加班费"))
    }

    @Test("a worker who does not answer is taken as satisfied when the confirmation is late")
    func confirmationLate() throws {
        let project = try P.make("worker-request")
        defer { project.remove() }
        var engine = try project.engine(at: Instant.at("2026-03-02T09:00:00+08:00"))
        let id = try engine.start(workflow: "worker-request", inputs: ["worker": "huang.li", "subject": "宿舍维修"],
                                  actor: P.person("huang.li")).id
        _ = try engine.act(instance: id, action: "accept", state: nil, fields: ["cadre": "zhou.min"], comment: nil,
                           actor: P.person("wang.fang"))
        _ = try engine.act(instance: id, action: "done", state: nil, fields: ["result": "已修"], comment: nil,
                           actor: P.person("zhou.min"))
        engine = try project.engine(at: Instant.at("2026-03-16T09:00:00+08:00"))
        _ = try engine.tick()
        _ = try engine.tick()
        let ended = try engine.instance(id)
        #expect(ended.status == .completed)
        #expect(ended.scopes[0].records["confirm"]?.action == "confirm")
    }
}
