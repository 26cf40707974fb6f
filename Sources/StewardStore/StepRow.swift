/// Where a handler call stands.
public enum StepStatus: String, Sendable, Hashable, CaseIterable {
    /// Written before the call; still without a result.
    case intent
    /// The handler returned a result.
    case done
    /// The handler failed.
    case failed
    /// After a crash the call could not safely be retried: a person must look.
    case flagged
}

/// One handler call of an action step, recorded around the call (intent before, result after).
public struct StepRow: Sendable, Hashable {
    /// The idempotency key (`StepRow.key(instance:state:attempt:)`); the primary key.
    public var key: String
    /// The instance.
    public var instanceID: String
    /// The action state.
    public var state: String
    /// The handler called.
    public var handler: String
    /// 1 for the first try, then 2, 3, …
    public var attempt: Int
    /// Intent, done, failed or flagged.
    public var status: StepStatus
    /// UTC milliseconds when the intent was written.
    public var startedAt: Int64
    /// UTC milliseconds when the result was written.
    public var finishedAt: Int64?
    /// The handler's reply or error (JSON by convention).
    public var result: String?

    /// A row with every field given.
    public init(key: String, instanceID: String, state: String, handler: String, attempt: Int,
                status: StepStatus = .intent, startedAt: Int64, finishedAt: Int64? = nil, result: String? = nil) {
        self.key = key
        self.instanceID = instanceID
        self.state = state
        self.handler = handler
        self.attempt = attempt
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.result = result
    }

    /// The idempotency key of one attempt at one state of one instance: `instance/state/attempt`.
    public static func key(instance: String, state: String, attempt: Int) -> String {
        "\(instance)/\(state)/\(attempt)"
    }
}
