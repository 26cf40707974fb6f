import StewardModel
import StewardPlugins
import StewardYAML

/// A workflow given as text in a test that the validator refused, with every finding.
public struct InvalidWorkflow: Error, Sendable, CustomStringConvertible {
    /// The path the text was validated as.
    public let path: String
    /// Each finding as `path:line:col: severity: message [code]`.
    public let findings: [String]

    public var description: String {
        "\(path) does not compile:\n" + findings.joined(separator: "\n")
    }
}

extension CompiledWorkflow {
    /// Compiles workflow text with `WorkflowValidator`, as if read from the file `path`.
    ///
    /// Throws `InvalidWorkflow` listing the diagnostics when the text has errors, so a
    /// test that uses a broken fixture fails with the validator's own messages.
    public init(yaml: String, path: String = "test.yaml", context: ValidationContext = ValidationContext())
        throws(InvalidWorkflow) {
        let validation = WorkflowValidator(context: context).validate(YAMLSource(path: path, bytes: Array(yaml.utf8)))
        guard let compiled = validation.compiled else {
            let findings = validation.diagnostics.map { d in
                let place = d.location.map { ":\($0.line):\($0.column)" } ?? ""
                let suggestion = d.suggestion.map { " (\($0))" } ?? ""
                return "\(d.file)\(place): \(d.severity.rawValue): \(d.message)\(suggestion) [\(d.code)]"
            }
            throw InvalidWorkflow(path: path, findings: findings.isEmpty ? ["(no diagnostics)"] : findings)
        }
        self = compiled
    }
}

extension HandlerRegistry {
    /// The built-in handlers plus open-argument test handlers with the given names
    /// (stand-ins for plug-ins such as `http` or `sign`), declared without code.
    public static func builtIn(adding names: [String]) -> HandlerRegistry {
        var registry = HandlerRegistry.builtIn
        for name in names {
            registry.declare(HandlerContract(name: name, version: "0", summary: "a test handler", tier: .process,
                                             openInputs: true, idempotent: true))
        }
        return registry
    }
}
