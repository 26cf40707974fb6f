import Foundation
import StewardCore
import StewardExpressions

/// What a step handler is asked to do: one call for one attempt of one action state.
public struct StepRequest: Sendable {
    /// The idempotency key (instance/state/scope/attempt): the same key means the same call.
    public let key: String
    public let instance: String
    public let workflow: String
    public let state: String
    public let attempt: Int
    /// `with:`, evaluated.
    public let arguments: ExpressionValue
    /// Where handlers may write: the project's outbox and ledger folders.
    public let places: HandlerPlaces

    public init(key: String, instance: String, workflow: String, state: String, attempt: Int,
                arguments: ExpressionValue, places: HandlerPlaces) {
        self.key = key
        self.instance = instance
        self.workflow = workflow
        self.state = state
        self.attempt = attempt
        self.arguments = arguments
        self.places = places
    }
}

/// Folders of the project that handlers write into.
public struct HandlerPlaces: Sendable {
    public let outbox: URL
    public let ledger: URL

    public init(outbox: URL, ledger: URL) {
        self.outbox = outbox
        self.ledger = ledger
    }
}

/// How a handler call ended.
public enum StepOutcome: Sendable, Equatable {
    case success(ExpressionValue)
    /// `kind` is matched against `catch:` (`handler`, `timeout`, or a kind of the handler's own).
    case failure(kind: String, message: String)
}

/// An automatic step's implementation: built in, or a plug-in.
public protocol StepHandler: Sendable {
    var name: String { get }
    /// True when calling twice with the same key does no harm: after a crash between the
    /// call and its recorded result, an idempotent step is called again, others are flagged.
    var isIdempotent: Bool { get }
    func run(_ request: StepRequest) -> StepOutcome
}

/// The handlers an engine can call, by name.
public struct HandlerRegistry: Sendable {
    public private(set) var handlers: [String: any StepHandler] = [:]

    public init(_ handlers: [any StepHandler] = []) {
        for handler in handlers { self.handlers[handler.name] = handler }
    }

    public mutating func register(_ handler: any StepHandler) {
        handlers[handler.name] = handler
    }

    public func handler(named name: String) -> (any StepHandler)? { handlers[name] }

    /// The built-in handlers that do I/O (`set`, `log` and `fail` run inside the core).
    public static let builtIn = HandlerRegistry([NotifyHandler(), ArchiveHandler()])
}
