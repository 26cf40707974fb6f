import StewardTime

/// Everything an expression may read while it is evaluated; nothing else is reachable from it.
///
/// The context never reads a clock or a file: `now`, the UTC offset, the calendar and the roster
/// question all come from the caller.
public struct EvaluationContext: Sendable {
    /// Values of the instance's inputs.
    public var inputs: ExpressionObject
    /// The instance's variables.
    public var vars: ExpressionObject
    /// What each state that has run produced, by state name; a state not in here reads as null.
    public var states: [String: StateValues]
    /// The instance id (`instance.id`).
    public var instanceID: String
    /// The id of the person acting (`actor`), when a person acts; null otherwise.
    public var actor: String?
    /// The current foreach item, or nil outside a foreach.
    public var item: ExpressionValue?
    /// The name of the foreach item (`as:`), `item` by default.
    public var itemName: String
    /// The items of the foreach states around the current one, innermost first, by name.
    public var outerItems: [(name: String, value: ExpressionValue)] = []
    /// The time of the event being handled (`now`).
    public var now: Instant
    /// The organization's offset from UTC in seconds at an instant (28,800 for Asia/Shanghai), used to
    /// turn datetimes into dates and to read datetimes written without a zone.
    public var utcOffset: @Sendable (Instant) -> Int
    /// The workflow's working-day calendar, for `addWorkdays`.
    public var calendar: (any WorkdayCalendar)?
    /// Answers `isMember(person, role)` from the roster; nil where no roster is loaded.
    public var isMember: (@Sendable (_ person: String, _ role: String) -> Bool)?
    /// The bounds on evaluation.
    public var limits: ExpressionLimits

    /// Creates a context.
    public init(
        inputs: ExpressionObject = [:],
        vars: ExpressionObject = [:],
        states: [String: StateValues] = [:],
        instanceID: String = "",
        actor: String? = nil,
        item: ExpressionValue? = nil,
        itemName: String = "item",
        now: Instant,
        utcOffset: @escaping @Sendable (Instant) -> Int = { _ in 0 },
        calendar: (any WorkdayCalendar)? = nil,
        isMember: (@Sendable (_ person: String, _ role: String) -> Bool)? = nil,
        limits: ExpressionLimits = .default
    ) {
        self.inputs = inputs
        self.vars = vars
        self.states = states
        self.instanceID = instanceID
        self.actor = actor
        self.item = item
        self.itemName = itemName
        self.now = now
        self.utcOffset = utcOffset
        self.calendar = calendar
        self.isMember = isMember
        self.limits = limits
    }
}
