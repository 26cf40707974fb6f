import Foundation
import StewardAudit
import StewardCore
import StewardExpressions
import StewardModel
import StewardPlugins
import StewardStore
import StewardTime

/// One author test being run: its throwaway store and folders, its engine and fake clock.
struct AuthorTestSession {
    let file: AuthorTestFile
    let test: AuthorTest
    let engine: Engine
    let clock: AuthorTestClock
    let board: MockBoard
    let compiled: CompiledWorkflow
    let calendar: WorkingCalendar?
    var instance = ""
    /// The state of every task seen open, by task id: reminders and escalations name task ids.
    var taskStates: [String: String] = [:]

    init(runner: AuthorTestRunner, file: AuthorTestFile, test: AuthorTest, folder: URL) throws {
        self.file = file
        self.test = test
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // The project as it is, except that nothing it names is written: no checkpoints.
        var config = runner.project.config
        config.checkpoints = nil
        let roster = test.roles.isEmpty ? runner.project.roster : runner.project.roster?.replacingMembers(test.roles)
        let project = Project(root: runner.project.root, configFile: runner.project.configFile, config: config,
                              roster: roster, calendars: runner.project.calendars, zone: runner.project.zone,
                              findings: runner.project.findings, environment: runner.project.environment)
        compiled = try project.compile(workflow: file.workflow.value, handlers: runner.handlers)
        calendar = compiled.workflow.calendar.flatMap { project.calendars[$0.value] }
        clock = AuthorTestClock((file.clock ?? AuthorTestRunner.defaultClock).instant(in: project.zone))
        board = MockBoard(file.mocks.merging(test.mocks) { _, own in own })
        let store = try SQLiteStore(path: folder.appendingPathComponent("test.db").path)
        let clock = clock
        engine = Engine(project: project, store: store, handlers: MockingHandler.wrap(runner.handlers, board: board),
                        version: "test", clock: { clock.now }, clockNote: nil,
                        identity: ActorIdentity.engine(account: "steward-test", host: "steward-test"),
                        folders: EngineFolders(inside: folder))
        engine.followsSchedules = false
    }

    func actor(_ person: String) -> ActorIdentity {
        ActorIdentity(person: person, account: "steward-test", host: "steward-test")
    }

    mutating func run() throws {
        let starter = try test.starter ?? defaultStarter()
        do {
            instance = try engine.start(compiled, inputs: test.inputs, actor: actor(starter)).id
        } catch {
            throw stop(line: test.location.line, step: "start (as \(starter))", "the instance could not start: \(error.message)"
                       + (error.reason.map { " [\($0)]" } ?? ""), isError: true)
        }
        try settle(line: test.location.line, step: "start")
        for (index, step) in test.steps.enumerated() {
            try perform(step, number: index + 1)
        }
        if let expect = test.expect {
            try check(expect, line: expect.location.line, step: "expect")
        }
    }

    private func defaultStarter() throws -> String {
        guard let first = engine.project.roster?.roles["union-office"]?.members.first else {
            throw stop(line: test.location.line, step: "start", "the test names no starter ('as') and the roster's "
                       + "role 'union-office' has no member", isError: true)
        }
        return first
    }

    private mutating func perform(_ step: AuthorTestStep, number: Int) throws {
        let line = step.location.line
        switch step.kind {
        case let .act(person, action, task, fields, comment, refused):
            let words = "step \(number) (\(person) \(action)\(task.map { " \($0)" } ?? ""))"
            var refusal: EngineError?
            do {
                _ = try engine.act(instance: instance, action: action, state: task, fields: [:], typed: fields,
                                   comment: comment, actor: actor(person))
            } catch {
                refusal = error
            }
            let reason = refusal.map { $0.reason ?? $0.kind.rawValue }
            if let refusal, let reason, reason != refused {
                throw stop(line: line, step: words, "refused: \(refusal.message) [\(reason)]",
                           refused.map { [AuthorTestDifference(what: "refused", expected: $0, actual: reason)] } ?? [])
            }
            if let refused, refusal == nil {
                throw stop(line: line, step: words, "expected a refusal [\(refused)], but the action went through",
                           [AuthorTestDifference(what: "refused", expected: refused, actual: "(went through)")])
            }
            try settle(line: line, step: words)
        case .advance(let duration):
            let to: Instant
            do {
                to = try duration.deadline(from: clock.now, zone: engine.project.zone, calendar: calendar)
            } catch {
                throw stop(line: line, step: "step \(number) (advance \(duration))", "the clock cannot move by \(duration): \(error)",
                           isError: true)
            }
            clock.set(to)
            try settle(line: line, step: "step \(number) (advance \(duration))")
        case .advanceTo(let time):
            let to = time.instant(in: engine.project.zone)
            let words = "step \(number) (advance_to)"
            guard to >= clock.now else {
                throw stop(line: line, step: words, "advance_to would move the clock back, from \(clock.now.iso8601(in: engine.project.zone))",
                           isError: true)
            }
            clock.set(to)
            try settle(line: line, step: words)
        case .tick:
            try settle(line: line, step: "step \(number) (tick)")
        case .expect(let expect):
            try check(expect, line: line, step: "step \(number) (expect)")
        }
    }

    /// Ticks until nothing is left to do at this time, as `steward tick` would from cron
    /// before anyone looks; a handler that needs a mock and has none stops the test.
    private mutating func settle(line: Int, step: String) throws {
        for _ in 0..<50 {
            let report: TickReport
            do {
                report = try engine.tick()
            } catch {
                throw stop(line: line, step: step, "the tick failed: \(error.message)", isError: true)
            }
            if let missing = board.takeUnmocked().first {
                throw stop(line: line, step: step, "state '\(missing.state)' calls '\(missing.handler)', which a test must mock: "
                           + "add '\(missing.state): { output: {} }' (or 'fail:') under 'mocks'", isError: true)
            }
            try remember()
            if report.stepsRun == 0 && report.timersFired == 0 && report.started == 0 { return }
        }
    }

    /// Notes the open tasks' states, for reminders and escalations found later in the trail.
    mutating func remember() throws {
        let state = try current()
        for task in state.tasks { taskStates[task.id] = task.state }
    }

    func current() throws -> InstanceState {
        do {
            return try engine.instance(instance)
        } catch {
            throw stop(line: test.location.line, step: "reading the instance", error.message, isError: true)
        }
    }

    func stop(line: Int, step: String, _ message: String, _ differences: [AuthorTestDifference] = [],
              isError: Bool = false) -> AuthorTestStop {
        AuthorTestStop(failure: AuthorTestFailure(line: line, step: step, message: message, differences: differences),
                       isError: isError)
    }
}
