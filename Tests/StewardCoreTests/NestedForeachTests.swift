import StewardExpressions
import StewardModel
import StewardTestSupport
import StewardTime
import Testing
@testable import StewardCore

/// A foreach inside a foreach: each plan item has sub-tasks; the inner flow names both
/// its own item and the outer one (by their `as:` names).
@Suite struct NestedForeachTests {
    static let workflow = """
        steward: 1
        id: nested
        inputs:
          plans:
            type: list
            items:
              type: object
              fields:
                name:  { type: string }
                steps: { type: list, items: { type: string } }
        start: plans
        states:
          plans:
            type: foreach
            items: ${{ inputs.plans }}
            as: plan
            do:
              start: steps
              states:
                steps:
                  type: foreach
                  items: ${{ plan.steps }}
                  as: step
                  do:
                    start: work
                    states:
                      work:
                        type: task
                        title: "${{ plan.name }}：${{ step }}"
                        assignee: { role: union-office }
                        actions:
                          done: { to: finished }
                      finished: { type: final }
                  next: closed
                closed: { type: final }
            next: done
          done: { type: final }
        """

    @Test func theInnerFlowSeesItsOwnItemAndTheOuterOne() throws {
        let plans: ExpressionValue = [["name": "学习", "steps": ["读原著", "写心得"]], ["name": "组织", "steps": ["换届"]]]
        var driver = try drive(Self.workflow, inputs: ["plans": plans])
        #expect(Set(driver.state.tasks.map(\.title)) == ["学习：读原著", "学习：写心得", "组织：换届"])
        for task in driver.state.tasks {
            _ = try driver.apply(.acted(task: task.id, person: "li.ming", action: "done", form: [:], comment: nil, onBehalfBy: nil))
        }
        #expect(driver.state.status == .completed)
    }

    @Test func theValidatorKnowsTheOuterItemAndSuggestsItForATypo() throws {
        #expect(try CompiledWorkflow(yaml: Self.workflow, context: ValidationContext()).workflow.id.value == "nested")
        let typo = Self.workflow.replacingOccurrences(of: "${{ plan.name }}：", with: "${{ plann.name }}：")
        let error = #expect(throws: InvalidWorkflow.self) { try CompiledWorkflow(yaml: typo) }
        let finding = try #require(error?.findings.first { $0.hasSuffix("[expr-unknown-name]") })
        #expect(finding.contains("'plann'"))
        #expect(finding.contains("did you mean 'plan'?"))
    }
}
