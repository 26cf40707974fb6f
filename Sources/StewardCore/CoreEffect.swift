import StewardExpressions
import StewardModel
import StewardTime

/// What the engine must do after the core decided: the core itself does no I/O.
public enum CoreEffect: Sendable, Equatable {
    /// Call a step handler (write the intent first; feed back its result as an event).
    case callHandler(PendingStep)
    case setTimer(Timer)
    case clearTimer(String)
    case openTask(OpenTask)
    case closeTask(String)
    /// Tell people something (assignees of a new task, a reminder, an escalation, a `notify` step).
    case notify(Notice)
    /// Start a child instance for a `workflow` state.
    case startChild(workflow: String, inputs: ExpressionObject, parent: ParentLink)
    /// The instance ended.
    case finish(InstanceStatus)
    /// A line for the trail (a `log` step).
    case log(String)
}

/// A message for people.
public struct Notice: Sendable, Equatable, Codable {
    public let people: [String]
    public let subject: String
    public let body: String
    /// `task-opened`, `reminder`, `escalation`, `overdue`, `notify`.
    public let reason: String

    public init(people: [String], subject: String, body: String, reason: String) {
        self.people = people
        self.subject = subject
        self.body = body
        self.reason = reason
    }
}

/// A step in an event's handling, for the trail's details and for people reading it.
public struct CoreNote: Sendable, Equatable, Codable {
    public let scope: Int
    public let from: String?
    public let to: String?
    public let what: String

    public init(scope: Int, from: String?, to: String?, what: String) {
        self.scope = scope
        self.from = from
        self.to = to
        self.what = what
    }
}
