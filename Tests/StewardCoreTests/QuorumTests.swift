import StewardExpressions
import StewardModel
import StewardTestSupport
import StewardTime
import Testing
@testable import StewardCore

/// The task spec of a one-task workflow with `quorum` and actions approve, reject (and an
/// abstention when `abstain`), read through the validator as an author's file would be.
func votingTask(_ quorum: String, actions: [String] = ["approve", "reject"], abstain: Bool = false) throws -> TaskSpec {
    let lines = actions.map { "      \($0): { to: done }" } + (abstain ? ["      abstain: { kind: abstain }"] : [])
    let yaml = """
    steward: 1
    id: vote
    start: vote
    states:
      vote:
        type: task
        assignee: { role: congress }
        quorum: \(quorum)
        actions:
    \(lines.joined(separator: "\n"))
      done: { type: final }
    """
    let m = try machine(yaml)
    guard case .task(let spec) = m.workflow.flows[0].states[0].state.kind else { throw Refusal(.conflict, "no task") }
    return spec
}

func votes(_ actions: [String]) -> [Vote] {
    actions.enumerated().map { i, action in Vote(person: "p\(i)", action: action, form: [:], comment: nil, at: friday) }
}

/// Every distinct ordering of `items` (a multiset: 5 approvals and 4 rejections give 126).
func orderings(_ items: [String]) -> [[String]] {
    guard !items.isEmpty else { return [[]] }
    var result: [[String]] = []
    for value in Set(items).sorted() {
        var rest = items
        rest.remove(at: rest.firstIndex(of: value)!)
        result += orderings(rest).map { [value] + $0 }
    }
    return result
}

