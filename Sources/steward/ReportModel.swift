import StewardAudit
import StewardCore

/// One instance as the auditor's report shows it: what its trail entries say, with the
/// labels of the definition it ran and the names of the roster in force at each entry.
struct ReportInstance {
    /// A form value or input, with the label its definition gives the field.
    struct Field {
        let id: String
        let label: String?
        let value: String
    }

    /// A deadline, and whether the act that closed the task came by it.
    struct Deadline {
        let due: Int64
        let met: Bool
    }

    /// One trail entry.
    struct Row {
        let seq: Int64
        let at: Int64
        let event: String
        /// The person who declared themselves; empty for the engine.
        let person: String
        let name: String?
        let account: String
        let move: String
        let what: String
        let comment: String?
        let deadline: Deadline?
        let definition: String
        let environment: String?
        /// The clock override the entry was made under (`STEWARD_NOW=…`), if any.
        let clock: String?
        let refused: Bool
    }

    /// One person's act on a decision's task: their choice, form and comment, or under a
    /// secret ballot only that they voted.
    struct Vote {
        let seq: Int64
        let at: Int64
        let person: String
        let name: String?
        let onBehalfBy: String?
        /// Nil under a secret ballot.
        let action: String?
        let comment: String?
        let form: [Field]
        let deadline: Deadline?
    }

    /// A task that people acted on, with every act and how it was decided.
    struct Decision {
        let task: String
        let state: String
        let title: String
        let due: Int64?
        var secret = false
        var votes: [Vote] = []
        /// The action the task was decided with, when the trail says so.
        var outcome: String?

        /// The count a secret ballot's trail gives when it closes (it never has the choices).
        var counted: [(action: String, count: Int)]?

        /// How many chose each action, in the order first chosen (the abstentions included).
        var tally: [(action: String, count: Int)] {
            if let counted { return counted }
            var counts: [(action: String, count: Int)] = []
            for action in choices {
                if let index = counts.firstIndex(where: { $0.action == action }) {
                    counts[index].count += 1
                } else {
                    counts.append((action, 1))
                }
            }
            return counts
        }

        /// The choices of an open vote, in the order made.
        var choices: [String] = []
    }

    let id: String
    let workflowID: String
    let workflowTitle: String?
    let status: String
    let startedAt: Int64
    let inputs: [Field]
    var rows: [Row] = []
    var decisions: [Decision] = []
    /// The definitions and roster snapshots the entries name, in the order first named.
    var definitions: [String] = []
    var environments: [String] = []

    var clockOverrides: Int { rows.filter { $0.clock != nil }.count }
    var missedDeadlines: Int { rows.filter { $0.deadline?.met == false }.count }
    var refusals: Int { rows.filter(\.refused).count }
    var lastAt: Int64? { rows.last?.at }
}

/// Every instance active in a period (an entry of its trail falls in it), for the annual audit.
struct ReportPeriod {
    let since: Int64
    let until: Int64
    let sinceText: String
    let untilText: String
    var instances: [ReportInstance]
}

/// What the report says about the trail's verification.
struct ReportVerification {
    let isOK: Bool
    /// `audit verify`'s own lines, verdict first.
    let lines: [String]
    /// The entries a problem names, marked in the timeline.
    let badEntries: Set<Int64>
    /// The instances a problem names.
    let badInstances: Set<String>
    let checkpoints: [String]

    init(_ outcome: VerifyOutcome, checkpoints: [String]) {
        isOK = outcome.isOK
        lines = outcome.lines
        let errors = outcome.problems.filter { $0.severity == .error }
        badEntries = Set(errors.compactMap(\.seq))
        badInstances = Set(errors.compactMap(\.instance))
        self.checkpoints = checkpoints
    }
}
