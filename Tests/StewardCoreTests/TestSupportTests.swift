import StewardExpressions
import StewardModel
import StewardTestSupport
import StewardTime
import Testing
@testable import StewardCore

/// The test-support module itself: what other tests rely on.
@Suite struct TestSupportTests {
    @Test func anInvalidWorkflowFailsWithTheValidatorsFindings() {
        let yaml = """
        steward: 1
        id: broken
        start: draft
        states:
          draft:
            type: task
            assignee: { role: union-office }
            actions: { submit: reveiw }
          review: { type: final }
        """
        let error = #expect(throws: InvalidWorkflow.self) { try CompiledWorkflow(yaml: yaml, path: "broken.yaml") }
        #expect(error?.description.hasPrefix("broken.yaml does not compile:\nbroken.yaml:8:") == true)
        #expect(error?.description.contains("did you mean 'review'?") == true)
    }

    @Test func theRosterBuilderWritesARosterTheLoaderAccepts() throws {
        let roster = try RosterBuilder()
            .person("li.ming", name: "李明 \"小李\"", account: "liming")
            .role("union-office", title: "工会办公室", members: ["li.ming", "wang.fang"])
            .admin("sun.hong")
            .build()
        #expect(roster.people["li.ming"]?.name == "李明 \"小李\"")
        #expect(roster.people["li.ming"]?.account == "liming")
        #expect(roster.people["wang.fang"] != nil)
        #expect(roster.roles["union-office"]?.members == ["li.ming", "wang.fang"])
        #expect(roster.roles["union-office"]?.title == "工会办公室")
        #expect(roster.admins == ["sun.hong"])
        #expect(throws: InvalidRoster.self) { try RosterBuilder().person("Li Ming").build() }
    }

    @Test func theManualClockMovesOnlyWhenTold() {
        let clock = ManualClock(friday)
        let source = clock.source
        #expect(source() == friday)
        #expect(clock.advance(minutes: 90) == friday.adding(milliseconds: 5_400_000))
        #expect(source() == friday.adding(milliseconds: 5_400_000))
        clock.set(to: friday)
        #expect(clock.now == friday)
    }

    @Test func theDriverFiresTimersInTimeOrderAtTheirOwnTimes() throws {
        let yaml = """
        steward: 1
        id: timers
        start: work
        states:
          work:
            type: task
            assignee: { role: union-office }
            due: 2h
            remind: [1h before due]
            escalate:
              - after: 30m
                notify: [{ role: branch-secretary }]
            actions: { done: finished }
          finished: { type: final }
        """
        var driver = try drive(yaml)
        try driver.advance(to: friday.adding(milliseconds: 3 * 3_600_000))
        #expect(driver.events.map(\.at) == [1_800_000, 3_600_000, 7_200_000].map { friday.adding(milliseconds: $0) })
        #expect(driver.events.map(\.event) == ["i1.timer4", "i1.timer3", "i1.timer2"].map { .timerFired(timer: $0) })
        #expect(driver.clock.now == friday.adding(milliseconds: 3 * 3_600_000))
        #expect(driver.state.timers.isEmpty)
    }
}
