import Foundation
import StewardEngine
import StewardStore
import StewardTime
import Testing

/// Lists that never lie by omission: filters that say what they keep, pages that hold
/// together, totals that are counts, and a whole instance id found without reading every id.
@Suite("lists of instances and tasks")
struct ListTests {
    static let workflows = ["sign-off": TestProject.signOff, "review": InboxTests.workflow]
    static let day1 = Instant.at("2026-11-02T09:00:00+08:00")
    static let day2 = Instant.at("2026-11-03T09:00:00+08:00")
    static let engineActor = ActorIdentity.engine(account: "test", host: "h")

    static func person(_ id: String) -> ActorIdentity { ActorIdentity(person: id, account: id, host: "h") }

    /// Starts `workflow` at `now`, one instance, by the engine (no person).
    static func start(_ workflow: String, in project: TestProject, at now: Instant) throws -> String {
        try project.engine(at: now).start(workflow: workflow, inputs: [:], actor: engineActor).id
    }

    @Test("status keeps an instance by workflow, status, start and person (an open task, or an act that was not refused)")
    func instanceFilters() throws {
        let project = try TestProject(workflows: Self.workflows)
        defer { project.remove() }
        let s1 = try Self.start("sign-off", in: project, at: Self.day1)
        let s2 = try Self.start("sign-off", in: project, at: Self.day1.plus(minutes: 1))
        let r1 = try Self.start("review", in: project, at: Self.day2)
        let r2 = try Self.start("review", in: project, at: Self.day2.plus(minutes: 1))
        let engine = try project.engine(at: Self.day2.plus(minutes: 10))
        _ = try engine.act(instance: s1, action: "ok", state: nil, fields: [:], comment: nil, actor: Self.person("bob"))
        #expect(throws: EngineError.self) {
            try engine.act(instance: s2, action: "ok", state: nil, fields: [:], comment: nil, actor: Self.person("dan"))
        }
        _ = try engine.cancel(instance: r2, reason: "merged", actor: Self.person("boss"))

        func ids(_ filter: InstanceFilter) throws -> [String] {
            let page = try engine.instances(filter, limit: 100)
            #expect(page.total == page.items.count && page.offset == 0 && page.next == nil, "\(filter)")
            return page.items.map(\.id)
        }
        #expect(try ids(InstanceFilter()) == [r2, r1, s2, s1])
        #expect(try ids(InstanceFilter(workflow: "review")) == [r2, r1])
        #expect(try ids(InstanceFilter(status: .running)) == [r1, s2])
        #expect(try ids(InstanceFilter(status: .completed)) == [s1])
        #expect(try ids(InstanceFilter(status: .cancelled)) == [r2])
        #expect(try ids(InstanceFilter(since: Self.day2.millisecondsSinceEpoch)) == [r2, r1])
        // bob decided s1, and s2 and r1 wait for him; r2's task closed when it was cancelled.
        #expect(try ids(InstanceFilter(person: "bob")) == [r1, s2, s1])
        #expect(try ids(InstanceFilter(status: .running, person: "bob")) == [r1, s2])
        #expect(try ids(InstanceFilter(workflow: "sign-off", person: "bob")) == [s2, s1])
        #expect(try ids(InstanceFilter(person: "boss")) == [r2])
        #expect(try ids(InstanceFilter(person: "cat")) == [r1])
        // dan was refused on s2: an attempt is not taking part.
        #expect(try ids(InstanceFilter(person: "dan")) == [])

