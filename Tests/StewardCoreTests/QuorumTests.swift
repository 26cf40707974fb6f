import StewardExpressions
import StewardModel
import StewardTestSupport
import StewardTime
import Testing
@testable import StewardCore

/// Quorum arithmetic: thresholds, decisions, early decisions, ties, double votes.
@Suite struct QuorumTests {
    @Test(arguments: [
        (Quorum.any, 3, 1), (.all, 3, 3), (.all, 0, 1),
        (.majority, 1, 1), (.majority, 2, 2), (.majority, 3, 2), (.majority, 4, 3), (.majority, 5, 3), (.majority, 6, 4),
        (.count(2), 5, 2), (.count(7), 3, 3), (.count(1), 0, 1),
    ])
    func threshold(_ quorum: Quorum, _ eligible: Int, _ needed: Int) {
        #expect(quorum.threshold(eligible: eligible) == needed)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let quorum: Quorum
        let eligible: Int
        var actions = ["approve", "reject"]
        let votes: [String]
        /// The decision after the last vote; every shorter prefix must still be undecided.
        let decided: String?
        var testDescription: String { "\(quorum) of \(eligible): \(votes.joined(separator: ",")) → \(decided ?? "open")" }
    }

    static let cases: [Case] = [
        // any: the first person decides.
        Case(quorum: .any, eligible: 3, votes: ["reject"], decided: "reject"),
        Case(quorum: .any, eligible: 3, votes: ["approve"], decided: "approve"),
        // all: unanimity decides; while it is still possible, nothing is decided.
        Case(quorum: .all, eligible: 3, votes: ["approve", "approve", "approve"], decided: "approve"),
        Case(quorum: .all, eligible: 3, votes: ["approve", "approve"], decided: nil),
        Case(quorum: .all, eligible: 3, votes: ["reject", "reject", "reject"], decided: "reject"),
        // all, split: as soon as two people differ, the action written last among those chosen decides.
        Case(quorum: .all, eligible: 3, votes: ["approve", "reject"], decided: "reject"),
        Case(quorum: .all, eligible: 3, votes: ["approve", "approve", "reject"], decided: "reject"),
        Case(quorum: .all, eligible: 3, votes: ["reject", "approve"], decided: "reject"),
        Case(quorum: .all, eligible: 2, votes: ["approve", "reject"], decided: "reject"),
        // all of 5: one rejection after three approvals still stops the approval.
        Case(quorum: .all, eligible: 5, votes: ["approve", "approve", "approve", "reject"], decided: "reject"),
        Case(quorum: .all, eligible: 3, actions: ["reject", "approve"], votes: ["reject", "approve"], decided: "approve"),
        // majority of 3: two of a kind.
        Case(quorum: .majority, eligible: 3, votes: ["approve", "approve"], decided: "approve"),
        Case(quorum: .majority, eligible: 3, votes: ["approve", "reject", "reject"], decided: "reject"),
        Case(quorum: .majority, eligible: 3, votes: ["approve", "reject"], decided: nil),
        // majority of 4: three of a kind; 2:2 is a tie and goes to the action written last.
        Case(quorum: .majority, eligible: 4, votes: ["approve", "approve", "approve"], decided: "approve"),
        Case(quorum: .majority, eligible: 4, votes: ["approve", "reject", "approve", "reject"], decided: "reject"),
        Case(quorum: .majority, eligible: 4, votes: ["reject", "approve", "reject", "approve"], decided: "reject"),
        Case(quorum: .majority, eligible: 4, votes: ["approve", "approve", "reject"], decided: nil),
        // majority of 5: three decide early, two people never need to act.
        Case(quorum: .majority, eligible: 5, votes: ["approve", "approve", "approve"], decided: "approve"),
        Case(quorum: .majority, eligible: 5, votes: ["reject", "approve", "reject", "approve", "reject"], decided: "reject"),
        Case(quorum: .majority, eligible: 5, votes: ["approve", "reject", "approve", "reject"], decided: nil),
        // N: the first action N people chose.
        Case(quorum: .count(2), eligible: 5, votes: ["approve", "reject", "reject"], decided: "reject"),
        Case(quorum: .count(2), eligible: 5, votes: ["approve", "reject", "approve"], decided: "approve"),
        Case(quorum: .count(7), eligible: 3, votes: ["approve", "approve", "approve"], decided: "approve"),
        // A tie goes to the action written last, whichever that is.
        Case(quorum: .majority, eligible: 2, actions: ["reject", "approve"], votes: ["approve", "reject"], decided: "approve"),
        // Three actions, no majority: most chosen, ties to the one written last.
        Case(quorum: .majority, eligible: 5, actions: ["approve", "reject", "return"],
             votes: ["approve", "return", "reject", "approve", "return"], decided: "return"),
        Case(quorum: .majority, eligible: 5, actions: ["approve", "reject", "return"],
             votes: ["approve", "return", "reject", "approve", "reject"], decided: "reject"),
        Case(quorum: .majority, eligible: 3, actions: ["approve", "reject", "return"],
             votes: ["approve", "return", "reject"], decided: "return"),
    ]

