/// A deterministic, workflow-like YAML document for the loader benchmark.
///
/// One document: a top-level mapping of many workflows, each with nested block
/// mappings and lists, flow collections, double-quoted, single-quoted and plain
/// Chinese text, literal block scalars, numbers, dates, anchors, aliases and a
/// `<<` merge key. Variation comes from a fixed-seed generator, so every run
/// produces the same bytes.
struct WorkflowYAML {
    private var out: [UInt8] = []
    private var random = SplitMix64(seed: 0x5EED_0F_57E7_A2D)

    /// About `byteCount` bytes (it stops after the workflow that crosses the target).
    static func generate(byteCount: Int) -> (bytes: [UInt8], workflows: Int) {
        var generator = WorkflowYAML()
        generator.out.reserveCapacity(byteCount + 8192)
        generator.line("# Steward benchmark input: generated, deterministic.")
        generator.line("catalogue:")
        generator.line("  reviewers: &reviewers")
        generator.line("    - { name: 王芳, role: union-office }")
        generator.line("    - { name: 李强, role: branch-committee }")
        generator.line("workflows:")
        var count = 0
        while generator.out.count < byteCount {
            generator.workflow(count)
            count += 1
        }
        return (generator.out, count)
    }

    private static let titles = [
        "年度党建工作规划", "工会委员会审议", "支部委员会审核", "党委会议决定",
        "职工代表大会表决", "经费预算审批", "档案归档", "会议纪要发布",
    ]
    private static let roles = ["union-office", "branch-committee", "party-secretary", "finance", "archive", "hr"]
    private static let stateNames = ["draft", "review", "approve", "publish", "archive", "reject", "revise"]

    private mutating func line(_ text: String) {
        out.append(contentsOf: text.utf8)
        out.append(UInt8(ascii: "\n"))
    }

    private mutating func pick(_ list: [String]) -> String {
        list[Int(random.next() % UInt64(list.count))]
    }

    private mutating func number(_ below: Int) -> Int {
        Int(random.next() % UInt64(below))
    }

    private mutating func date() -> String {
        let month = 1 + number(12)
        let day = 1 + number(28)
        return "\(2020 + number(7))-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    private mutating func workflow(_ index: Int) {
        let id = String(index)
        let title = pick(Self.titles)
        line("  wf-\(id):")
        line("    steward: 1")
        line("    id: plan-\(id)")
        line("    title: \"\(title) \(id)\"")
        line("    summary: \(pick(Self.titles))与\(pick(Self.titles))")
        line("    version: \(1 + number(40))")
        line("    created: \(date())")
        line("    deadline: \(date())T18:00:00+08:00")
        line("    budget: \(number(200_000)).\(10 + number(90))")
        line("    enabled: \(number(4) == 0 ? "false" : "true")")
        line("    owners: [alice, bob, 王芳, \"张伟\"]")
        line("    labels: { department: 党委办公室, level: \(number(5)), public: false }")
        line("    defaults: &defaults-\(id)")
        line("      timeout: \(24 * (1 + number(5)))h")
        line("      notify: { role: \(pick(Self.roles)), channel: mail }")
        line("      escalate: [secretary, deputy-secretary]")
        line("      retries: \(number(5))")
        line("    states:")
        let stateCount = 2 + number(4)
        for state in 0..<stateCount { self.state(state, workflow: id) }
        line("    transitions:")
        for state in 0..<(stateCount - 1) {
            line("      - from: \(Self.stateNames[state])")
            line("        to: \(Self.stateNames[state + 1])")
            line("        when: \"${form.budget} > \(1000 * (1 + number(20)))\"")
            line("        approvers:")
            line("          - role: \(pick(Self.roles))")
            line("          - { role: union-office, quorum: \(1 + number(3)) }")
        }
        line("    reviewers: *reviewers")
        line("    notes: |")
        line("      本工作流用于\(title)的起草、审议与归档。")
        line("      Each step records who acted and when, in order.")
        line("      截止日期：\(date())；联系人：'工会办公室'。")
    }

    private mutating func state(_ index: Int, workflow id: String) {
        line("      - name: \(Self.stateNames[index])")
        switch index % 3 {
        case 0: line("        title: '\(pick(Self.titles))'")
        case 1: line("        title: \"\(pick(Self.titles))\"")
        default: line("        title: \(pick(Self.titles))")
        }
        line("        assignee: { role: \(pick(Self.roles)) }")
        if index == 0 { line("        <<: *defaults-\(id)") }
        line("        actions: [submit, withdraw, \(pick(["approve", "reject", "return"]))]")
        line("        form:")
        line("          - { name: budget, type: number, min: 0, max: \(10_000 * (1 + number(10))) }")
        line("          - { name: deadline, type: date, default: \(date()) }")
        line("          - name: 说明")
        line("            type: text")
        line("            required: \(index == 0 ? "true" : "false")")
        line("            hint: \"请简要说明\(pick(Self.titles))的理由\"")
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny fixed-seed generator, enough for test data.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
