import StewardExpressions
import StewardModel
import StewardTime
import Testing
@testable import StewardCore

/// A secret ballot in the core: who voted is kept, the choices are sealed apart from the names,
/// counted when everyone has voted, and the event recorded replays to the same instance.
@Suite struct SecretBallotTests {
    static let vote = """
    steward: 1
    id: vote
    start: vote
    states:
      vote:
        type: task
        title: 表决
        assignee: { role: union-committee }
        quorum: { approve: 2/3, otherwise: reject, secret: true }
        actions:
          approve: { to: passed }
          reject: { to: failed }
          abstain: { kind: abstain }
      passed: { type: final }
      failed: { type: final, outcome: rejected }
    """

    /// Votes through the machine, returning each step's state and the event it records.
    func cast(_ ballots: [(String, String)], on start: InstanceState, _ machine: WorkflowMachine,
              comment: String? = nil) throws -> [(state: InstanceState, recorded: CoreEvent, notes: [String])] {
        var state = start
        var steps: [(InstanceState, CoreEvent, [String])] = []
        for (person, action) in ballots {
            let task = try #require(state.tasks.first)
            let step = try machine.apply(.acted(task: task.id, person: person, action: action, form: [:], comment: comment,
                                                onBehalfBy: nil), to: state, now: friday)
            state = step.state
            steps.append((state, try #require(step.recorded), step.notes.map(\.what)))
        }
        return steps
    }

    @Test func countedOnlyOnceEveryoneHasVotedThenTheTallyDecides() throws {
        let m = try machine(Self.vote)
        let start = try m.start(id: "i1", inputs: [:], now: friday).state
        let steps = try cast([("zhang.wei", "approve"), ("chen.jing", "approve"), ("zhao.lei", "reject")], on: start, m)
        // Two of three approve: an open vote would be decided; a secret one waits for the third.
        #expect(steps[1].state.currentStates == ["vote"])
        #expect(steps[1].state.tasks[0].ballots == ["approve", "approve"])
        #expect(steps[1].state.tasks[0].voters == ["zhang.wei", "chen.jing"])
        #expect(steps[1].recorded == .ballotCast(task: "i1.task1", person: "chen.jing", onBehalfBy: nil, tally: nil))
        #expect(steps[1].notes == ["chen.jing voted"])
        let last = steps[2]
        #expect(last.state.status == .completed)
        let tally: ExpressionObject = ["approve": .integer(2), "reject": .integer(1), "abstain": .integer(0)]
        #expect(last.recorded == .ballotCast(task: "i1.task1", person: "zhao.lei", onBehalfBy: nil, tally: tally))
        #expect(last.notes.contains("ballots counted: approve 2, reject 1, abstain 0"))
        #expect(!last.notes.contains { $0.contains("chose") })
        let record = try #require(last.state.scopes[0].records["vote"])
        #expect(record.action == "approve")
        #expect(record.actor == nil)
        #expect(record.output == .object(tally))
        #expect(record.votes?.map(\.person) == ["zhang.wei", "chen.jing", "zhao.lei"])
        #expect(record.votes?.allSatisfy(\.isSealed) == true)
    }

    @Test func theRecordedEventsReplayToTheSameInstanceWithoutTheChoices() throws {
        let m = try machine(Self.vote)
        let start = try m.start(id: "i1", inputs: [:], now: friday).state
        let steps = try cast([("zhang.wei", "reject"), ("chen.jing", "abstain"), ("zhao.lei", "reject")], on: start, m)
        var replayed = start
        for (i, step) in steps.enumerated() {
            replayed = try m.apply(step.recorded, to: replayed, now: friday).state
            var live = step.state
            for t in live.tasks.indices { live.tasks[t].ballots = nil }
            #expect(replayed == live, "after vote \(i + 1)")
        }
        #expect(replayed.status == .rejected)
        #expect(replayed == steps[2].state, "once counted, nothing sealed is left: the states are equal")
    }

    @Test func aCommentIsRefusedAndAReassignmentDropsTheSealedChoices() throws {
        let m = try machine(Self.vote)
        let start = try m.start(id: "i1", inputs: [:], now: friday).state
        #expect(throws: Refusal.self) { _ = try cast([("zhang.wei", "approve")], on: start, m, comment: "同意") }
        let voted = try cast([("zhang.wei", "approve")], on: start, m)[0].state
        let moved = try m.apply(.reassigned(task: "i1.task1", people: ["sun.hong"], roles: [], by: "sun.hong", reason: "出差"),
                                to: voted, now: friday).state
        #expect(moved.tasks[0].ballots == nil)
        #expect(moved.tasks[0].votes.isEmpty)
        // A tally that does not match who voted is refused in replay: it cannot have been recorded.
        let forged = CoreEvent.ballotCast(task: "i1.task1", person: "chen.jing", onBehalfBy: nil,
                                          tally: ["approve": .integer(5), "reject": .integer(0), "abstain": .integer(0)])
        #expect(throws: Refusal.self) { try m.apply(forged, to: voted, now: friday) }
        // A forged count of billions is refused by its sum, before a ballot is made of it.
        let huge = CoreEvent.ballotCast(task: "i1.task1", person: "chen.jing", onBehalfBy: nil,
                                        tally: ["approve": .integer(Int.max), "reject": .integer(Int.max), "abstain": .integer(0)])
        #expect(throws: Refusal.self) { try m.apply(huge, to: voted, now: friday) }
    }

    @Test func anActOnASecretBallotIsRecordedWithoutItsChoiceEvenWhenRefused() throws {
        let m = try machine(Self.vote)
        let start = try m.start(id: "i1", inputs: [:], now: friday).state
        let attempt = CoreEvent.acted(task: "i1.task1", person: "li.ming", action: "approve", form: ["x": .string("y")],
                                      comment: "同意", onBehalfBy: "sun.hong")
        #expect(m.recordable(attempt, in: start) == .ballotCast(task: "i1.task1", person: "li.ming", onBehalfBy: "sun.hong", tally: nil))
        // By the state's name, as a refused act may give it.
        let byName = CoreEvent.acted(task: "vote", person: "li.ming", action: "reject", form: [:], comment: nil, onBehalfBy: nil)
        #expect(m.recordable(byName, in: start) == .ballotCast(task: "i1.task1", person: "li.ming", onBehalfBy: nil, tally: nil))
        // With no task open (a closed ballot, an ended instance) an action only the ballot offers is a vote still.
        var ended = start
        ended.tasks = []
        let late = CoreEvent.acted(task: "", person: "li.ming", action: "reject", form: [:], comment: "晚了", onBehalfBy: nil)
        #expect(m.recordable(late, in: ended) == .ballotCast(task: "", person: "li.ming", onBehalfBy: nil, tally: nil))
    }
}
