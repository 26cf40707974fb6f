/// A moment at which an instance has something to do: a deadline, a reminder, an escalation,
/// a retry.
public struct TimerRow: Sendable, Hashable {
    /// The timer id; the primary key. Deleting it is how a tick claims it.
    public var id: String
    /// The instance it wakes.
    public var instanceID: String
    /// What it is for (`deadline`, `reminder`, `escalation`, `retry`, …); the engine's vocabulary.
    public var kind: String
    /// UTC milliseconds when it is due.
    public var dueAt: Int64
    /// Whatever the engine needs when it fires (JSON by convention).
    public var payload: String

    /// A row with every field given.
    public init(id: String, instanceID: String, kind: String, dueAt: Int64, payload: String = "{}") {
        self.id = id
        self.instanceID = instanceID
        self.kind = kind
        self.dueAt = dueAt
        self.payload = payload
    }
}
