/// Whether a task still waits for a person.
public enum TaskStatus: String, Sendable, Hashable, CaseIterable {
    /// Waiting for someone to act.
    case open
    /// Acted on, or no longer needed.
    case closed
}

/// A task waiting for (or once waiting for) people: one per task state entered.
public struct TaskRow: Sendable, Hashable {
    /// The task id; the primary key.
    public var id: String
    /// The instance it belongs to.
    public var instanceID: String
    /// The task state of the workflow that opened it.
    public var state: String
    /// What a person sees in their list.
    public var title: String
    /// Ids of the people who may act on it.
    public var assignees: [String]
    /// Roles whose members may act on it.
    public var roles: [String]
    /// UTC milliseconds.
    public var openedAt: Int64
    /// UTC milliseconds of its deadline, if it has one.
    public var dueAt: Int64?
    /// Open or closed.
    public var status: TaskStatus

    /// A row with every field given.
    public init(id: String, instanceID: String, state: String, title: String, assignees: [String] = [],
                roles: [String] = [], openedAt: Int64, dueAt: Int64? = nil, status: TaskStatus = .open) {
        self.id = id
        self.instanceID = instanceID
        self.state = state
        self.title = title
        self.assignees = assignees
        self.roles = roles
        self.openedAt = openedAt
        self.dueAt = dueAt
        self.status = status
    }
}
