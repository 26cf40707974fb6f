import Foundation
import StewardAudit
import StewardCore
import StewardExpressions
import StewardEngine
import StewardModel
import StewardStore

/// Reads an instance's trail entries, its definition and its tasks' deadlines into a
/// `ReportInstance`. Everything shown comes from the trail, except the deadlines (kept with
/// the tasks in the store) and the labels and names (from the pinned definition and roster).
struct ReportBuilder {
    let engine: Engine
    let project: Project
    private var rosters: [String: Roster?] = [:]
    /// The roster snapshot in force: an entry names one only when it changed, for the whole
    /// store, so the changes are read from the whole trail once.
    private var environment: String?
    private var environmentChanges: [(seq: Int64, hash: String)]?

    init(engine: Engine, project: Project) {
        self.engine = engine
        self.project = project
    }

    mutating func instance(_ id: String) throws(EngineError) -> ReportInstance {
        let state = try engine.instance(id)
        let compiled = try engine.storedDefinition(hash: state.definitionHash)
        let labels = FormLabels(compiled?.workflow)
        let tasks = Dictionary(try engine.tasks(ofInstance: id).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var report = ReportInstance(
            id: id, workflowID: state.workflowID, workflowTitle: compiled?.workflow.title, status: state.status.rawValue,
            startedAt: state.startedAt.millisecondsSinceEpoch,
            inputs: state.inputs.entries.map { .init(id: $0.key, label: labels.input[$0.key], value: shown($0.value)) })
        var entries: [TrailEntry] = []
        try engine.trail(instance: id, person: nil, since: nil, until: nil) { entries.append($0) }
        let changes = try environmentChangesInTrail()
        environment = entries.first.flatMap { first in changes.last { $0.seq <= first.seq }?.hash }
        for entry in entries {
            try add(entry, to: &report, tasks: tasks, labels: labels)
        }
        return report
    }

    private mutating func add(_ entry: TrailEntry, to report: inout ReportInstance, tasks: [String: TaskRow],
                              labels: FormLabels) throws(EngineError) {
        let details = EntryDetails.parse(entry.details)
        if !entry.definition.isEmpty, !report.definitions.contains(entry.definition) { report.definitions.append(entry.definition) }
        if let named = details?.environment {
            environment = named
            if !report.environments.contains(named) { report.environments.append(named) }
        }
        let name = try self.name(entry.person)
        let refused = details?.refusal != nil || entry.event == "refused"
        var what = details.flatMap(TrailLine.why) ?? details?.notes?.map(\.what).joined(separator: "; ") ?? ""
        var comment: String?
        var deadline: ReportInstance.Deadline?
        if !refused, case let .acted(taskID, person, action, form, text, onBehalfBy)? = details?.event {
            let task = tasks[taskID]
            deadline = task?.dueAt.map { .init(due: $0, met: entry.at <= $0) }
            comment = text.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
            let title = task.map { "\($0.title): " } ?? ""
            what = title + "'\(action)'" + (onBehalfBy.map { "; by \($0) on their behalf" } ?? "")
            let vote = ReportInstance.Vote(
                seq: entry.seq, at: entry.at, person: person, name: try self.name(person),
                onBehalfBy: onBehalfBy, action: action, comment: comment,
                form: form.entries.map { .init(id: $0.key, label: labels.label(task?.state, $0.key), value: shown($0.value)) },
                deadline: deadline)
            let index = Self.decision(taskID, task, in: &report)
            report.decisions[index].votes.append(vote)
            report.decisions[index].choices.append(action)
        }
        if !refused, case let .ballotCast(taskID, person, onBehalfBy, tally)? = details?.event {
            // A secret ballot: the trail has who voted and, on the last vote, the count; never a choice.
            let task = tasks[taskID]
            deadline = task?.dueAt.map { .init(due: $0, met: entry.at <= $0) }
            what = (task.map { "\($0.title): " } ?? "") + "voted (secret ballot)"
            let vote = ReportInstance.Vote(seq: entry.seq, at: entry.at, person: person, name: try self.name(person),
                                           onBehalfBy: onBehalfBy, action: nil, comment: nil, form: [], deadline: deadline)
            let index = Self.decision(taskID, task, in: &report)
            report.decisions[index].votes.append(vote)
            report.decisions[index].secret = true
            if let tally {
                report.decisions[index].counted = tally.entries.compactMap { key, value in
                    guard case .integer(let count) = value else { return nil }
                    return (key, Int(count))
                }
            }
        }
        // `task 'review' decided: approve` names the state; the latest decision of that state takes it.
        for note in details?.notes ?? [] {
            guard note.what.hasPrefix("task '"), let range = note.what.range(of: "' decided: ") else { continue }
            let state = String(note.what[note.what.index(note.what.startIndex, offsetBy: 6)..<range.lowerBound])
            if let index = report.decisions.lastIndex(where: { $0.state == state }) {
                report.decisions[index].outcome = String(note.what[range.upperBound...])
            }
        }
        let move = entry.fromState == entry.toState || entry.fromState.isEmpty ? entry.toState : "\(entry.fromState) → \(entry.toState)"
        report.rows.append(.init(seq: entry.seq, at: entry.at, event: entry.event, person: entry.person, name: name,
                                 account: entry.account, move: move, what: what, comment: comment, deadline: deadline,
                                 definition: entry.definition, environment: environment, clock: details?.clock,
                                 refused: refused))
    }

    /// The place of task `id`'s decision in the report, added when it is the task's first vote.
    private static func decision(_ id: String, _ task: TaskRow?, in report: inout ReportInstance) -> Int {
        if let index = report.decisions.firstIndex(where: { $0.task == id }) { return index }
        report.decisions.append(.init(task: id, state: task?.state ?? "", title: task?.title ?? id, due: task?.dueAt))
        return report.decisions.count - 1
    }

    private mutating func environmentChangesInTrail() throws(EngineError) -> [(seq: Int64, hash: String)] {
        if let environmentChanges { return environmentChanges }
        var changes: [(seq: Int64, hash: String)] = []
        try engine.trail(instance: nil, person: nil, since: nil, until: nil) { entry in
            guard entry.details.contains("\"environment\""), let hash = EntryDetails.parse(entry.details)?.environment else { return }
            changes.append((entry.seq, hash))
        }
        environmentChanges = changes
        return changes
    }

    /// A value as the report shows it: a date-time in the office's time zone, a list of
    /// records as JSON (its brackets keep the records apart), anything else as a template shows it.
    func shown(_ value: ExpressionValue) -> String {
        switch value {
        case .datetime(let instant): return ReportText.time(instant.millisecondsSinceEpoch, project.zone)
        case .list(let elements):
            let nested = elements.contains { element in
                switch element { case .list, .object: true; default: false }
            }
            return nested ? value.json : elements.map(shown).joined(separator: ExpressionValue.listSeparator)
        default: return value.text
        }
    }

    /// The person's name in the roster in force when the entry was made (else today's).
    private mutating func name(_ person: String) throws(EngineError) -> String? {
        guard !person.isEmpty else { return nil }
        var roster = project.roster
        if let environment {
            if rosters[environment] == nil { rosters[environment] = try engine.storedRoster(environment: environment) }
            roster = rosters[environment].flatMap { $0 } ?? roster
        }
        return roster?.people[person]?.name
    }
}

/// The labels a definition gives its inputs and its tasks' form fields.
struct FormLabels {
    var input: [String: String] = [:]
    var fields: [String: [String: String]] = [:]

    init(_ workflow: Workflow?) {
        guard let workflow else { return }
        for spec in workflow.inputs { input[spec.name] = spec.label }
        collect(workflow.flow.states)
    }

    private mutating func collect(_ states: [State]) {
        for state in states {
            switch state.kind {
            case .task(let task):
                var labels: [String: String] = [:]
                for spec in task.form { labels[spec.name] = spec.label }
                fields[state.name] = labels
            case .parallel(let spec): for branch in spec.branches { collect(branch.flow.states) }
            case .foreach(let spec): collect(spec.body.states)
            default: break
            }
        }
    }

    func label(_ state: String?, _ field: String) -> String? {
        state.flatMap { fields[$0]?[field] }
    }
}
