/// An instance with automatic work to do now, and since when.
public struct ReadyRow: Sendable, Hashable {
    /// The instance.
    public var instanceID: String
    /// UTC milliseconds since it has been ready.
    public var since: Int64

    /// A row with every field given.
    public init(instanceID: String, since: Int64) {
        self.instanceID = instanceID
        self.since = since
    }
}
