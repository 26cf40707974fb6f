import StewardModel
import StewardYAML

/// `steward-bench validate`: load + validate + compile a 1,000-state workflow, next to loading its YAML alone.
enum ValidateBenchmark: Benchmark {
    static let name = "validate"
    static let summary = "validator on a generated 1,000-state workflow vs YAML loading alone"
    static let defaults = BenchOptions(sizeMB: 1, repetitions: 20, count: 1000)
    static var defaultsText: String { "(default --count 1000 --repeat 20)" }

    static func run(_ options: BenchOptions) -> Int32 {
        let states = max(options.count ?? 1000, 10)
        let bytes = Array(workflow(states: states).utf8)
        let source = YAMLSource(path: "generated.yaml", bytes: bytes)
        let loading = Measure.best(of: options.repetitions) { () -> Int in
            ((try? YAMLLoader().loadStream(bytes))?.count) ?? -1
        }
        let validating = Measure.best(of: options.repetitions) { () -> Bool in
            WorkflowValidator().validate(source).compiled != nil
        }
        guard loading.result == 1, validating.result else {
            printError("steward-bench: the generated workflow did not load and compile cleanly")
            return 1
        }
        var table = Table(["measure", "time (ms)"], rightAligned: [1])
        table.add(["YAML loading alone (events + positioned tree)", (loading.seconds * 1000).fixed(2)])
        table.add(["load + validate + compile", (validating.seconds * 1000).fixed(2)])
        print("Workflow: \(states) states, \(bytes.count) bytes, best of \(options.repetitions)\n")
        print(table.text)
        let ratio = validating.seconds / loading.seconds
        print("\nvalidate/load: \(ratio.fixed(2))× (goal ≤ 3×: \(ratio <= 3 ? "met" : "not met"))")
        return 0
    }

    /// A long review chain: tasks with forms, deadlines and escalations, automatic steps,
    /// choices with expressions, a foreach, and a final state; Chinese titles throughout.
    static func workflow(states: Int) -> String {
        var text = """
            steward: 1
            id: long-review-chain
            title: 年度工作长链
            calendar: cn-workdays
            inputs:
              year: { type: integer, required: true, min: 2000 }
              branch: { type: string, default: 机关工会 }
            start: s0
            states:

            """
        let groups = (states - 2) / 4
        for g in 0..<groups {
            let n = g * 4
            text += """
              s\(n):
                type: task
                title: "第\(g)项：起草 ${{ inputs.branch }}"
                assignee: { role: union-office }
                due: 5 workdays
                remind: [1 workday before due]
                escalate:
                  - after: due
                    to: { role: branch-secretary }
                form:
                  summary: { type: text, required: true, label: 工作小结 }
                  score: { type: integer, min: 0, max: 100 }
                actions:
                  submit: { to: s\(n + 1) }
              s\(n + 1):
                type: task
                title: 审议
                assignee: { role: union-committee }
                quorum: majority
                separate_from: [s\(n)]
                actions:
                  approve: { to: s\(n + 2) }
                  reject: { to: s\(n), require: [comment] }
              s\(n + 2):
                type: action
                uses: log
                with: { message: "第\(g)项通过，得分 ${{ states.s\(n).form.score }}" }
                next: s\(n + 3)
              s\(n + 3):
                type: choice
                choices:
                  - if: ${{ inputs.year >= 2026 && states.s\(n + 1).action == 'approve' }}
                    to: s\(n + 4)
                default: s\(n + 4)

            """
        }
        let last = groups * 4
        text += """
              s\(last):
                type: action
                uses: set
                with: { finished: "${{ inputs.year }}" }
                next: done
              done: { type: final, outcome: completed }

            """
        return text
    }
}
