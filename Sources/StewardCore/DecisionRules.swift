/// How a task's votes decide, fixed when an instance starts: upgrading Steward never changes how
/// a running instance's votes count, nor how its trail replays.
public enum DecisionRules: Int, Codable, Sendable {
    /// Before thresholds: when no action reached the quorum, the most chosen one decided, and
    /// only the deciding person's form was kept (with the comment as a `comment` field); a
    /// `set:` or output expression that failed gave null.
    case mostChosen = 1
    /// A threshold is reached or, once it cannot be, the fallback decides; every person's
    /// action, form and comment is kept (`states.NAME.votes`, `states.NAME.comment`); a `set:`
    /// that fails refuses the act (or fails the instance when a timer decides), and an output
    /// that fails fails the instance, each with the message.
    case thresholds = 2

    /// The rules new instances start under.
    public static let current = DecisionRules.thresholds
}
