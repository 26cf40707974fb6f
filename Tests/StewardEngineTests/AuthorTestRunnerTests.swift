import Foundation
import StewardEngine
import StewardYAML
import Testing

/// The runner of author tests (`steward test`): steps, mocks, expectations, and that a run
/// leaves the project as it was.
@Suite("author tests")
struct AuthorTestRunnerTests {
    /// Ann (office, also on the committee) asks for leave; the committee checks it; a webhook
    /// books it and the office is told.
    static let leave = """
        steward: 1
        id: leave
        start: ask
        states:
          ask:
            type: task
            assignee: { role: office }
            form:
              days: { type: integer, required: true }
            due: 2 days
            remind: [1 day before due]
            escalate:
              - after: due
                to: { role: committee }
            actions:
              send: { to: check }
          check:
            type: task
            assignee: { role: committee }
            separate_from: [ask]
            actions:
              ok: { to: book }
              no: { to: ask, require: [comment] }
          book:
            type: action
            uses: webhook
            with: { url: "https://example.org/leave", body: { days: "${{ states.ask.form.days }}" } }
            catch:
              - error: any
                to: broken
            next: tell
          tell:
            type: action
            uses: notify
            with: { to: { role: office }, subject: 请假已登记 }
            next: done
          broken: { type: final, outcome: failed }
          done: { type: final }

        """

    /// Runs the test file `text` in a fresh project; returns the findings and results.
    func run(_ text: String, check: (TestProject) throws -> Void = { _ in }) throws -> AuthorTestRun {
        let project = try TestProject(workflows: ["leave": Self.leave])
        defer { project.remove() }
        let loaded = try Project.load(configFile: project.configFile)
        let runner = AuthorTestRunner(project: loaded, handlers: loaded.handlers().registry)
        var run = AuthorTestRun()
        let (file, findings) = runner.read(YAMLSource(path: "leave.test.yaml", bytes: Array(text.utf8)))
        run.diagnostics = findings
        if let file { run.results = runner.run(file) }
        try check(project)
        return run
    }

    static let header = """
        workflow: leave
        clock: 2026-03-02 09:00
        mocks:
          webhook: { output: { status: 200 } }
        tests:

        """