        func tasks(_ filter: TaskFilter) throws -> [String] { try engine.inbox(filter, limit: 100).items.map(\.instance) }
        #expect(try tasks(TaskFilter()) == [s2, r1])
        #expect(try tasks(TaskFilter(person: "bob")) == [s2, r1])
        #expect(try tasks(TaskFilter(person: "cat")) == [r1])
        #expect(try tasks(TaskFilter(person: "bob", workflow: "sign-off")) == [s2])
        #expect(try tasks(TaskFilter(since: Self.day2.millisecondsSinceEpoch)) == [r1])
    }

    @Test("pages go through every instance once, in order, each saying where it stands and how many match")
    func pages() throws {
        let project = try TestProject(workflows: Self.workflows)
        defer { project.remove() }
        // Three start at the same moment: the id orders them.
        for minute in [0, 1, 2, 3, 3, 3, 4] {
            _ = try Self.start("sign-off", in: project, at: Self.day1.plus(minutes: Int64(minute)))
        }
        let engine = try project.engine(at: Self.day2)
        let whole = try engine.instances(InstanceFilter(), limit: 100).items
        #expect(whole.count == 7)
        let keys = whole.map { ($0.startedAt.millisecondsSinceEpoch, $0.id) }
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0.0 > $1.0 || ($0.0 == $1.0 && $0.1 > $1.1) }, "\(keys)")

        var seen: [String] = []
        var after: String?
        var offsets: [Int] = []
        repeat {
            let page = try engine.instances(InstanceFilter(), after: after, limit: 3)
            #expect(page.total == 7)
            offsets.append(page.offset)
            seen += page.items.map(\.id)
            after = page.next
            #expect(page.next == nil || page.next == page.items.last?.id)
        } while after != nil
        #expect(seen == whole.map(\.id))
        #expect(offsets == [0, 3, 6])

        // The cursor may be a part of an id, as everywhere an instance is named.
        let tail = try #require(whole[2].id.split(separator: "-").last.map(String.init))
        #expect(try engine.instances(InstanceFilter(), after: tail, limit: 100).items.map(\.id) == whole.dropFirst(3).map(\.id))
        #expect(throws: EngineError(.notFound, "no instance 'nope-1234'; 'steward status' lists them")) {
            try engine.instances(InstanceFilter(), after: "nope-1234", limit: 3)
        }
        #expect(throws: EngineError.self) { try engine.instances(InstanceFilter(), limit: 0) }

        // An instance that stops matching while someone pages does not move the pages after it.
        let running = try engine.instances(InstanceFilter(status: .running), limit: 2)
        let last = try #require(running.next)
        _ = try engine.act(instance: last, action: "ok", state: nil, fields: [:], comment: nil, actor: Self.person("ann"))
        let rest = try engine.instances(InstanceFilter(status: .running), after: last, limit: 100)
        #expect(running.items.map(\.id) + rest.items.map(\.id) == whole.map(\.id))
        #expect(rest.items.count == 5 && rest.total == 6 && rest.next == nil)

        // The inbox pages the same way, oldest first, by task id.
        var tasks: [String] = []
        var taskAfter: String?
        repeat {
            let page = try engine.inbox(TaskFilter(person: "bob"), after: taskAfter, limit: 4)
            #expect(page.total == 6)
            tasks += page.items.map(\.task)
            taskAfter = page.next
        } while taskAfter != nil
        #expect(tasks == whole.reversed().map(\.id).filter { $0 != last }.map { "\($0).task1" })
        #expect(throws: EngineError.self) { try engine.inbox(TaskFilter(), after: "nope", limit: 4) }
    }

    /// 1,001 instances started at one moment, each with a task for ann and bob: `status`
    /// shows 200 and `tasks` 1,000, and each says what it left out and how to see it.
    @Test("status and tasks cut at 200 and 1000 by default and end with the count and the next page")
    func defaultPages() throws {
        let project = try TestProject(workflows: Self.workflows)
        defer { project.remove() }
        let engine = try project.engine(at: Self.day1, synchronous: .normal)
        var ids: [String] = []
        for _ in 0..<1_001 { ids.append(try engine.start(workflow: "sign-off", inputs: [:], actor: Self.engineActor).id) }
        let newest = ids.sorted(by: >)
        let oldest = ids.sorted()

        let status = try project.steward(["status"], now: Self.day2)
        let lines = status.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 201, "\(status.stderr)")
        #expect(lines.first?.hasPrefix(newest[0] + "  ") == true)
        #expect(lines.last == "showing 1-200 of 1001 instances; next page: --after \(newest[199])")
        let second = try project.steward(["status", "--after", newest[199]], now: Self.day2)
        #expect(second.stdout.split(separator: "\n").first.map(String.init)?.hasPrefix(newest[200] + "  ") == true)
        #expect(second.stdout.hasSuffix("showing 201-400 of 1001 instances; next page: --after \(newest[399])\n"))

        let inbox = try project.steward(["tasks", "--as", "ann", "--brief"], now: Self.day2)
        let rows = inbox.stdout.split(separator: "\n").map(String.init)
        #expect(rows.count == 1_001, "\(inbox.stderr)")
        #expect(rows.last == "showing 1-1000 of 1001 tasks; next page: --after \(oldest[999]).task1")
        let last = try project.steward(["tasks", "--as", "ann", "--after", "\(oldest[999]).task1", "--brief"], now: Self.day2)
        #expect(last.stdout.split(separator: "\n").map(String.init)
                == ["\(oldest[1_000])  sign 「sign」 Ann (ann), Bob (bob)", "showing 1001-1001 of 1001 tasks"], "\(last)")

        // --json: the items, where they start, the true total and the next page's --after.
        let json = try project.steward(["status", "--json", "--limit", "3", "--after", newest[199]], now: Self.day2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == Array(newest[200..<203]))
        #expect(object["offset"] as? Int == 200)
        #expect(object["total"] as? Int == 1_001)
        #expect(object["next"] as? String == newest[202])
        let end = try project.steward(["tasks", "--all", "--json", "--after", "\(oldest[999]).task1"], now: Self.day2)
        let tail = try #require(try JSONSerialization.jsonObject(with: Data(end.stdout.utf8)) as? [String: Any])
        #expect(tail["total"] as? Int == 1_001 && tail["offset"] as? Int == 1_000 && tail["next"] == nil, "\(end)")
    }
}