    static func votes(_ actions: [String]) -> [Vote] {
        actions.enumerated().map { i, action in
            Vote(person: "p\(i)", action: action, form: [:], comment: nil, at: friday)
        }
    }

    @Test(arguments: cases)
    func decision(_ c: Case) {
        for n in 0..<c.votes.count {
            let early = Quorum.decision(c.quorum, votes: Self.votes(Array(c.votes.prefix(n))), eligible: c.eligible,
                                        actions: c.actions)
            #expect(early == nil, "decided after \(n) votes")
        }
        #expect(Quorum.decision(c.quorum, votes: Self.votes(c.votes), eligible: c.eligible, actions: c.actions) == c.decided)
    }

    /// The outcome depends on the votes, not on who voted first.
    @Test(arguments: [Quorum.all, .majority, .count(3)], [3, 4, 5])
    func theOrderOfVotesDoesNotChangeTheOutcome(_ quorum: Quorum, _ eligible: Int) {
        func final(_ votes: [String]) -> String? {
            for n in 1...votes.count {
                if let d = Quorum.decision(quorum, votes: Self.votes(Array(votes.prefix(n))), eligible: eligible,
                                           actions: ["approve", "reject"]) {
                    return d
                }
            }
            return nil
        }
        for approvals in 0...eligible {
            let base = Array(repeating: "approve", count: approvals) + Array(repeating: "reject", count: eligible - approvals)
            let outcomes = Set(permutations(base).map(final))
            #expect(outcomes.count == 1, "\(approvals) approvals of \(eligible): \(outcomes)")
        }
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

    @Test func aVoteIsKeptUntilTheQuorumDecides() throws {
        var driver = try drive(Self.committee)
        let t1 = driver.clock.advance(hours: 1)
        #expect(try driver.act("zhang.wei", "approve", on: "review", form: ["opinion": "同意"]) == [])
        #expect(driver.state.tasks[0].votes == [Vote(person: "zhang.wei", action: "approve", form: ["opinion": "同意"],
                                                     comment: nil, at: t1)])
        #expect(driver.state.currentStates == ["review"])

        // Voting twice is a conflict, whichever action; the instance is unchanged.
        let before = driver.state
        for action in ["approve", "reject"] {
            let refusal = #expect(throws: Refusal.self) { try driver.act("zhang.wei", action, on: "review") }
            #expect(refusal == Refusal(.conflict, "zhang.wei has already acted on task 'review'"))
        }
        #expect(driver.state == before)

        let t2 = driver.clock.advance(hours: 1)
        #expect(try driver.act("chen.jing", "reject", on: "review") == [])
        #expect(try driver.act("zhao.lei", "approve", on: "review", form: ["opinion": "原则同意"]) == [
            .closeTask("i1.task1"), .finish(.completed),
        ])
        let record = try #require(driver.state.scopes[0].records["review"])
        #expect(record.action == "approve")
        #expect(record.actor == "zhao.lei")
        #expect(record.form == ["opinion": "原则同意"])
        #expect(record.at == t2)
        #expect(record.actors == ["zhang.wei", "chen.jing", "zhao.lei"])
    }
}

/// Every ordering of `items` (duplicates included).
func permutations(_ items: [String]) -> [[String]] {
    guard items.count > 1 else { return [items] }
    var result: [[String]] = []
    for i in items.indices {
        var rest = items
        let first = rest.remove(at: i)
        result += permutations(rest).map { [first] + $0 }
    }
    return result
}
