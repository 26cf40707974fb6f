import StewardExpressions
import StewardModel
import StewardTestSupport
import StewardTime
import Testing
@testable import StewardCore

/// Every person's action, form and comment on a task is kept and readable by later states.
@Suite struct VotesKeptTests {
    static let assessment = """
    steward: 1
    id: assessment
    start: score
    states:
      score:
        type: task
        assignee: { role: union-committee }
        quorum: { submit: all }
        form:
          score: { type: integer, required: true }
        actions:
          submit: { to: judge }
      judge:
        type: choice
        choices:
          - if: ${{ len(states.score.votes) == 3 && states.score.votes[0].form.score == 85 }}
            to: averaged
        default: lost
      averaged:
        type: choice
        choices:
          - if: ${{ avg(map(states.score.votes, v => v.form.score)) >= 71 && count(states.score.votes, v => v.form.score < 70) == 1 }}
            to: kept
        default: lost
      kept: { type: final }
      lost: { type: final, outcome: failed }
    """

    @Test("scores of 85, 60 and 70: all three are kept, in order, and later states read them (the average is 71.7)")
    func everyScoreIsKept() throws {
        var driver = try drive(Self.assessment)
        let t1 = driver.clock.advance(hours: 1)
        try driver.act("zhang.wei", "submit", on: "score", form: ["score": .integer(85)], comment: "优秀")
        try driver.act("chen.jing", "submit", on: "score", form: ["score": .integer(60)])
        let t3 = driver.clock.advance(hours: 1)
        try driver.act("zhao.lei", "submit", on: "score", form: ["score": .integer(70)])
        let record = try #require(driver.state.scopes[0].records["score"])
        #expect(record.votes == [
            Vote(person: "zhang.wei", action: "submit", form: ["score": .integer(85)], comment: "优秀", at: t1),
            Vote(person: "chen.jing", action: "submit", form: ["score": .integer(60)], comment: nil, at: t1),
            Vote(person: "zhao.lei", action: "submit", form: ["score": .integer(70)], comment: nil, at: t3),
        ])
        #expect(driver.state.currentStates.isEmpty)
        #expect(driver.state.status == .completed, "the choice read all three scores")
        #expect(try driver.replayed() == driver.state)
    }

    static let review = """
    steward: 1
    id: review
    start: draft
    states:
      draft:
        type: task
        assignee: { role: union-office }
        actions:
          submit: { to: review }
      review:
        type: task
        assignee: { role: branch-secretary }
        actions:
          approve: { to: done }
          reject: { to: draft, require: [comment], set: { why: "${{ states.review.comment }}" } }
      done: { type: final }
    """

    @Test("a required comment is readable later as states.NAME.comment, not hidden in the form")
    func theCommentIsReadable() throws {
        var driver = try drive(Self.review)
        try driver.act("li.ming", "submit", on: "draft")
        try driver.act("sun.hong", "reject", on: "review", comment: "目标不具体")
        let record = try #require(driver.state.scopes[0].records["review"])
        #expect(record.comment == "目标不具体")
        #expect(record.form == [:])
        #expect(driver.state.vars["why"] == .string("目标不具体"))
        // The second round replaces the first round's votes.
        try driver.act("li.ming", "submit", on: "draft")
        try driver.act("sun.hong", "approve", on: "review")
        let second = try #require(driver.state.scopes[0].records["review"])
        #expect(second.votes?.map(\.action) == ["approve"])
        #expect(second.comment == nil)
    }

    static let signUp = """
    steward: 1
    id: sign-up
    inputs:
      quota: { type: integer, required: true }
    start: sign-up
    states:
      sign-up:
        type: task
        assignee: { role: board5 }
        quorum: { join: "${{ inputs.quota }}", otherwise: decline }
        actions:
          join: { to: carry-out }
          decline: { to: too-few }
      carry-out: { type: final }
      too-few: { type: final, outcome: rejected }
    """

    @Test("a sign-up with a quota from the inputs: declines do not close it; the quota does")
    func quotaFromInputs() throws {
        var driver = try drive(Self.signUp, inputs: ["quota": .integer(2)])
        try driver.act("c1", "decline", on: "sign-up")
        try driver.act("c2", "decline", on: "sign-up")
        #expect(driver.state.currentStates == ["sign-up"])
        try driver.act("c3", "join", on: "sign-up")
        #expect(driver.state.currentStates == ["sign-up"])
        try driver.act("c4", "join", on: "sign-up")
        #expect(driver.state.status == .completed)
        #expect(driver.state.scopes[0].records["sign-up"]?.votes?.filter { $0.action == "join" }.map(\.person) == ["c3", "c4"])
    }

    @Test("a quota that is not a number of people refuses the act as the workflow's error, and nothing changes")
    func badQuota() throws {
        var driver = try drive(Self.signUp, inputs: ["quota": .integer(0)])
        let before = driver.state
        let refusal = #expect(throws: Refusal.self) { try driver.act("c1", "join", on: "sign-up") }
        #expect(refusal?.kind == .workflowError)
        #expect(refusal?.message.contains("gave 0, not a number of people") == true, "\(String(describing: refusal))")
        #expect(driver.state == before)
    }

    static let signUpUntil = """
    steward: 1
    id: sign-up
    start: sign-up
    states:
      sign-up:
        type: task
        assignee: { role: board5 }
        quorum: { join: 3, otherwise: decline }
        due: 3 days
        escalate:
          - after: due
            action: join
        actions:
          join: { to: carry-out }
          decline: { to: too-few }
      carry-out: { type: final }
      too-few: { type: final, outcome: rejected }
    """

    @Test("a sign-up until a quota or a date: at the date it goes on with whoever joined, every answer kept")
    func quotaOrDate() throws {
        var driver = try drive(Self.signUpUntil)
        try driver.act("c1", "join", on: "sign-up")
        try driver.act("c2", "decline", on: "sign-up")
        try driver.act("c3", "decline", on: "sign-up")
        #expect(driver.state.currentStates == ["sign-up"], "three declines do not close a sign-up that can still fill")
        try driver.advance(milliseconds: 3 * 86_400_000)
        #expect(driver.state.status == .completed)
        let record = try #require(driver.state.scopes[0].records["sign-up"])
        #expect(record.action == "join")
        #expect(record.votes?.map(\.person) == ["c1", "c2", "c3"])
        #expect(try driver.replayed() == driver.state)
    }
}
