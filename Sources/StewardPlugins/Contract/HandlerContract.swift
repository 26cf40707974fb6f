/// What a step handler promises, read without running it: the built-ins declare it in code,
/// plug-ins in their manifest. `validate` checks every `uses:`/`with:` against it, and the
/// engine calls the handler under its time limit and idempotency.
public struct HandlerContract: Sendable, Hashable {
    /// Where a handler's code lives.
    public enum Tier: String, Sendable, Hashable, CaseIterable {
        /// `set`, `log`, `fail`: run inside the core, in the same step as the event.
        case core
        /// Swift code that ships with Steward.
        case builtIn = "built-in"
        /// A program in any language, one process per call (`plugins/NAME/plugin.yaml`).
        case process
        /// A shared library loaded into Steward (trusted: it runs in Steward's own process).
        case library
    }

    public let name: String
    public let version: String
    public let summary: String
    public let tier: Tier
    public let inputs: [HandlerInput]
    /// True when `with` may hold any keys (e.g. `set` sets whatever variables it is given).
    public let openInputs: Bool
    public let outputs: [HandlerInput]
    /// The failure kinds of its own it may report, for `catch:` (besides the host's, see `StepFailure.hostKinds`).
    public let errors: [String]
    /// True when calling twice with the same key does no harm: after a crash between the
    /// call and its recorded result, an idempotent step is called again, others are flagged.
    public let idempotent: Bool
    /// How long one call may take before it is stopped and fails with kind `timeout`.
    public let timeout: Duration
    /// SHA-256 (hex) of the plug-in's executable or library, recorded with every call; nil for built-ins.
    public let digest: String?
    /// The handler files the whole instance (the ledger package): the engine gathers its
    /// record for each call (`StepRequest.record`).
    public let needsRecord: Bool

    public init(name: String, version: String, summary: String, tier: Tier, inputs: [HandlerInput] = [],
                openInputs: Bool = false, outputs: [HandlerInput] = [], errors: [String] = [], idempotent: Bool,
                timeout: Duration = .seconds(60), digest: String? = nil, needsRecord: Bool = false) {
        self.name = name
        self.version = version
        self.summary = summary
        self.tier = tier
        self.inputs = inputs
        self.openInputs = openInputs
        self.outputs = outputs
        self.errors = errors
        self.idempotent = idempotent
        self.timeout = timeout
        self.digest = digest
        self.needsRecord = needsRecord
    }

    public func input(named name: String) -> HandlerInput? { inputs.first { $0.name == name } }

    public var required: [String] { inputs.filter(\.required).map(\.name) }

    /// The names of the inputs whose values must never be written down (trail, logs, messages).
    public var secretInputs: [String] { inputs.filter(\.secret).map(\.name) }

    /// `name@version` and, for plug-ins, the executable's hash: what the trail records of a call.
    public var provenance: String {
        let base = "\(name)@\(version)"
        guard let digest else { return base }
        return base + " sha256:" + digest
    }
}

/// One argument a handler takes in `with:` (or one key of its output).
public struct HandlerInput: Sendable, Hashable {
    public let name: String
    public let type: HandlerValueType
    public let required: Bool
    /// The input names a secret (from the project's secrets file or a `STEWARD_SECRET_NAME`
    /// variable): the handler gets its value, and the value is redacted from everything Steward writes.
    public let secret: Bool
    public let summary: String

    public init(_ name: String, _ type: HandlerValueType, required: Bool = false, secret: Bool = false, summary: String = "") {
        self.name = name
        self.type = type
        self.required = required
        self.secret = secret
        self.summary = summary
    }
}

/// The types an input may declare: the types of form fields, plus the shapes handlers take.
public enum HandlerValueType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case text, number, integer, boolean, date, datetime, duration
    /// A person of the roster, by id.
    case person
    /// A role of the roster, by name.
    case role
    /// People and roles: a person or role id, `{ person: P }`, `{ role: R }`, or a list of them.
    case recipients
    case list, object
    /// Anything (no check).
    case any

    public var description: String { rawValue }

    /// `string` is accepted in manifests as another name for `text`.
    public init?(manifestName: String) {
        if manifestName == "string" { self = .text; return }
        self.init(rawValue: manifestName)
    }
}
