/// The last time one cron entry of a workflow fired, for catching up after a pause.
public struct ScheduleRow: Sendable, Hashable {
    /// The workflow.
    public var workflowID: String
    /// Which of its schedule entries (0-based, in file order).
    public var entry: Int
    /// UTC milliseconds of the last fire.
    public var lastFire: Int64

    /// A row with every field given.
    public init(workflowID: String, entry: Int, lastFire: Int64) {
        self.workflowID = workflowID
        self.entry = entry
        self.lastFire = lastFire
    }
}
