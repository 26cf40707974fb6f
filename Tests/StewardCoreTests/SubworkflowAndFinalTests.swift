import StewardExpressions
import StewardModel
import StewardTestSupport
import StewardTime
import Testing
@testable import StewardCore

/// Workflow states (a child instance) and final states (outcomes, outputs).
@Suite struct SubworkflowAndFinalTests {
    static let parent = """
    steward: 1
    id: annual-cycle
    inputs:
      year: { type: integer, required: true }
    outputs:
      report: ${{ states.sub.output.outputs.report }}
      child: ${{ states.sub.output.instance }}
    start: sub
    states:
      sub:
        type: workflow
        uses: annual-report
        with:
          year: ${{ inputs.year }}
          branch: 机关工会
        next: check
      check:
        type: choice
        choices:
          - if: ${{ states.sub.output.outcome == "completed" }}
            to: done
        default: redo
      redo:
        type: task
        assignee: { role: union-office }
        actions: { again: sub }
      done: { type: final }
    """

    @Test func aWorkflowStateStartsAChildAndGoesOnWhenItFinishes() throws {
        var driver = try drive(Self.parent, inputs: ["year": 2025])
        #expect(driver.lastEffects == [
            .startChild(workflow: "annual-report", inputs: ["year": 2025, "branch": "机关工会"],
                        parent: ParentLink(instance: "i1", scope: 0, state: "sub")),
        ])
        #expect(driver.state.currentStates == ["sub"])
        let later = driver.clock.advance(days: 2)
        let effects = try driver.finishChild("sub", child: "i2", outcome: .completed, outputs: ["report": "报告.pdf"])
        #expect(effects == [.finish(.completed)])
        #expect(driver.state.outputs == ["report": "报告.pdf", "child": "i2"])
        var record = StateRecord()
        record.output = ["outcome": "completed", "instance": "i2", "outputs": ["report": "报告.pdf"]]
        record.at = later
        #expect(driver.state.scopes[0].records["sub"] == record)
    }

    @Test func aChildThatDidNotCompleteCanBeRoutedByItsOutcome() throws {
        var driver = try drive(Self.parent, inputs: ["year": 2025])
        try driver.finishChild("sub", child: "i2", outcome: .rejected)
        #expect(driver.state.currentStates == ["redo"])
        // Going round again starts a second child.
        let effects = try driver.act("li.ming", "again", on: "redo")
        #expect(effects == [
            .closeTask("i1.task1"),
            .startChild(workflow: "annual-report", inputs: ["year": 2025, "branch": "机关工会"],
                        parent: ParentLink(instance: "i1", scope: 0, state: "sub")),
        ])
    }

    @Test func leavingAWorkflowStateBeforeItsChildEndsCancelsTheChild() throws {
        var driver = try drive(Self.parent, inputs: ["year": 2025])
        let effects = try driver.apply(.cancelled(reason: "计划取消", by: "li.ming"))
        #expect(effects.contains(.cancelChild(ParentLink(instance: "i1", scope: 0, state: "sub"))))
        #expect(effects.last == .finish(.cancelled))
        // After the child reported, leaving the state asks for nothing (see the test above too).
        var finished = try drive(Self.parent, inputs: ["year": 2025])
        try finished.finishChild("sub", child: "i2", outcome: .rejected)
        #expect(!finished.effects.contains { if case .cancelChild = $0 { true } else { false } })
    }

    @Test func aChildFinishingForAStateNotWaitingIsAConflict() throws {
        var driver = try drive(Self.parent, inputs: ["year": 2025])
        let before = driver.state
        for event: CoreEvent in [
            .childFinished(scope: 0, state: "check", child: "i2", outcome: .completed, outputs: [:]),
            .childFinished(scope: 7, state: "sub", child: "i2", outcome: .completed, outputs: [:]),
        ] {
            let refusal = #expect(throws: Refusal.self) { try driver.apply(event) }
            #expect(refusal?.kind == .conflict)
        }
        #expect(driver.state == before)
    }

    @Test func aChildInstanceKeepsItsParentLink() throws {
        let yaml = """
        steward: 1
        id: annual-report
        inputs:
          year: { type: integer, required: true }
          branch: { type: string }
        outputs:
          report: "${{ inputs.branch }}${{ inputs.year }}年度报告"
        start: write
        states:
          write:
            type: task
            assignee: { role: union-office }
            actions: { done: done }
          done: { type: final }
        """
        let link = ParentLink(instance: "i1", scope: 0, state: "sub")
        var child = try WorkflowDriver(machine: machine(yaml), clock: ManualClock(friday), id: "i2",
                                       inputs: ["year": 2025, "branch": "机关工会"], parent: link)
        try child.act("li.ming", "done", on: "write")
        #expect(child.state.parent == link)
        #expect(child.state.outputs == ["report": "机关工会2025年度报告"])
        #expect(try child.replayed() == child.state)
    }

    static let ending = """
    steward: 1
    id: ending
    inputs:
      year: { type: integer, required: true }
    outputs:
      year: ${{ inputs.year }}
      decision: ${{ states.decide.action }}
    start: decide
    states:
      decide:
        type: task
        assignee: { role: branch-secretary }
        actions:
          complete: completed
          reject: rejected
          fail: failed
          cancel: cancelled
      completed: { type: final, outcome: completed }
      rejected: { type: final, outcome: rejected }
      failed: { type: final, outcome: failed }
      cancelled: { type: final, outcome: cancelled }
    """

    /// Outputs are evaluated when the instance completes or is rejected, not when it fails or is cancelled.
    static let endings: [(String, InstanceStatus, ExpressionObject)] = [
        ("complete", .completed, ["year": 2025, "decision": "complete"]),
        ("reject", .rejected, ["year": 2025, "decision": "reject"]),
        ("fail", .failed, [:]),
        ("cancel", .cancelled, [:]),
    ]

    @Test(arguments: endings)
    func aFinalStateEndsTheInstanceWithItsOutcome(_ action: String, _ status: InstanceStatus, _ outputs: ExpressionObject) throws {
        var driver = try drive(Self.ending, inputs: ["year": 2025])
        let effects = try driver.act("sun.hong", action, on: "decide")
        #expect(effects == [.closeTask("i1.task1"), .finish(status)])
        #expect(driver.state.status == status)
        #expect(driver.state.outputs == outputs)
        #expect(driver.state.reason == nil)
        #expect(driver.state.tasks.isEmpty && driver.state.timers.isEmpty && driver.state.steps.isEmpty)
    }

    @Test func aWorkflowWhoseStartIsFinalEndsAtOnce() throws {
        let yaml = """
        steward: 1
        id: nothing
        start: done
        states:
          done: { type: final, outcome: rejected }
        """
        let driver = try drive(yaml)
        #expect(driver.lastEffects == [.finish(.rejected)])
        #expect(driver.state.status == .rejected)
    }
}
