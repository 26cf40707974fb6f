/// Where an instance stands as a whole.
public enum InstanceStatus: String, Sendable, Hashable, CaseIterable {
    /// Not finished yet.
    case running
    /// Reached an end state that approves or completes.
    case completed
    /// Reached an end state that rejects.
    case rejected
    /// Stopped by a person before its end.
    case cancelled
    /// Stopped by an error nobody resolved.
    case failed
}

/// One workflow instance as stored: a projection of its trail entries.
public struct InstanceRow: Sendable, Hashable {
    /// The instance id; the primary key.
    public var id: String
    /// The workflow it runs.
    public var workflowID: String
    /// The pinned definition (`DefinitionRow.hash`); never changes for an instance.
    public var definitionHash: String
    /// The instance that started this one, if any.
    public var parentID: String?
    /// Running or finished, and how.
    public var status: InstanceStatus
    /// The engine's projection of the instance (opaque bytes, JSON by convention).
    public var state: [UInt8]
    /// Bumped by the engine on every change; `updateInstance` checks the one it read.
    public var version: Int64
    /// UTC milliseconds.
    public var createdAt: Int64
    /// UTC milliseconds.
    public var updatedAt: Int64
    /// The hash of the roster and calendars its last event was decided under (nil in rows
    /// written before they were recorded).
    public var environment: String?

    /// A row with every field given.
    public init(id: String, workflowID: String, definitionHash: String, parentID: String? = nil,
                status: InstanceStatus, state: [UInt8], version: Int64, createdAt: Int64, updatedAt: Int64,
                environment: String? = nil) {
        self.environment = environment
        self.id = id
        self.workflowID = workflowID
        self.definitionHash = definitionHash
        self.parentID = parentID
        self.status = status
        self.state = state
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
