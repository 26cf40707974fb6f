import Foundation

/// One call of the handler: the request Steward sent (one JSON line), decoded.
public struct PluginCall: Sendable {
    /// The idempotency key of this attempt: the same key means the same call, made again after a crash.
    public let key: String
    /// The same for every attempt of one visit to the state: send it as an idempotency header.
    public let operationKey: String
    public let attempt: Int
    public let instance: String
    public let workflow: String
    public let state: String
    /// The step's `with:`, evaluated; a secret input holds the secret's value.
    public let with: PluginObject
    /// Folders of the project the call may write into.
    public let places: PluginPlaces
    /// When Steward stops waiting for the call (nil when the request gave no time limit).
    public let deadline: ContinuousClock.Instant?
    private let logger: PluginLogger

    /// Decodes a request; a request without its keys is refused (kind `protocol`).
    public init(request: PluginValue, logger: PluginLogger = PluginLogger()) throws(PluginFailure) {
        guard let object = request.object else { throw Self.malformed("is not a JSON object") }
        func text(_ name: String) throws(PluginFailure) -> String {
            guard let value = object[name]?.string else { throw Self.malformed("has no text '\(name)'") }
            return value
        }
        key = try text("key")
        operationKey = try text("operation_key")
        instance = try text("instance")
        workflow = try text("workflow")
        state = try text("state")
        guard let attempt = object["attempt"]?.integer else { throw Self.malformed("has no whole number 'attempt'") }
        self.attempt = attempt
        switch object["with"] {
        case nil, .null?: with = PluginObject()
        case .object(let arguments)?: with = arguments
        default: throw Self.malformed("has a 'with' that is not an object")
        }
        var folders: [String: String] = [:]
        for (name, value) in object["places"]?.object ?? PluginObject() {
            if let path = value.string { folders[name] = path }
        }
        places = PluginPlaces(folders)
        deadline = object["timeout_ms"]?.integer.map { ContinuousClock.now + .milliseconds($0) }
        self.logger = logger
    }

    /// A call made up by a test of a handler.
    public init(key: String = "test-1", operationKey: String = "test", attempt: Int = 1, instance: String = "test",
                workflow: String = "test", state: String = "test", with: PluginObject = [:],
                places: PluginPlaces = PluginPlaces([:]), deadline: ContinuousClock.Instant? = nil,
                logger: PluginLogger = PluginLogger()) {
        self.key = key
        self.operationKey = operationKey
        self.attempt = attempt
        self.instance = instance
        self.workflow = workflow
        self.state = state
        self.with = with
        self.places = places
        self.deadline = deadline
        self.logger = logger
    }

    /// Writes a line to the step's record in the trail (never a secret: Steward removes
    /// the exact values it knows, but not a secret the plug-in changed).
    public func log(_ message: String, level: PluginLogLevel = .info) {
        logger.add(level, message)
    }

    /// The `with:` value `name`, or nil when it is missing or null.
    public func argument(_ name: String) -> PluginValue? {
        guard let value = with[name], !value.isNull else { return nil }
        return value
    }

    /// The text `with:` gives for a required input, or a `bad-input` failure saying what is wrong.
    public func text(_ name: String) throws(PluginFailure) -> String {
        guard let value = argument(name) else { throw .badInput("'\(name)' is missing") }
        guard let text = value.string else { throw .badInput("'\(name)' must be text") }
        return text
    }

    /// The list `with:` gives for a required input, or a `bad-input` failure.
    public func list(_ name: String) throws(PluginFailure) -> [PluginValue] {
        guard let value = argument(name) else { throw .badInput("'\(name)' is missing") }
        guard let items = value.list else { throw .badInput("'\(name)' must be a list") }
        return items
    }

    private static func malformed(_ what: String) -> PluginFailure {
        PluginFailure(kind: "protocol", message: "the request \(what)", retryable: false)
    }
}

/// The project folders a call may write into, as absolute paths.
public struct PluginPlaces: Sendable, Equatable {
    public let folders: [String: String]

    public init(_ folders: [String: String]) { self.folders = folders }

    /// A scratch folder for this call.
    public var work: String? { folders["work"] }
    public var outbox: String? { folders["outbox"] }
    /// Rendered documents, one folder per instance below it.
    public var documents: String? { folders["documents"] }
    public var ledger: String? { folders["ledger"] }
    public var templates: String? { folders["templates"] }
}

public enum PluginLogLevel: String, Sendable, CaseIterable {
    case info, warn, error
}

/// Where a call's log lines go: kept for the result (a library), or written out as they come
/// (a process, so that lines logged before a call is stopped at its time limit are not lost).
public final class PluginLogger: @unchecked Sendable {
    private let lock = NSLock()
    private var kept: [(level: PluginLogLevel, message: String)] = []
    private let sink: (@Sendable (PluginLogLevel, String) -> Void)?

    public init() { sink = nil }

    init(sink: @escaping @Sendable (PluginLogLevel, String) -> Void) { self.sink = sink }

    func add(_ level: PluginLogLevel, _ message: String) {
        lock.lock()
        defer { lock.unlock() }
        if let sink {
            sink(level, message)
        } else {
            kept.append((level, message))
        }
    }

    /// The lines logged so far (none when they were written out as they came).
    public var lines: [(level: PluginLogLevel, message: String)] {
        lock.lock()
        defer { lock.unlock() }
        return kept
    }
}
