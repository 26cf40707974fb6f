import Foundation
import StewardCore
import StewardEngine
import StewardStore
import StewardTestSupport
import StewardTime
import Testing

/// Who may start and cancel, and whose clock counts: an insider can neither back-date what
/// they record nor act as someone the system does not know.
@Suite("who and when")
struct WhoAndWhenTests {
    static let now = Instant.at("2026-11-02T09:00:00+08:00")

    static let restricted = """
        steward: 1
        id: restricted
        starters: [office]
        start: sign
        states:
          sign:
            type: task
            assignee: { role: committee }
            actions: { ok: done }
          done: { type: final }

        """

    @Test("STEWARD_NOW is refused (64) unless steward.yaml says clock: manual, and nothing is written")
    func fixedClockOnlyWhenManual() throws {
        let project = try TestProject(workflows: ["sign-off": TestProject.signOff])
        defer { project.remove() }
        #expect(try project.steward(["start", "sign-off", "--as", "ann"], now: Self.now).status == 0)
        let before = try project.readStore().entries().count
        let config = try String(contentsOf: project.configFile, encoding: .utf8)
        try config.replacingOccurrences(of: "clock: manual", with: "clock: system")
            .write(to: project.configFile, atomically: true, encoding: .utf8)
        let refused = try project.steward(["start", "sign-off", "--as", "ann"], now: Self.now)
        #expect(refused.status == 64, "\(refused)")
        #expect(refused.stderr.contains("does not say 'clock: manual'"), "\(refused)")
        #expect(try project.readStore().entries().count == before)
        // Without STEWARD_NOW the machine's clock serves as always.
        #expect(try project.steward(["start", "sign-off", "--as", "ann"]).status == 0)
    }

    @Test("start and cancel name the person acting (64 without --as)")
    func startAndCancelNeedAPerson() throws {
        let project = try TestProject(workflows: ["sign-off": TestProject.signOff])
        defer { project.remove() }
        let start = try project.steward(["start", "sign-off"], now: Self.now)
        #expect(start.status == 64, "\(start)")
        #expect(start.stderr.contains("say who is acting"), "\(start)")
        let started = try project.steward(["start", "sign-off", "--as", "ann"], now: Self.now)
        let id = try #require(started.stdout.split(separator: " ").dropFirst().first.map { String($0.dropLast()) })
        let cancel = try project.steward(["cancel", id, "--reason", "重复"], now: Self.now)
        #expect(cancel.status == 64, "\(cancel)")
        #expect(try project.steward(["cancel", id, "--reason", "重复", "--as", "bob"], now: Self.now).status == 0)
        let entries = try project.readStore().entries(instance: id)
        #expect(entries.first?.entry.person == "ann")
        #expect(entries.last?.entry.person == "bob")
    }

    @Test("starters: only their members and the admins start or cancel; others are refused (2) and recorded")
    func starters() throws {
        let project = try TestProject(workflows: ["restricted": Self.restricted])
        defer { project.remove() }
        let engine = try project.engine(at: Self.now)
        func person(_ id: String) -> ActorIdentity { ActorIdentity(person: id, account: id, host: "h") }
        let refused = #expect(throws: EngineError.self) { try engine.start(workflow: "restricted", inputs: [:], actor: person("cat")) }
        #expect(refused?.kind == .refused)
        #expect(refused?.message == "cat may not start workflow 'restricted': only members of office (its 'starters') and the admins may")
        let started = try engine.start(workflow: "restricted", inputs: [:], actor: person("ann"))
        _ = try engine.start(workflow: "restricted", inputs: [:], actor: person("boss"))
        let cancel = #expect(throws: EngineError.self) {
            try engine.cancel(instance: started.id, reason: "不需要", actor: person("cat"))
        }
        #expect(cancel?.kind == .refused)
        #expect(try engine.instance(started.id).status == .running)
        #expect(try project.readStore().entries(instance: started.id).last?.entry.event == "refused")
        #expect(try engine.cancel(instance: started.id, reason: "不需要", actor: person("bob")).status == .cancelled)
    }

    @Test("a starters role the roster lacks is found by validate")
    func startersChecked() throws {
        let project = try TestProject(workflows: ["restricted": Self.restricted.replacingOccurrences(of: "[office]", with: "[ofice]")])
        defer { project.remove() }
        let result = try project.steward(["validate"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.contains("'ofice' is not a role of the roster"), "\(result)")
    }

    @Test("identity: os refuses an account that has no entry in the system's user list, whatever $USER says",
          .enabled(if: geteuid() == 0, "switching to a user id with no name needs root"))
    func unnamedAccount() throws {
        let project = try TestProject(workflows: ["sign-off": TestProject.signOff], identity: "os")
        defer { project.remove() }
        let engine = try project.engine(at: Self.now)
        let started = try engine.start(workflow: "sign-off", inputs: [:], actor: ActorIdentity(person: "boss", account: "root", host: "h"))
        let chmod = Process()
        chmod.executableURL = URL(fileURLWithPath: "/bin/chmod")
        chmod.arguments = ["-R", "a+rwX", project.root.path]
        try chmod.run()
        chmod.waitUntilExit()
        let before = try project.readStore().entries().count
        let running = try StewardProcess.Running(
            ["--reuid=54321", "--regid=54321", "--clear-groups", StewardProcess.binary.path, "act", started.id, "ok", "--as", "ann"],
            in: project.root, environment: ["USER": "ann", "STEWARD_NOW": "2026-11-02T10:00:00+08:00"],
            executable: URL(fileURLWithPath: "/usr/bin/setpriv"))
        let result = running.wait()
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("has no entry in the system's user list"), "\(result)")
        #expect(try engine.instance(started.id).status == .running)
        let entries = try project.readStore().entries()
        #expect(entries.count == before + 1 && entries.last?.entry.event == "refused", "the refusal is recorded, nothing else")
    }
}

