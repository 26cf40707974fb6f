import StewardModel
import StewardYAML
import Testing

/// The validator reports every problem of a file, each once, at its place.
@Suite("every finding of a file")
struct FindingsTests {
    @Test("independent mistakes are all reported, sorted by position")
    func allReported() {
        let result = validate("""
            steward: 1
            id: Plan
            titel: 年度党建工作规划
            inputs:
              year: { type: integer, default: 1.5 }
              open: { type: boolean, default: yes }
            start: draft
            states:
              draft:
                type: task
                title: 起草${{ inputs.yaer }}年规划
                assignee: { role: union-office }
                quorum: most
                due: 10 wrokdays
                actions:
                  submit: { to: reveiw }
              review:
                type: taks
              done: { type: final }

            """)
        #expect(findings(result) == [
            "bad-id@2:5", "unknown-key@3:1", "wrong-type@5:35", "wrong-type@6:35", "expr-unknown-member@11:25",
            "bad-quorum@13:13", "bad-duration@14:10", "unknown-target@16:21", "unknown-state-type@18:11",
        ])
        #expect(result.hasErrors)
        #expect(result.compiled == nil)
        #expect(result.diagnostics.allSatisfy { $0.file == "plan.yaml" })
    }

    @Test("a misspelt required key is reported once, as the unknown key with its fix")
    func misspeltRequiredKey() {
        let result = validate("""
            steward: 1
            id: plan
            start: draft
            states:
              draft:
                type: task
                asignee: { role: union-office }
                actions: { submit: { goto: done } }
              done: { type: final }

            """)
        #expect(findings(result) == ["unknown-key@7:5", "unknown-key@8:26"])
        #expect(result.diagnostics.map(\.suggestion) == ["did you mean 'assignee'?", "did you mean 'to'?"])
    }

    @Test("a way out that cannot be read does not also make states unreachable or dead ends")
    func noCascadeFromUnreadableTransition() {
        let result = validate("""
            steward: 1
            id: plan
            start: publish
            states:
              publish:
                type: action
                uses: log
                with: { message: 已发布 }
                next: [archive, done]
              archive:
                type: action
                uses: archive
                with: { ledger: 党建台账 }
                next: done
              done: { type: final }

            """)
        #expect(findings(result) == ["wrong-type@9:11"])
    }

    @Test("a dead end is reported once, not again as 'no path to a final state' for every state before it")
    func deadEndOnce() {
        let result = validate("""
            steward: 1
            id: plan
            start: draft
            states:
              draft:
                type: task
                assignee: { role: union-office }
                actions: { submit: sign }
              sign:
                type: task
                assignee: { role: members }
              done: { type: final }

            """)
        #expect(findings(result) == ["task-without-actions@9:3", "unreachable-state@12:3"])
    }

    @Test("a duplicate state is reported where it is written the second time")
    func duplicateOrder() {
        let result = validate("""
            steward: 1
            id: plan
            start: fan
            states:
              fan:
                type: foreach
                items: ${{ [1, 2] }}
                do:
                  start: done
                  states:
                    done: { type: final }
                next: done
              done: { type: final }

            """)
        #expect(findings(result) == ["duplicate-state@13:3"])
        #expect(result.diagnostics.first?.message == "state 'done' is defined twice (first at line 11, column 9)")
    }

    @Test("warnings alone leave the workflow usable")
    func warningOnly() {
        let result = validate("""
            steward: 1
            id: plan
            start: draft
            states:
              draft:
                type: task
                assignee: { role: union-office }
                actions: { submit: done }
              spare:
                type: task
                assignee: { role: union-office }
                actions: { submit: done }
              done: { type: final }

            """)
        #expect(findings(result) == ["unreachable-state@9:3"])
        #expect(result.diagnostics.first?.severity.rawValue == "warning")
        #expect(!result.hasErrors)
        #expect(result.compiled != nil)
    }

    @Test("schedule inputs must be declared, and required ones given")
    func scheduleInputs() {
        let result = validate("""
            steward: 1
            id: plan
            inputs:
              quarter: { type: integer, required: true }
              theme: { type: string, required: true }
            schedule:
              - cron: 0 9 1 1,4,7,10 *
                inputs:
                  quater: 1
            start: draft
            states:
              draft:
                type: task
                assignee: { role: union-office }
                actions: { submit: done }
              done: { type: final }

            """)
        #expect(findings(result) == ["missing-key@7:5", "unknown-input@9:7"])
        #expect(result.diagnostics.map(\.message) == [
            "this schedule entry does not give the required input 'theme'",
            "the workflow has no input named 'quater'",
        ])
    }

    @Test("expressions in escalations are checked, and reminders need a due time")
    func escalationExpressions() {
        let result = validate("""
            steward: 1
            id: plan
            start: draft
            states:
              draft:
                type: task
                assignee: { role: union-office }
                remind: 1 day before due
                escalate:
                  - after: 3 days
                    notify: { person: "${{ states.darft.actor }}" }
                actions: { submit: done }
              done: { type: final }

            """)
        #expect(findings(result) == ["missing-key@8:13", "expr-unknown-member@11:39"])
    }

    @Test("an expression that fills 'items', 'due' or 'until' must give the kind of value the engine needs")
    func expressionKinds() {
        let result = validate("""
            steward: 1
            id: plan
            inputs:
              count: { type: integer, required: true }
              day: { type: date, required: true }
              text: { type: string, required: true }
            start: each
            states:
              each:
                type: foreach
                items: ${{ inputs.count }}
                do:
                  start: report
                  states:
                    report:
                      type: task
                      assignee: { role: members }
                      due: ${{ inputs.day }}
                      actions: { done: reported }
                    reported: { type: final }
                next: pause
              pause:
                type: wait
                until: ${{ inputs.count > 1 }}
                next: later
              later:
                type: wait
                until: ${{ inputs.text }}
                next: child
              child:
                type: workflow
                uses: Annual Plan
                next: done
              done: { type: final }

            """)
        #expect(findings(result) == ["wrong-type@11:12", "wrong-type@24:12", "bad-id@32:11"])
        #expect(result.diagnostics.first?.message
            == "'items' of state 'each' must give a list, but this expression gives an integer")
        #expect(result.diagnostics[1].message
            == "'until' of state 'pause' must give a date or a date and time, but this expression gives a boolean")
    }

    @Test("roles and people are checked only with a roster, and calendars only when the folder is known")
    func context() {
        let text = """
            steward: 1
            id: plan
            calendar: cn-workday
            start: draft
            states:
              draft:
                type: task
                assignee: { role: union-comittee }
                actions: { submit: check }
              check:
                type: task
                assignee: { person: li.mign }
                actions: { ok: done }
              done: { type: final }

            """
        #expect(findings(validate(text)).isEmpty)
        let roster = RosterLoader().load(YAMLSource(path: "roster.yaml", bytes: Array("""
            people: { li.ming: { name: 李明 } }
            roles: { union-committee: { members: [li.ming] } }

            """.utf8))).roster
        let result = validate(text, context: ValidationContext(roster: roster, calendars: ["cn-workdays"]))
        #expect(findings(result) == ["unknown-calendar@3:11", "unknown-role@8:23", "unknown-person@12:25"])
        #expect(result.diagnostics.map(\.suggestion)
            == ["did you mean 'cn-workdays'?", "did you mean 'union-committee'?", "did you mean 'li.ming'?"])
    }
}