/// Thresholds decide exactly as written: met, or out of reach and then the fallback; never "most chosen".
@Suite struct ThresholdTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let quorum: String
        let eligible: Int
        var actions = ["approve", "reject"]
        var abstain = false
        /// The votes, as a multiset: every order of them is tried.
        let votes: [String]
        /// The first decision, in whatever order the votes come; nil: still open after all of them.
        let decided: String?
        var testDescription: String {
            "\(quorum) of \(eligible): \(votes.joined(separator: ",")) → \(decided ?? "open")"
        }
    }

    static let approve5reject4 = Array(repeating: "approve", count: 5) + Array(repeating: "reject", count: 4)
    static let congress = Array(repeating: "approve", count: 4) + Array(repeating: "reject", count: 3) + ["abstain", "abstain"]

    static let cases: [Case] = [
        // The congress cases: 9 delegates, a count of 6, 5 for and 4 against is not a pass.
        Case(quorum: "6", eligible: 9, votes: approve5reject4, decided: "reject"),
        Case(quorum: "{ approve: 6, otherwise: reject }", eligible: 9, votes: approve5reject4, decided: "reject"),
        Case(quorum: "{ approve: 6, otherwise: reject }", eligible: 9,
             votes: Array(repeating: "approve", count: 6) + ["reject"], decided: "approve"),
        // Majority of the eligible: 4 for, 3 against, 2 abstaining is not a majority of 9.
        Case(quorum: "majority", eligible: 9, abstain: true, votes: congress, decided: "reject"),
        Case(quorum: "{ approve: majority, otherwise: reject }", eligible: 9, abstain: true, votes: congress, decided: "reject"),
        Case(quorum: "{ approve: majority, otherwise: reject }", eligible: 9, votes: Array(repeating: "approve", count: 5),
             decided: "approve"),
        Case(quorum: "{ approve: majority, otherwise: reject }", eligible: 9, votes: ["approve", "approve", "approve", "approve"],
             decided: nil),
        // Majority of the votes cast: abstentions are left out of the count.
        Case(quorum: "{ approve: majority of votes cast, otherwise: reject }", eligible: 9, abstain: true, votes: congress,
             decided: "approve"),
        Case(quorum: "{ approve: majority of votes cast, otherwise: reject }", eligible: 9, abstain: true,
             votes: ["approve", "approve", "approve", "reject", "reject", "reject", "abstain", "abstain", "abstain"],
             decided: "reject"),
        Case(quorum: "{ approve: majority of votes cast, otherwise: reject }", eligible: 3, abstain: true,
             votes: ["abstain", "abstain", "abstain"], decided: "reject"),
        Case(quorum: "{ approve: majority of votes cast, otherwise: reject }", eligible: 5, abstain: true,
             votes: ["approve", "approve", "approve"], decided: "approve"),
        Case(quorum: "{ approve: majority of votes cast, otherwise: reject }", eligible: 5, abstain: true,
             votes: ["approve", "approve", "reject"], decided: nil),
        // Two thirds of 9 is 6: decided at the sixth approval, whatever the last three do.
        Case(quorum: "{ approve: 2/3, otherwise: reject }", eligible: 9, votes: Array(repeating: "approve", count: 6),
             decided: "approve"),
        Case(quorum: "{ approve: 2/3, otherwise: reject }", eligible: 9, votes: approve5reject4, decided: "reject"),
        Case(quorum: "{ approve: 2/3, otherwise: reject }", eligible: 9, votes: ["approve", "approve", "approve", "reject", "reject", "reject"],
             decided: nil),
        Case(quorum: "{ approve: 2/3, otherwise: reject }", eligible: 9,
             votes: ["approve", "approve", "reject", "reject", "reject", "reject"], decided: "reject"),
        // 66% of 9 is 5.94: six are needed; 2/3 of votes cast counts only those who chose.
        Case(quorum: "{ approve: 66%, otherwise: reject }", eligible: 9, votes: approve5reject4, decided: "reject"),
        Case(quorum: "{ approve: 66%, otherwise: reject }", eligible: 9, votes: Array(repeating: "approve", count: 6),
             decided: "approve"),
        Case(quorum: "{ approve: 50%, otherwise: reject }", eligible: 4, votes: ["approve", "approve", "reject", "reject"],
             decided: "approve"),
        Case(quorum: "{ approve: 2/3 of votes cast, otherwise: reject }", eligible: 9, abstain: true,
             votes: ["approve", "approve", "approve", "approve", "reject", "reject", "abstain", "abstain", "abstain"],
             decided: "approve"),
        // any: the first choice decides; abstentions do not, and all abstaining falls back.
        Case(quorum: "any", eligible: 3, votes: ["reject"], decided: "reject"),
        Case(quorum: "any", eligible: 3, votes: ["approve"], decided: "approve"),
        Case(quorum: "any", eligible: 3, abstain: true, votes: ["abstain", "approve"], decided: "approve"),
        Case(quorum: "any", eligible: 2, abstain: true, votes: ["abstain", "abstain"], decided: "reject"),
        // all: unanimity, else the fallback as soon as someone differs.
        Case(quorum: "all", eligible: 3, votes: ["approve", "approve", "approve"], decided: "approve"),
        Case(quorum: "all", eligible: 3, votes: ["approve", "approve"], decided: nil),
        Case(quorum: "all", eligible: 3, votes: ["approve", "reject"], decided: "reject"),
        Case(quorum: "{ approve: all, otherwise: reject }", eligible: 5,
             votes: ["approve", "approve", "approve", "approve", "reject"], decided: "reject"),
        Case(quorum: "{ reject: all, otherwise: approve }", eligible: 3, votes: ["reject", "reject", "reject"], decided: "reject"),
        // A quota is not a quorum: declines never close a sign-up while the quota can still be met.
        Case(quorum: "{ join: 3, otherwise: decline }", eligible: 10, actions: ["join", "decline"],
             votes: ["decline", "decline", "decline"], decided: nil),
        Case(quorum: "{ join: 3, otherwise: decline }", eligible: 10, actions: ["join", "decline"],
             votes: ["decline", "decline", "decline", "join", "join", "join"], decided: "join"),
        Case(quorum: "{ join: 3, otherwise: decline }", eligible: 10, actions: ["join", "decline"],
             votes: Array(repeating: "decline", count: 8), decided: "decline"),
        // A count below half with several actions: the first action to reach it.
        Case(quorum: "{ approve: 2, otherwise: reject }", eligible: 5, votes: ["approve", "approve", "reject", "reject"],
             decided: "approve"),
        // Three actions, none reaching a majority: the fallback, not the most chosen.
        Case(quorum: "{ approve: majority, otherwise: return }", eligible: 5, actions: ["approve", "reject", "return"],
             votes: ["approve", "approve", "reject", "reject", "return"], decided: "return"),
    ]

    @Test(arguments: cases)
    func everyOrderDecidesTheSame(_ c: Case) throws {
        let spec = try votingTask(c.quorum, actions: c.actions, abstain: c.abstain)
        for order in orderings(c.votes) {
            var decided: String?
            for n in 1...order.count {
                decided = Quorum.decision(spec.quorum, count: nil, votes: votes(Array(order.prefix(n))), eligible: c.eligible,
                                          actions: spec.actions)
                if decided != nil { break }
            }
            #expect(decided == c.decided, "in the order \(order.joined(separator: ","))")
        }
    }

    @Test(arguments: [
        ("majority", 9, 5), ("majority", 8, 5), ("majority", 1, 1), ("all", 4, 4), ("2/3", 9, 6), ("2/3", 3, 2),
        ("66%", 9, 6), ("50%", 8, 4), ("3", 9, 3), ("any", 9, 1),
    ])
    func peopleNeeded(_ quorum: String, _ eligible: Int, _ needed: Int) throws {
        let threshold = try votingTask(quorum).quorum.threshold
        #expect(!threshold.isMet(for: needed - 1, against: 0, eligible: eligible, count: nil))
        #expect(threshold.isMet(for: needed, against: eligible - needed, eligible: eligible, count: nil))
    }

    @Test(arguments: [
        ("any", "any"), ("all", "all"), ("majority", "majority"), ("2/3", "2/3"), ("66%", "66%"), ("3", "3"),
        ("majority of votes cast", "majority of votes cast"), ("{ approve: 2/3, otherwise: reject }", "{ approve: 2/3, otherwise: reject }"),
    ])
    func readsBackAsWritten(_ written: String, _ shown: String) throws {
        #expect(try votingTask(written).quorum.description == shown)
    }
}