/// A workflow's own failure during a person's act is refused as the workflow's error (1),
/// recorded, and changes nothing: never "recorded" with the instance failed behind it.
@Suite("the workflow's own errors")
struct WorkflowErrorTests {
    static let doubling = """
        steward: 1
        id: doubling
        start: draft
        states:
          draft:
            type: task
            assignee: { role: office }
            form:
              amount: { type: number }
            actions:
              submit: { to: done, set: { doubled: "${{ states.draft.form.amount * 2 }}" } }
          done: { type: final }

        """

    @Test("a set: that cannot be computed: exit 1, a refused entry, the instance unchanged")
    func setFails() throws {
        let project = try TestProject(workflows: ["doubling": Self.doubling])
        defer { project.remove() }
        let started = try project.steward(["start", "doubling", "--as", "ann"], now: WhoAndWhenTests.now)
        let id = try #require(started.stdout.split(separator: " ").dropFirst().first.map { String($0.dropLast()) })
        let acted = try project.steward(["act", id, "submit", "--as", "ann"], now: WhoAndWhenTests.now)
        #expect(acted.status == 1, "\(acted)")
        #expect(acted.stderr.contains("could not set 'doubled'") && acted.stderr.contains("[workflow-error]"), "\(acted)")
        let entries = try project.readStore().entries(instance: id)
        #expect(entries.map(\.entry.event) == ["started", "refused"])
        #expect(try project.steward(["act", id, "submit", "--as", "ann", "--field", "amount=2"], now: WhoAndWhenTests.now).status == 0)
    }
}

/// The tick gives a task its deadline once the calendar's missing year is added.
@Suite("deadlines placed when a year is added")
struct CalendarYearAddedTests {
    static let workflow = """
        steward: 1
        id: year-end
        calendar: office-days
        start: work
        states:
          work:
            type: task
            assignee: { role: office }
            due: 5 workdays
            actions: { done: end }
          end: { type: final }

        """

    static func calendar(_ last: Int) -> String {
        "name: office-days\nyears: [2026, \(last)]\nweekend: [saturday, sunday]\nholidays:\n"
            + (last >= 2027 ? "  2027-01-01: 元旦\n" : "  2026-10-01: 国庆节\n") + "workdays: {}\n"
    }

    @Test("a task opened without its deadline gets it at the first tick after the year is added; replay agrees")
    func placedByTheTick() throws {
        let project = try TestProject(workflows: ["year-end": Self.workflow])
        defer { project.remove() }
        let calendars = project.root.appendingPathComponent("calendars")
        try FileManager.default.createDirectory(at: calendars, withIntermediateDirectories: true)
        let file = calendars.appendingPathComponent("office-days.yaml")
        try Self.calendar(2026).write(to: file, atomically: true, encoding: .utf8)
        let started = try project.steward(["start", "year-end", "--as", "ann"], now: Instant.at("2026-12-29T10:00:00+08:00"))
        #expect(started.status == 0, "\(started)")
        let id = try #require(started.stdout.split(separator: " ").dropFirst().first.map { String($0.dropLast()) })
        let tickBefore = try project.steward(["tick"], now: Instant.at("2026-12-30T09:00:00+08:00"))
        #expect(!tickBefore.stdout.contains("deadlines placed"), "\(tickBefore)")

        try Self.calendar(2027).write(to: file, atomically: true, encoding: .utf8)
        let tick = try project.steward(["tick"], now: Instant.at("2026-12-31T09:00:00+08:00"))
        #expect(tick.status == 0, "\(tick)")
        #expect(tick.stdout.contains("deadlines placed in 1 instances"), "\(tick)")
        let engine = try project.engine(at: Instant.at("2026-12-31T09:00:00+08:00"))
        let task = try #require(try engine.instance(id).tasks.first)
        #expect(task.dueAt == Instant.at("2027-01-06T10:00:00+08:00"))
        #expect(try project.readStore().entries(instance: id).last?.entry.event == "calendar-updated")
        let again = try project.steward(["tick"], now: Instant.at("2026-12-31T09:01:00+08:00"))
        #expect(!again.stdout.contains("deadlines placed"), "once placed, nothing more to do: \(again)")
        #expect(try project.steward(["audit", "verify", "--replay"]).status == 0)
    }
}
