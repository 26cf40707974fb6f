/// What a plug-in says of itself: the facts of its manifest. Steward reads the plug-in's
/// `plugin.yaml` to check workflows; a library plug-in also returns these facts as JSON
/// (`steward_plugin_manifest`), and Steward refuses it when the name or version differ.
public struct PluginInfo: Sendable, Equatable {
    public let name: String
    public let version: String
    public let summary: String
    public let inputs: [PluginInput]
    public let outputs: [PluginInput]
    /// The failure kinds of its own it may report (for `catch:`).
    public let errors: [String]
    /// True when a second call with the same key does no harm.
    public let idempotent: Bool
    /// How long one call may take.
    public let timeout: Duration

    public init(name: String, version: String, summary: String, inputs: [PluginInput] = [],
                outputs: [PluginInput] = [], errors: [String] = [], idempotent: Bool, timeout: Duration = .seconds(60)) {
        self.name = name
        self.version = version
        self.summary = summary
        self.inputs = inputs
        self.outputs = outputs
        self.errors = errors
        self.idempotent = idempotent
        self.timeout = timeout
    }

    /// The manifest as a library plug-in returns it.
    public var manifest: PluginValue {
        let milliseconds = timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
        return .object([
            "abi": .integer(Int(PluginExports.abi)), "protocol": .integer(PluginFrame.protocolVersion),
            "name": .string(name), "version": .string(version), "summary": .string(summary),
            "inputs": .list(inputs.map(\.manifest)), "outputs": .list(outputs.map(\.manifest)),
            "errors": .list(errors.map(PluginValue.string)), "idempotent": .bool(idempotent),
            "timeout_ms": .integer(Int(milliseconds)),
        ])
    }
}

/// One input a plug-in takes in `with:` (or one key of its output).
public struct PluginInput: Sendable, Equatable {
    public let name: String
    /// A type name as manifests write it: text, number, integer, boolean, date, datetime,
    /// duration, person, role, recipients, list, object, any.
    public let type: String
    public let required: Bool
    /// The workflow names a secret here; the plug-in gets its value.
    public let secret: Bool
    public let summary: String

    public init(_ name: String, _ type: String, required: Bool = false, secret: Bool = false, summary: String = "") {
        self.name = name
        self.type = type
        self.required = required
        self.secret = secret
        self.summary = summary
    }

    var manifest: PluginValue {
        .object(["name": .string(name), "type": .string(type), "required": .bool(required), "secret": .bool(secret),
                 "summary": .string(summary)])
    }
}