/// Instances started before thresholds keep the counting they began with, so their votes and
/// their trails' replays come out as they did.
@Suite struct MostChosenRulesTests {
    @Test("5 for and 4 against with a count of 6: approved under the old rules, rejected under thresholds")
    func theOldRulesStayForOldInstances() throws {
        let spec = try votingTask("6")
        let cast = votes(ThresholdTests.approve5reject4)
        #expect(Quorum.mostChosenDecision(spec.quorum, votes: cast, eligible: 9, actions: ["approve", "reject"]) == "approve")
        #expect(Quorum.decision(spec.quorum, count: nil, votes: cast, eligible: 9, actions: spec.actions) == "reject")
    }

    static let committee = """
    steward: 1
    id: committee
    start: review
    states:
      review:
        type: task
        assignee: { role: union-committee }
        quorum: majority
        form:
          opinion: { type: text }
        actions:
          approve: { to: done }
          reject: { to: rejected }
      done: { type: final }
      rejected: { type: final, outcome: rejected }
    """

    @Test("an old instance's record keeps only the deciding form, its comment as a field, and replays the same")
    func oldInstancesRecordAsBefore() throws {
        var driver = try drive(Self.committee, rules: nil)
        try driver.act("zhang.wei", "approve", on: "review", form: ["opinion": "同意"])
        try driver.act("chen.jing", "reject", on: "review")
        try driver.act("zhao.lei", "approve", on: "review", form: ["opinion": "原则同意"], comment: "好")
        let record = try #require(driver.state.scopes[0].records["review"])
        #expect(record.form == ["opinion": "原则同意", "comment": "好"])
        #expect(record.votes == nil)
        #expect(record.comment == nil)
        #expect(driver.state.decisionRules == nil)
        #expect(try driver.replayed() == driver.state)
    }

    @Test("a tie under the old rules went to the action written last")
    func oldTies() throws {
        let spec = try votingTask("majority")
        #expect(Quorum.mostChosenDecision(spec.quorum, votes: votes(["approve", "reject", "approve", "reject"]), eligible: 4,
                                          actions: ["approve", "reject"]) == "reject")
        #expect(Quorum.mostChosenDecision(spec.quorum, votes: votes(["approve", "reject"]), eligible: 3,
                                          actions: ["approve", "reject"]) == nil)
    }
}
