/// How a task's votes decide, fixed when an instance starts: upgrading Steward never changes how
/// a running instance's votes count, nor how its trail replays.
public enum DecisionRules: Int, Codable, Sendable {
    /// Before thresholds: when no action reached the quorum, the most chosen one decided, and
    /// only the deciding person's form was kept (with the comment as a `comment` field).
    case mostChosen = 1
    /// A threshold is reached or, once it cannot be, the fallback decides; every person's
    /// action, form and comment is kept (`states.NAME.votes`, `states.NAME.comment`).
    case thresholds = 2

    /// The rules new instances start under.
    public static let current = DecisionRules.thresholds
}
