import StewardExpressions
import StewardModel

extension Run {
    /// A vote on a secret ballot (`quorum: { …, secret: true }`). The task keeps who voted and,
    /// sealed apart from their names, the choices so far; the trail keeps who voted (the event
    /// recorded is `ballotCast` without the choice). Once everyone who may vote has voted, the
    /// ballots are counted and the tally decides as the quorum says. Counting only then, not as
    /// soon as the threshold is reached, keeps the moment of the decision from telling who tipped it.
    ///
    /// `choice` is nil when replaying the trail, which never holds it; `tally` is the trail's count.
    mutating func castBallot(taskAt t: Int, spec: TaskSpec, person: String, choice: String?, tally given: ExpressionObject?,
                             onBehalfBy: String?, eligible: Int) throws(Refusal) {
        let scope = state.tasks[t].scope
        let taskState = state.tasks[t].state
        let taskID = state.tasks[t].id
        state.tasks[t].votes.append(.sealed(person: person, at: now))
        if let choice { state.tasks[t].ballots = ((state.tasks[t].ballots ?? []) + [choice]).sorted() }
        note(scope: scope, from: taskState, to: nil, onBehalfBy.map { "\(person) (by \($0)) voted" } ?? "\(person) voted")
        var tally = given
        if tally == nil, choice != nil, state.tasks[t].votes.count >= eligible {
            tally = Self.count(state.tasks[t].ballots ?? [], actions: spec.actions)
        }
        recorded = .ballotCast(task: taskID, person: person, onBehalfBy: onBehalfBy, tally: tally)
        guard let tally else { return }
        var counted: [(action: String, count: Int)] = []
        for (action, value) in tally.entries {
            guard case .integer(let n) = value, n >= 0, spec.actions.contains(where: { $0.name == action }) else {
                throw Refusal(.conflict, "the tally of task '\(taskState)' has '\(action): \(value.text)', not a count of an action")
            }
            counted.append((action, n))
        }
        // The counts must add up to the voters before any ballot is made of them: a forged
        // tally of billions is refused, not built.
        let voters = state.tasks[t].votes.count
        var total = 0
        for (_, n) in counted {
            let (sum, overflow) = total.addingReportingOverflow(n)
            guard !overflow, sum <= voters else {
                throw Refusal(.conflict, "the tally of task '\(taskState)' counts more ballots than the \(voters) people who voted")
            }
            total = sum
        }
        guard total == voters else {
            throw Refusal(.conflict, "the tally of task '\(taskState)' counts \(total) ballots, but \(voters) people voted")
        }
        let ballots = counted.flatMap { action, n in
            (0..<n).map { _ in Vote(person: "", action: action, form: [:], comment: nil, at: now) }
        }
        state.tasks[t].ballots = nil
        let counts = tally.entries.map { "\($0.key) \($0.value.text)" }.joined(separator: ", ")
        note(scope: scope, from: taskState, to: nil, "ballots counted: \(counts)")
        let decided = Quorum.decision(spec.quorum, count: try quorumCount(spec.quorum, scope: scope, task: taskState),
                                      votes: ballots, eligible: eligible, actions: spec.actions)
        guard let decided, let deciding = spec.actions.first(where: { $0.name == decided }) else { return }
        try decide(taskAt: t, action: deciding, scope: scope, tally: tally)
    }

    /// Replays a `ballotCast` entry: the same checks as the vote had, without its choice.
    mutating func replayBallot(task id: String, person: String, onBehalfBy: String?, tally: ExpressionObject?) throws(Refusal) {
        let (t, spec) = try findOpenTask(id)
        let taskState = state.tasks[t].state
        guard spec.quorum.secret else { throw Refusal(.conflict, "task '\(taskState)' is not a secret ballot") }
        let assignees = state.tasks[t].assignees
        guard assignees.contains(person) else {
            throw Refusal(.notEligible, "\(person) is not among the people of task '\(taskState)' (\(assignees.joined(separator: ", ")))")
        }
        let barred = try checkFourEyes([person], spec: spec, task: taskState)
        if state.tasks[t].voters.contains(person) {
            throw Refusal(.conflict, "\(person) has already acted on task '\(taskState)'")
        }
        let eligible = assignees.count < 2 && barred.isEmpty ? assignees.count : Set(assignees).subtracting(barred).count
        try castBallot(taskAt: t, spec: spec, person: person, choice: nil, tally: tally, onBehalfBy: onBehalfBy, eligible: eligible)
    }

    /// Votes per action, every action named (in the order written), none left out.
    static func count(_ ballots: [String], actions: [TaskAction]) -> ExpressionObject {
        var tally: ExpressionObject = [:]
        for action in actions {
            var n = 0
            for ballot in ballots where ballot == action.name { n += 1 }
            tally[action.name] = .integer(n)
        }
        return tally
    }
}
