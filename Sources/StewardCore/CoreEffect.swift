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
    /// Cancel the child a `workflow` state is still waiting for: the state was left without
    /// it (a join cancelled its branch, a timeout or escalation moved on).
    case cancelChild(ParentLink)
    /// The instance ended.
    case finish(InstanceStatus)
    /// A line for the trail (a `log` step).
    case log(String)
    /// A task opened without its deadline (or a reminder or escalation) for want of calendar
    /// data: send `calendarUpdated` once the calendars change, to place what is missing.
    case awaitCalendar(task: String)
}

/// A message for people.
public struct Notice: Sendable, Equatable, Codable {
    public let people: [String]
    public let subject: String
    public let body: String
    /// `task-opened`, `reminder`, `escalation`, `overdue`, `notify`, `calendar-gap`, `no-assignee`, `reassigned`.
    public let reason: String
    /// The task the notice is about, for programs (the words are for people); nil in notices
    /// about no task and in entries from before it was kept.
    public let task: String?

    public init(people: [String], subject: String, body: String, reason: String, task: String? = nil) {
        self.people = people
        self.subject = subject
        self.body = body
        self.reason = reason
        self.task = task
    }
}

/// A step in an event's handling, for the trail's details and for people reading it.
public struct CoreNote: Sendable, Equatable, Codable {
    public let scope: Int
    public let from: String?
    public let to: String?
    /// What happened, kept in parts for the notes every event makes (a state entered, a
    /// choice, a decision) and put into words only when read or written to the trail.
    let detail: Detail

    enum Detail: Sendable {
        case text(String)
        /// `entered task 'draft'`.
        case entered(type: String, name: String)
        /// `li.ming chose 'submit'`, or `li.ming (by admin) chose 'submit'`.
        case chose(person: String, onBehalfBy: String?, action: String)
        /// `task 'review' decided: approve`.
        case decided(task: String, action: String)
    }

    public init(scope: Int, from: String?, to: String?, what: String) {
        self.init(scope: scope, from: from, to: to, detail: .text(what))
    }

    init(scope: Int, from: String?, to: String?, detail: Detail) {
        self.scope = scope
        self.from = from
        self.to = to
        self.detail = detail
    }

    /// The note in words, as the trail holds it.
    public var what: String {
        switch detail {
        case .text(let text): text
        case let .entered(type, name): "entered \(type) '\(name)'"
        case let .chose(person, nil, action): "\(person) chose '\(action)'"
        case let .chose(person, by?, action): "\(person) (by \(by)) chose '\(action)'"
        case let .decided(task, action): "task '\(task)' decided: \(action)"
        }
    }

    public static func == (lhs: CoreNote, rhs: CoreNote) -> Bool {
        lhs.scope == rhs.scope && lhs.from == rhs.from && lhs.to == rhs.to && lhs.what == rhs.what
    }

    private enum CodingKeys: String, CodingKey { case scope, from, to, what }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(scope: try c.decode(Int.self, forKey: .scope), from: try c.decodeIfPresent(String.self, forKey: .from),
                  to: try c.decodeIfPresent(String.self, forKey: .to), what: try c.decode(String.self, forKey: .what))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(scope, forKey: .scope)
        try c.encodeIfPresent(from, forKey: .from)
        try c.encodeIfPresent(to, forKey: .to)
        try c.encode(what, forKey: .what)
    }
}
