import StewardTime

/// What one state has produced, as `states.<name>.…` reads it.
public struct StateValues: Sendable, Equatable {
    /// The submitted form (`states.<name>.form`).
    public var form: ExpressionObject
    /// The action taken (`approve`), if any.
    public var action: String?
    /// The id of the person who acted, if any.
    public var actor: String?
    /// When the state was left, if it was.
    public var at: Instant?
    /// An action step's output.
    public var output: ExpressionValue
    /// A foreach state's results, one per item.
    public var results: [ExpressionValue]?
    /// The comment given with the deciding action (`states.<name>.comment`).
    public var comment: String?
    /// Every person's action on a task, in the order they acted: objects with `person`,
    /// `action`, `form`, `comment` and `at` (`states.<name>.votes`).
    public var votes: [ExpressionValue]

    /// Creates state values.
    public init(form: ExpressionObject = [:], action: String? = nil, actor: String? = nil, at: Instant? = nil,
                output: ExpressionValue = .null, results: [ExpressionValue]? = nil, comment: String? = nil,
                votes: [ExpressionValue] = []) {
        self.form = form
        self.action = action
        self.actor = actor
        self.at = at
        self.output = output
        self.results = results
        self.comment = comment
        self.votes = votes
    }

    /// One field of `value`, or nil for a name it does not have.
    func field(_ name: String) -> ExpressionValue? {
        switch name {
        case "form": .object(form)
        case "action": action.map(ExpressionValue.string) ?? .null
        case "actor": actor.map(ExpressionValue.string) ?? .null
        case "at": at.map(ExpressionValue.datetime) ?? .null
        case "output": output
        case "results": results.map(ExpressionValue.list) ?? .null
        case "comment": comment.map(ExpressionValue.string) ?? .null
        case "votes": .list(votes)
        default: nil
        }
    }

    /// The state as an object value.
    public var value: ExpressionValue {
        .object([
            "form": .object(form),
            "action": action.map(ExpressionValue.string) ?? .null,
            "actor": actor.map(ExpressionValue.string) ?? .null,
            "at": at.map(ExpressionValue.datetime) ?? .null,
            "output": output,
            "results": results.map(ExpressionValue.list) ?? .null,
            "comment": comment.map(ExpressionValue.string) ?? .null,
            "votes": .list(votes),
        ])
    }
}
