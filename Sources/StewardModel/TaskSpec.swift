import StewardDiagnostics
import StewardTime

/// A human task: who does it, what they fill in, what they may decide, and by when.
public struct TaskSpec: Sendable, Hashable {
    public let assignee: Assignee
    public let quorum: Quorum
    /// States whose actors may not act here (the four-eyes rule).
    public let separateFrom: [Located<String>]
    public let form: [FieldSpec]
    public let actions: [TaskAction]
    public let due: DurationValue?
    public let remind: [Reminder]
    public let escalate: [Escalation]
}

/// Who may act on a task.
public enum Assignee: Sendable, Hashable {
    case role(Located<String>)
    case person(Located<String>)
    /// An expression giving a person id (or a list of them).
    case expression(TemplateText)
}

/// One decision a person can take on a task (`approve`, `reject`, `submit`).
public struct TaskAction: Sendable, Hashable {
    public let name: String
    public let location: SourceLocation
    /// The next state; nil for an abstention, which never decides the task.
    public let target: Located<String>?
    /// `kind: abstain`: the person takes part without choosing (counted as having acted, never
    /// as a vote for or against).
    public let abstains: Bool
    /// Form fields (or `comment`) that must be filled to take this action.
    public let require: [Located<String>]
    /// A condition that must hold for the action to be offered.
    public let condition: TemplateText?
    /// Variables to set when the action is taken.
    public let set: [(name: String, value: TemplateText)]

    public static func == (lhs: TaskAction, rhs: TaskAction) -> Bool {
        lhs.name == rhs.name && lhs.location == rhs.location && lhs.target == rhs.target
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(location)
    }
}

/// A duration as written: fixed (`5 workdays`) or computed (`${{ item.deadline }}`).
public enum DurationValue: Sendable, Hashable {
    case fixed(DurationSpec, SourceLocation)
    case expression(TemplateText)
}

/// A reminder to the assignees, relative to the due time (`2 workdays before due`).
public struct Reminder: Sendable, Hashable {
    public let time: RelativeTime
    public let location: SourceLocation
}

/// What happens when a task is late.
public struct Escalation: Sendable, Hashable {
    /// When: `due` (at the due time) or a duration after the task opened, or after due.
    public let after: EscalationTime
    /// Reassign to (or add) these people.
    public let to: Assignee?
    /// Who to notify.
    public let notify: [Assignee]
    /// Take this task action automatically (e.g. `reject`).
    public let action: Located<String>?
    public let location: SourceLocation
}

/// The moment an escalation fires.
public enum EscalationTime: Sendable, Hashable {
    /// Relative to the due time: `due`, `1 workday after due`.
    case relativeToDue(RelativeTime)
    /// This long after the task opened: `3 days`.
    case afterOpened(DurationSpec)
}
