/// What the checker may assume is available where an expression appears; the caller fills it from the workflow.
///
/// Root names:
///
/// | name | type |
/// |---|---|
/// | `inputs` | closed object of `inputs` |
/// | `vars` | open object: fields in `vars` have their type, any other field is `any` |
/// | `states` | closed object: `states.<name>` for each state in `states` (see `StateScope`) |
/// | `instance` | `{ id: string }` |
/// | `actor` | person, when `actorAvailable` |
/// | `item` (or `itemName`) | `item`'s type, inside a foreach |
/// | `now` | datetime |
public struct CheckScope: Sendable {
    /// Declared inputs and their types.
    public var inputs: [String: ExpressionType]
    /// Known variables and their types; other variables are allowed and have type `any`.
    public var vars: [String: ExpressionType]
    /// The workflow's states by name.
    public var states: [String: StateScope] {
        didSet { statesType = Self.objectType(of: states) }
    }
    /// The type of the current foreach item, or nil outside a foreach.
    public var item: ExpressionType?
    /// The name the foreach gives its item (`as:`), `item` by default.
    public var itemName: String
    /// The items of the foreach states around this one, innermost first, by their `as:` names.
    public var outerItems: [(name: String, type: ExpressionType)] = []
    /// Whether `actor` (the person acting) is available here.
    public var actorAvailable: Bool
    /// The type of `states`, built once: a workflow with a thousand states is checked
    /// expression by expression, and rebuilding it for each would be quadratic.
    private var statesType: ExpressionType = .object(fields: [:], isOpen: false)

    /// Creates a scope.
    public init(
        inputs: [String: ExpressionType] = [:],
        vars: [String: ExpressionType] = [:],
        states: [String: StateScope] = [:],
        item: ExpressionType? = nil,
        itemName: String = "item",
        actorAvailable: Bool = false
    ) {
        self.inputs = inputs
        self.vars = vars
        self.states = states
        self.item = item
        self.itemName = itemName
        self.actorAvailable = actorAvailable
        statesType = Self.objectType(of: states)
    }

    private static func objectType(of states: [String: StateScope]) -> ExpressionType {
        .object(fields: states.mapValues(\.type), isOpen: false)
    }

    /// The root names available in this scope, for suggestions.
    var rootNames: [String] {
        var names = ["inputs", "vars", "states", "instance", "now"]
        if actorAvailable { names.append("actor") }
        if item != nil { names.append(itemName) }
        names += outerItems.map(\.name)
        return names
    }

    /// The static type of a root name, or nil when it is not available.
    func type(ofRoot name: String) -> ExpressionType? {
        switch name {
        case "inputs": return .object(fields: inputs, isOpen: false)
        case "vars": return .object(fields: vars, isOpen: true)
        case "states": return statesType
        case "instance": return .object(fields: ["id": .string], isOpen: false)
        case "now": return .datetime
        case "actor" where actorAvailable: return .person
        case itemName: return item
        default: return outerItems.first { $0.name == name }?.type
        }
    }
}
