import Foundation
import StewardExpressions

/// What a step handler is asked to do: one call for one attempt of one action state.
public struct StepRequest: Sendable {
    /// The idempotency key of this attempt (instance/state/scope/attempt/serial): the same key
    /// means the same call, made again after a crash.
    public let key: String
    /// The same for every attempt of one visit to the state, for a receiver's idempotency
    /// header: a retry after a lost answer is recognised as the same operation.
    public let operationKey: String
    public let instance: String
    public let workflow: String
    public let state: String
    public let attempt: Int
    /// `with:`, evaluated.
    public let arguments: ExpressionValue
    /// Where handlers may write.
    public let places: HandlerPlaces
    /// When the call must have ended; the handler stops its work there (and the engine stops
    /// waiting for it).
    public let deadline: ContinuousClock.Instant
    /// What the archive handler files: gathered by the engine only for handlers that ask for it.
    public let record: InstanceRecord?
    /// The values of the contract's `secret` inputs, by input name. In `arguments` such an
    /// input holds only the secret's name: its value is never in the instance or the trail.
    public let secrets: [String: String]
    /// What the project offers beyond the arguments (the roster, notify's channels, the other
    /// handlers); given to built-ins, nil in a request a handler makes of another.
    public let context: HandlerContext?

    public init(key: String, operationKey: String, instance: String, workflow: String, state: String, attempt: Int,
                arguments: ExpressionValue, places: HandlerPlaces, deadline: ContinuousClock.Instant,
                record: InstanceRecord? = nil, secrets: [String: String] = [:], context: HandlerContext? = nil) {
        self.key = key
        self.operationKey = operationKey
        self.instance = instance
        self.workflow = workflow
        self.state = state
        self.attempt = attempt
        self.arguments = arguments
        self.places = places
        self.deadline = deadline
        self.record = record
        self.secrets = secrets
        self.context = context
    }

    /// The argument `name` when it is text.
    public func text(_ name: String) -> String? {
        guard case .object(let args) = arguments, case .string(let value)? = args[name] else { return nil }
        return value
    }

    public func argument(_ name: String) -> ExpressionValue? {
        guard case .object(let args) = arguments else { return nil }
        return args[name]
    }
}

/// Folders of the project that handlers write into. Each handler writes only below its own.
public struct HandlerPlaces: Sendable {
    public let outbox: URL
    public let ledger: URL
    /// Rendered documents, one folder per instance below it.
    public let documents: URL
    /// Templates `render` and `notify` read.
    public let templates: URL
    /// Scratch folders for plug-in processes, one per call below it.
    public let work: URL

    public init(outbox: URL, ledger: URL, documents: URL, templates: URL, work: URL) {
        self.outbox = outbox
        self.ledger = ledger
        self.documents = documents
        self.templates = templates
        self.work = work
    }
}

/// Why a call failed.
public struct StepFailure: Sendable, Equatable, Error {
    /// Matched against `catch:` (a host kind, or one the handler declares).
    public let kind: String
    public let message: String
    /// False when trying again cannot help (a bad recipient, a refused request): the step's
    /// `retry:` is skipped and `catch:` decides at once.
    public let retryable: Bool

    public init(kind: String, message: String, retryable: Bool = true) {
        self.kind = kind
        self.message = message
        self.retryable = retryable
    }

    /// Kinds the host reports for any handler.
    public static let hostKinds = ["handler", "timeout", "protocol", "output-too-large", "plugin-missing",
                                   "plugin-changed", "crashed", "expression", "resolved-failed"]
}

/// A line a handler logged during a call; it goes into the trail with the result.
public struct HandlerLog: Sendable, Equatable {
    public enum Level: String, Sendable { case info, warn, error }
    public let level: Level
    public let message: String

    public init(level: Level, message: String) {
        self.level = level
        self.message = message
    }
}

/// How a handler call ended.
public struct StepOutcome: Sendable, Equatable {
    public let result: Result<ExpressionValue, StepFailure>
    public let logs: [HandlerLog]
    /// Messages for people the call decided (`notify`): recorded with its result in the trail
    /// and written to the outbox like every notice, only when the call succeeded.
    public let notices: [HandlerNotice]

    public init(_ result: Result<ExpressionValue, StepFailure>, logs: [HandlerLog] = [], notices: [HandlerNotice] = []) {
        self.result = result
        self.logs = logs
        self.notices = notices
    }

    public static func success(_ output: ExpressionValue, logs: [HandlerLog] = [],
                               notices: [HandlerNotice] = []) -> StepOutcome {
        StepOutcome(.success(output), logs: logs, notices: notices)
    }

    public static func failure(kind: String, message: String, retryable: Bool = true,
                               logs: [HandlerLog] = []) -> StepOutcome {
        StepOutcome(.failure(StepFailure(kind: kind, message: message, retryable: retryable)), logs: logs)
    }
}

/// An automatic step's implementation: built in, or a plug-in.
///
/// A call may take long (a webhook, a plug-in process): the engine makes several at once
/// and applies each result when it comes, so it must not block a thread of Swift's shared
/// pool for long; handlers that wait on blocking work run it on their own thread.
public protocol StepHandler: Sendable {
    var contract: HandlerContract { get }
    func call(_ request: StepRequest) async -> StepOutcome
}
