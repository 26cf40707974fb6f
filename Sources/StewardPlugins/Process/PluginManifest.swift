import Foundation

/// A plug-in's `plugin.yaml`: what it is called, what it takes and gives, and how it is run,
/// read without running any of its code (`validate` and `steward plugins` use it alone).
public struct PluginManifest: Sendable, Equatable {
    /// How the plug-in's code is reached.
    public enum Kind: Sendable, Equatable {
        /// A program started once per call (`run:` is its argv, the first item a file of the plug-in).
        case process(run: [String])
        /// A shared library of the plug-in's folder, loaded into Steward.
        case library(file: String)
    }

    /// The manifest format this Steward reads (`steward_plugin: 1`).
    public static let format = 1
    /// The protocol version this Steward speaks (`protocol: 1`).
    public static let protocolVersion = 1
    public static let defaultTimeout: Duration = .seconds(60)
    public static let maxTimeout: Duration = .seconds(3600)

    public let name: String
    public let version: String
    public let summary: String
    public let kind: Kind
    /// The SHA-256 (hex) its entry file must have, when the manifest pins one.
    public let sha256: String?
    public let inputs: [HandlerInput]
    public let openInputs: Bool
    public let outputs: [HandlerInput]
    public let errors: [String]
    public let idempotent: Bool
    public let timeout: Duration
    /// Names of Steward's environment variables the plug-in's process is given.
    public let environment: [String]
    /// The plug-in's folder.
    public let folder: URL
    /// The manifest as messages name it.
    public let file: String

    public init(name: String, version: String, summary: String, kind: Kind, sha256: String? = nil,
                inputs: [HandlerInput] = [], openInputs: Bool = false, outputs: [HandlerInput] = [],
                errors: [String] = [], idempotent: Bool, timeout: Duration = PluginManifest.defaultTimeout,
                environment: [String] = [], folder: URL, file: String) {
        self.name = name
        self.version = version
        self.summary = summary
        self.kind = kind
        self.sha256 = sha256
        self.inputs = inputs
        self.openInputs = openInputs
        self.outputs = outputs
        self.errors = errors
        self.idempotent = idempotent
        self.timeout = timeout
        self.environment = environment
        self.folder = folder
        self.file = file
    }

    /// The file whose hash identifies the plug-in: the program `run:` starts, or the library;
    /// relative to the plug-in's folder.
    public var entry: String {
        switch kind {
        case .process(let run): run.first ?? ""
        case .library(let file): file
        }
    }

    public var tier: HandlerContract.Tier {
        switch kind {
        case .process: .process
        case .library: .library
        }
    }

    /// The contract `validate` checks workflows against, with the entry file's hash.
    public func contract(digest: String) -> HandlerContract {
        HandlerContract(name: name, version: version, summary: summary, tier: tier, inputs: inputs,
                        openInputs: openInputs, outputs: outputs, errors: errors, idempotent: idempotent,
                        timeout: timeout, digest: digest)
    }
}
