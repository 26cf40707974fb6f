/// What the checker knows about one state: `states.<name>.form.<field>`, `.action`, `.actor`, `.at`,
/// `.output`, `.results`, `.comment`, `.votes`.
///
/// Every field is optional (the state may not have run yet): `action` string, `actor` person,
/// `at` datetime, `comment` string, `form` a closed object of the form's fields, `output` and
/// `results` as given; `votes` is a list (empty until people act) of objects with `person`,
/// `action`, `form`, `comment` and `at`.
public struct StateScope: Sendable, Hashable {
    /// The state's form fields and their types.
    public var form: [String: ExpressionType]
    /// The type of the state's output (an action step's result).
    public var output: ExpressionType
    /// The type of a foreach state's results.
    public var results: ExpressionType

    /// Creates a state scope.
    public init(form: [String: ExpressionType] = [:], output: ExpressionType = .any,
                results: ExpressionType = .list(of: .any)) {
        self.form = form
        self.output = output
        self.results = results
    }

    /// A state written in the file that could not be read (its own finding says why): any
    /// use of it is accepted, so that one mistake is not also reported as "no state named".
    public var unread = false

    /// The scope of a state that could not be read.
    public static var unreadState: StateScope {
        var scope = StateScope()
        scope.unread = true
        return scope
    }

    /// The type of `states.<name>`.
    var type: ExpressionType {
        if unread { return .any }
        let formType = ExpressionType.object(fields: form.mapValues { .optional($0.unwrapped) }, isOpen: false)
        let vote = ExpressionType.object(fields: [
            "person": .person, "action": .string, "form": formType, "comment": .optional(.string), "at": .datetime,
        ], isOpen: false)
        return .object(fields: [
            "form": formType,
            "action": .optional(.string),
            "actor": .optional(.person),
            "at": .optional(.datetime),
            "output": output,
            "results": results,
            "comment": .optional(.string),
            "votes": .list(of: vote),
        ], isOpen: false)
    }
}
