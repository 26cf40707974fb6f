/// Every step handler Steward knows, by name: its contract (what `validate` checks) and,
/// except for the core's own, the code the engine calls.
public struct HandlerRegistry: Sendable {
    public private(set) var contracts: [String: HandlerContract] = [:]
    private var handlers: [String: any StepHandler] = [:]

    /// The core's handlers only (`set`, `log`, `fail`).
    public init() {
        for contract in Self.coreContracts { contracts[contract.name] = contract }
    }

    /// The core's handlers and the given ones.
    public init(_ handlers: [any StepHandler]) {
        self.init()
        for handler in handlers { register(handler) }
    }

    /// Adds (or replaces) a handler.
    public mutating func register(_ handler: any StepHandler) {
        contracts[handler.contract.name] = handler.contract
        handlers[handler.contract.name] = handler
    }

    /// Adds a contract with no code here, for checking workflows that name it (tests, and a
    /// project whose plug-in cannot be loaded but whose manifest can be read).
    public mutating func declare(_ contract: HandlerContract) {
        contracts[contract.name] = contract
    }

    public func contract(named name: String) -> HandlerContract? { contracts[name] }

    public func handler(named name: String) -> (any StepHandler)? { handlers[name] }

    public var names: [String] { contracts.keys.sorted() }

    /// Handlers the core runs itself, in the step that enters their state.
    public static let coreContracts: [HandlerContract] = [
        HandlerContract(name: "set", version: "1", summary: "sets workflow variables (vars.NAME) to the given values",
                        tier: .core, openInputs: true, idempotent: true),
        HandlerContract(name: "log", version: "1", summary: "writes a message to the audit trail", tier: .core,
                        inputs: [HandlerInput("message", .any, required: true), HandlerInput("level", .text)],
                        idempotent: true),
        HandlerContract(name: "fail", version: "1", summary: "fails the step on purpose with a reason (for catch and tests)",
                        tier: .core, inputs: [HandlerInput("reason", .any, required: true), HandlerInput("kind", .text)],
                        idempotent: true),
    ]
}