    @Test("a test that holds passes: acts, mocked webhook, notify run for real, expectations at the end")
    func passes() throws {
        let result = try run(Self.header + """
              - name: 请假三天
                as: ann
                steps:
                  - { as: ann, do: send, task: ask, fields: { days: 3 } }
                  - expect: { state: check, tasks: [ { task: check, assignees: [ann, bob, cat] } ] }
                  - { as: bob, do: ok, task: check }
                expect:
                  state: done
                  outcome: completed
                  tasks: []
                  trail: [started, acted, acted, handler-succeeded, handler-succeeded]
            """) { project in
            // notify ran, but into a throwaway folder: nothing of the project's was written.
            for folder in ["outbox", "ledger", "documents", ".steward"] {
                #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent(folder).path), "\(folder)")
            }
        }
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.results.map(\.status) == [.passed], "\(result.results)")
    }

    @Test("an expectation not met fails at its step, with each difference")
    func fails() throws {
        let result = try run(Self.header + """
              - name: 期望不符
                as: ann
                steps:
                  - { as: ann, do: send, task: ask, fields: { days: 3 } }
                  - expect:
                      state: done
                      tasks: [ { task: check, assignees: [dan] } ]
                      vars: { days: 3 }
            """)
        let failure = try #require(result.results.first?.failure)
        #expect(result.results.first?.status == .failed)
        #expect(failure.line == 10 && failure.step == "step 2 (expect)", "\(failure)")
        #expect(failure.differences == [
            AuthorTestDifference(what: "state", expected: "done", actual: "check"),
            AuthorTestDifference(what: "task check", expected: "check → dan", actual: "check → ann, bob, cat"),
            AuthorTestDifference(what: "vars.days", expected: "3", actual: "(not set)"),
        ])
    }

    @Test("refusals: the reason expected passes, another reason or none fails")
    func refusals() throws {
        let result = try run(Self.header + """
              - name: 四眼原则
                as: ann
                steps:
                  - { as: ann, do: send, task: ask, fields: { days: 1 } }
                  - { as: ann, do: ok, task: check, refused: four-eyes }
                  - { as: bob, do: no, task: check, refused: missing-required }
                  - { as: bob, do: send, task: check, refused: action-not-allowed }
                expect: { state: check, trail: [started, acted, refused, refused, refused] }
              - name: 理由不符
                as: ann
                steps:
                  - { as: ann, do: send, task: ask, fields: { days: 1 } }
                  - { as: dan, do: ok, task: check, refused: four-eyes }
              - name: 未被拒绝
                as: ann
                steps:
                  - { as: ann, do: send, task: ask, fields: { days: 1 }, refused: not-eligible }
            """)
        #expect(result.results.map(\.status) == [.passed, .failed, .failed], "\(result.results)")
        #expect(result.results[1].failure?.differences == [AuthorTestDifference(what: "refused", expected: "four-eyes", actual: "not-eligible")])
        #expect(result.results[2].failure?.message == "expected a refusal [not-eligible], but the action went through")
    }

    @Test("the fake clock: a reminder, then the escalation when the deadline passes")
    func clock() throws {
        let result = try run(Self.header + """
              - name: 逾期督办
                as: ann
                steps:
                  - advance: 1 day
                  - expect: { reminders: [ { task: ask, to: ann } ], escalations: [] }
                  - advance_to: 2026-03-04 09:00
                expect:
                  tasks: [ { task: ask, assignees: [ann, bob, cat], due: 2026-03-04 } ]
                  escalations: [ { task: ask, to: [bob, cat] } ]
                  trail: [started, reminded, escalated]
              - name: 未到期
                as: ann
                steps:
                  - advance: 23h
                expect: { reminders: [ { task: ask, to: ann } ] }
            """)
        #expect(result.results.map(\.status) == [.passed, .failed], "\(result.results)")
        #expect(result.results[1].failure?.differences == [AuthorTestDifference(what: "reminder", expected: "ask → ann", actual: "(none fired)")])
    }

    @Test("a webhook without a mock stops the test naming its state; a mocked failure goes to catch")
    func mocks() throws {
        let result = try run("""
            workflow: leave
            tests:
              - name: 未模拟
                as: ann
                steps:
                  - { as: ann, do: send, task: ask, fields: { days: 2 } }
                  - { as: bob, do: ok, task: check }
              - name: 模拟失败
                as: ann
                mocks:
                  book: { fail: io, message: 服务不可用, retryable: false }
                steps:
                  - { as: ann, do: send, task: ask, fields: { days: 2 } }
                  - { as: bob, do: ok, task: check }
                expect: { state: broken, outcome: failed, trail: [handler-failed] }
            """)
        #expect(result.results.map(\.status) == [.error, .passed], "\(result.results)")
        let message = result.results[0].failure?.message ?? ""
        #expect(message.contains("state 'book' calls 'webhook', which a test must mock"), "\(message)")
        #expect(result.results[0].failure?.line == 7)
    }

    @Test("roles: a test may give a role other members than the roster's")
    func roles() throws {
        let result = try run(Self.header + """
              - name: 换人审核
                as: ann
                roles: { committee: [dan] }
                steps:
                  - { as: ann, do: send, task: ask, fields: { days: 3 } }
                expect: { tasks: [ { task: check, assignees: [dan] } ] }
              - name: 原名单
                as: ann
                steps:
                  - { as: ann, do: send, task: ask, fields: { days: 3 } }
                expect: { tasks: [ { task: check, assignees: [ann, bob, cat] } ] }
            """)
        #expect(result.results.map(\.status) == [.passed, .passed], "\(result.results)")
        let wrong = try run(Self.header + "  - name: 错\n    roles: { comittee: [dan] }\n")
        #expect(wrong.diagnostics.map(\.suggestion) == ["did you mean 'committee'?"], "\(wrong.diagnostics)")
    }

    @Test("a file with mistakes is not run: each is a finding at its line and column")
    func invalid() throws {
        let result = try run("""
            workflow: leave
            tests:
              - name: 写错了
                as: ann
                inputz: {}
                steps:
                  - { as: anne, do: sendd, task: ask }
                  - advance: 2 fortnights
                expect: { state: chek }
            """)
        #expect(result.results.isEmpty)
        let found = result.diagnostics.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0) \($0.code) \($0.suggestion ?? "")" }
        #expect(found == [
            "5:5 unknown-key did you mean 'inputs'?",
            "7:15 unknown-person did you mean 'ann'?",
            "7:25 bad-value did you mean 'send'?",
            "8:18 bad-duration ",
            "9:22 unknown-target did you mean 'check'?",
        ], "\(result.diagnostics)")
    }

    @Test("JUnit XML escapes markup and characters XML cannot hold")
    func junit() {
        var run = AuthorTestRun()
        run.results = [AuthorTestResult(file: "t.test.yaml", workflow: "w", name: "a<b & \"c\"", line: 3, status: .failed,
                                        failure: AuthorTestFailure(line: 4, step: "expect", message: "x\u{1}y",
                                                                   differences: [AuthorTestDifference(what: "state", expected: "<a>", actual: "b")]),
                                        seconds: 0)]
        let xml = AuthorTestReport.junit(run)
        #expect(xml.contains("<testcase name=\"a&lt;b &amp; &quot;c&quot;\""), "\(xml)")
        #expect(xml.contains("<failure message=\"x\\u{1}y\" type=\"expect\">"), "\(xml)")
        #expect(xml.contains("state: expected &lt;a&gt;; actual b</failure>"), "\(xml)")
        #expect(xml.contains("tests=\"1\" failures=\"1\" errors=\"0\""), "\(xml)")
    }
}
