import StewardCore
import StewardExpressions
import StewardStore
import StewardTime

extension Engine {
    /// The act this person already took that a refused `act` repeats, as a conflict to answer
    /// with: a command run again after its first run was cut off (killed, timed out) once it
    /// had committed finds its act done, instead of a puzzling refusal from where the
    /// instance has moved on to.
    ///
    /// The same act is the same person's same action on the task that `--state` names (by its
    /// state, handle or id), or on any task without it; the latest such act in the trail is
    /// the one repeated. It counts only while it stands: a vote on a task still open must
    /// still be among its votes (a reassignment drops them), and when the task's state has
    /// opened again since (a later round of a reject loop), the command is about that round
    /// and gets the usual answer. The fields need not match: the act is done either way, and
    /// recorded values that differ from the ones given are named, so nobody takes a
    /// correction as made. Returns the conflict and the task acted on.
    func repeatedAct(by person: String, action: String, state name: String?, fields: [String: String],
                     comment: String?, on instance: InstanceState, machine: WorkflowMachine,
                     tx: WriteTransaction) throws -> (error: EngineError, task: String)? {
        var earlier: [(task: String, at: Int64, form: ExpressionObject, comment: String?)] = []
        try tx.forEachTrailEntry(instance: instance.id, person: person) { entry in
            // `voted` is an act that left its task open (a quorum not yet reached).
            guard entry.event == "acted" || entry.event == "voted",
                  case .acted(let task, let who, let chosen, let form, let said, _)? = EntryDetails.parse(entry.details)?.event,
                  who == person, chosen == action else { return }
            earlier.append((task, entry.at, form, said))
        }
        for act in earlier.reversed() {
            guard let row = try tx.loadTask(id: act.task) else { continue }
            if let name, name != row.state, name != act.task, name != Self.handle(ofTask: act.task, in: instance.id) { continue }
            if let open = instance.tasks.first(where: { $0.id == act.task }) {
                guard open.votes.contains(where: { $0.person == person && $0.action == action }) else { return nil }
            } else if instance.tasks.contains(where: { $0.state == row.state && Self.opened($0, after: act.task, at: act.at) }) {
                return nil
            }
            let typed: ExpressionObject?
            do {
                typed = try formValues(fields, state: row.state, person: person, machine: machine)
            } catch {
                typed = nil
            }
            var differing = fields.keys.sorted().filter { typed?[$0] != act.form[$0] }
                .map { "\($0)=\(act.form[$0]?.text ?? "(nothing)")" }
            if let comment, comment != act.comment { differing.append("comment=\(act.comment ?? "(nothing)")") }
            let task = name.map { $0 == row.state ? "'\(row.state)'" : "'\(row.state)' (\($0))" } ?? "'\(row.state)'"
            let values = differing.isEmpty ? "" : ", with \(differing.joined(separator: ", ")), not the values given now"
            let message = "\(person)'s '\(action)' on \(task) was already recorded at "
                + "\(moment(Instant(millisecondsSinceEpoch: act.at)))\(values); nothing changed"
            return (EngineError(.conflict, message, reason: "already-recorded"), act.task)
        }
        return nil
    }

    /// Whether `task` was opened after the act on task `earlier` at `at`: later in time, or, at
    /// the same millisecond (a manual or test clock that has not moved), given a later serial
    /// (task ids end in the instance's serial, so a round opened again counts as new).
    static func opened(_ task: OpenTask, after earlier: String, at: Int64) -> Bool {
        let opened = task.openedAt.millisecondsSinceEpoch
        guard opened == at else { return opened > at }
        return (serial(ofTask: task.id) ?? 0) > (serial(ofTask: earlier) ?? Int.max)
    }

    /// The serial a task id ends in (`….task12` → 12).
    static func serial(ofTask id: String) -> Int? {
        Int(id.reversed().prefix { $0.isASCII && $0.isNumber }.reversed().map(String.init).joined())
    }

    /// Whether `error` is the answer of the rules to an act (not a store failure): the answers
    /// a repeated act would get.
    static func isRefusal(_ error: any Error) -> Bool {
        switch error {
        case is EarlyRefusal, is EngineRefusal: true
        case let error as EngineError: [.refused, .conflict, .notFound, .usage].contains(error.kind)
        default: false
        }
    }
}
