import StewardExpressions
import StewardModel
import StewardTestSupport
import StewardTime
import Testing
@testable import StewardCore

/// The four-eyes rule (`separate_from`) across a reject loop; refusals change nothing.
@Suite struct FourEyesTests {
    /// Drafters (union office) are also members, and members review.
    static let loop = """
    steward: 1
    id: four-eyes
    start: draft
    states:
      draft:
        type: task
        assignee: { role: union-office }
        form:
          text: { type: text, required: true }
        actions:
          submit: { to: review }
      review:
        type: task
        assignee: { role: members }
        separate_from: [draft]
        actions:
          approve: { to: approval }
          reject: { to: draft, require: [comment] }
      approval:
        type: task
        assignee: { role: members }
        separate_from: [draft, review]
        actions:
          approve: { to: done }
          return: { to: draft, require: [comment] }
      done: { type: final }
    """

    func expectFourEyesRefusal(_ driver: inout WorkflowDriver, _ person: String, _ action: String, on state: String,
                               comment: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        let before = driver.state
        let refusal = #expect(throws: Refusal.self, sourceLocation: sourceLocation) {
            try driver.act(person, action, on: state, comment: comment)
        }
        #expect(refusal?.kind == .fourEyes, sourceLocation: sourceLocation)
        #expect(driver.state == before, sourceLocation: sourceLocation)
    }

    @Test func whoDraftedMayNotReviewEvenAfterTheDraftWasRejectedAndRedone() throws {
        var driver = try drive(Self.loop)
        try driver.act("li.ming", "submit", on: "draft", form: ["text": "初稿"])

        expectFourEyesRefusal(&driver, "li.ming", "approve", on: "review")
        #expect(throws: Refusal(.fourEyes, "li.ming acted in 'draft' and may not also act in 'review' (four-eyes rule)")) {
            try driver.act("li.ming", "reject", on: "review", comment: "自己退回")
        }
        try driver.act("wang.fang", "reject", on: "review", comment: "请补充")
        #expect(driver.state.currentStates == ["draft"])

        // Second round: wang.fang drafts (the draft task has no four-eyes rule), so now both
        // drafters are barred from reviewing: the rule remembers every earlier round.
        try driver.act("wang.fang", "submit", on: "draft", form: ["text": "二稿"])
        expectFourEyesRefusal(&driver, "li.ming", "approve", on: "review")
        expectFourEyesRefusal(&driver, "wang.fang", "approve", on: "review")
        try driver.act("zhou.min", "approve", on: "review")

        // Approval is separate from both drafting and reviewing: only the drafters and the
        // reviewers are members, so nobody may approve.
        for person in ["li.ming", "wang.fang", "zhou.min"] {
            expectFourEyesRefusal(&driver, person, "approve", on: "approval")
        }
        #expect(driver.state.scopes[0].records["draft"]?.actors == ["li.ming", "wang.fang"])
        #expect(driver.state.scopes[0].records["review"]?.actors == ["wang.fang", "zhou.min"])
        #expect(driver.state.scopes[0].records["draft"]?.form == ["text": "二稿"])
    }

    /// Drafted by the office, signed off by the members under `quorum`, apart from the drafter.
    static func signOff(quorum: String) -> String {
        """
        steward: 1
        id: sign-off
        start: draft
        states:
          draft:
            type: task
            assignee: { role: union-office }
            actions: { submit: review }
          review:
            type: task
            assignee: { role: members }
            quorum: \(quorum)
            separate_from: [draft]
            actions:
              approve: done
              reject: draft
          done: { type: final }
        """
    }

    /// A member barred by the four-eyes rule can never vote, so a quorum counts only those who can.
    @Test(arguments: ["all", "majority"])
    func aQuorumCountsOnlyThePeopleTheRuleLetsAct(_ quorum: String) throws {
        var driver = try drive(Self.signOff(quorum: quorum))
        try driver.act("li.ming", "submit", on: "draft")
        // li.ming is a member too, but drafted: only wang.fang and zhou.min can vote.
        expectFourEyesRefusal(&driver, "li.ming", "approve", on: "review")
        #expect(try driver.act("wang.fang", "approve", on: "review") == [])
        #expect(try driver.act("zhou.min", "approve", on: "review") == [.closeTask("i1.task2"), .finish(.completed)])
    }

    /// A number of people that the four-eyes rule leaves out of reach is not reached: the
    /// fallback decides, as soon as that is certain.
    @Test func aCountTheBarredMakeUnreachableFallsBack() throws {
        var driver = try drive(Self.signOff(quorum: "{ approve: 3, otherwise: reject }"))
        try driver.act("li.ming", "submit", on: "draft")
        try driver.act("wang.fang", "approve", on: "review")
        #expect(driver.state.currentStates == ["draft"])
        #expect(driver.state.scopes[0].records["review"]?.action == "reject")
    }

    @Test func theRuleAlsoCountsVotesOnATaskStillOpen() throws {
        let yaml = """
        steward: 1
        id: sign-off
        start: sign
        states:
          sign:
            type: parallel
            branches:
              committee:
                start: committee-vote
                states:
                  committee-vote:
                    type: task
                    assignee: { role: members }
                    quorum: all
                    actions: { agree: committee-done }
                  committee-done: { type: final }
              check:
                start: check-task
                states:
                  check-task:
                    type: task
                    assignee: { role: members }
                    separate_from: [committee-vote]
                    actions: { ok: check-done }
                  check-done: { type: final }
            next: done
          done: { type: final }
        """
        var driver = try drive(yaml)
        try driver.act("zhou.min", "agree", on: "committee-vote")
        expectFourEyesRefusal(&driver, "zhou.min", "ok", on: "check-task")
        try driver.act("li.ming", "ok", on: "check-task")
        #expect(driver.state.currentStates == ["sign", "committee-vote"])
    }
}
