import ArgumentParser
import Foundation
import StewardDiagnostics
import StewardEngine
import StewardPlugins

/// `steward plugins`: the step handlers a project's workflows may use, and `steward plugins
/// check`: every plug-in manifest checked. Both read manifests and hash files; neither runs
/// any plug-in's code.
struct Plugins: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the step handlers: the built-ins and the project's plug-ins, with their inputs.",
        discussion: """
            Reads every plugins/NAME/plugin.yaml of the project (the folder 'plugins:' in \
            steward.yaml names), never running a plug-in. A plug-in with a problem is left \
            out and the problem is printed as a warning; 'steward plugins check' prints \
            every problem with its line and column and exits 1.
            """,
        subcommands: [PluginList.self, PluginCheck.self],
        defaultSubcommand: PluginList.self
    )
}

/// Options of both `plugins` commands.
struct PluginOptions: ParsableArguments {
    @Option(help: "The project file. Default: steward.yaml here or in the nearest folder above.")
    var config: String?

    /// The project and its handlers, loaded.
    func load() throws -> (Project, ProjectHandlers) {
        var options = GlobalOptions()
        options.config = config
        let project = try Session.project(options)
        return (project, project.handlers())
    }
}

struct PluginList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the built-in step handlers and the project's plug-ins (the default).")

    @OptionGroup var options: PluginOptions
    @Flag(help: "Print the list as JSON, for scripts.") var json = false

    struct Input: Encodable {
        let name: String, type: String, required: Bool, secret: Bool, description: String
    }

    struct Item: Encodable {
        let name: String, version: String, tier: String, summary: String, idempotent: Bool
        let timeout_seconds: Int64
        let sha256: String?
        let inputs: [Input], outputs: [Input], errors: [String]
        /// Why the project refuses it, if it does.
        let refused: String?
    }

    struct Listing: Encodable {
        let handlers: [Item]
        let findings: [Diagnostic]
    }

    func run() throws {
        let (_, handlers) = try options.load()
        let items = handlers.registry.names.compactMap { handlers.registry.contract(named: $0) }.map { contract in
            Item(name: contract.name, version: contract.version, tier: contract.tier.rawValue, summary: contract.summary,
                 idempotent: contract.idempotent, timeout_seconds: contract.timeout.components.seconds, sha256: contract.digest,
                 inputs: contract.inputs.map(Self.input), outputs: contract.outputs.map(Self.input), errors: contract.errors,
                 refused: handlers.refused[contract.name])
        }
        if json {
            printJSON(Listing(handlers: items, findings: handlers.findings))
            return
        }
        for item in items {
            let refused = item.refused.map { "  (off: \($0))" } ?? ""
            print(Display.shown("\(item.name)  \(item.version)  \(item.tier)  \(item.summary)") + refused)
            if !item.inputs.isEmpty {
                print("  inputs: " + Display.shown(item.inputs.map(Self.describe).joined(separator: ", ")))
            }
            if let digest = item.sha256 { print("  sha256: \(digest)") }
        }
        for finding in handlers.findings {
            let place = finding.location.map { ":\($0.line):\($0.column)" } ?? ""
            StandardStreams.warn("steward: warning: \(finding.file)\(place): \(finding.message) [\(finding.code)]\n")
        }
    }

    static func input(_ input: HandlerInput) -> Input {
        Input(name: input.name, type: input.type.rawValue, required: input.required, secret: input.secret,
              description: input.summary)
    }

    /// `to (recipients, required)`, `token (text, secret)`.
    static func describe(_ input: Input) -> String {
        let marks = [input.type] + (input.required ? ["required"] : []) + (input.secret ? ["secret"] : [])
        return "\(input.name) (\(marks.joined(separator: ", ")))"
    }
}

struct PluginCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check every plug-in manifest and the plug-ins' files.",
        discussion: """
            Prints each problem as file:line:column with the line it is on. Exit code 0 \
            when every plug-in can be used, 1 when any has an error, 3 when there is no \
            project here.
            """)

    @OptionGroup var options: PluginOptions
    @Option(help: "How to print findings: text, json or github.") var format: OutputFormat = .text

    func run() throws {
        let (_, handlers) = try options.load()
        let report = ValidationReport(diagnostics: handlers.findings, sources: Self.manifestTexts(handlers.findings),
                                      fileCount: handlers.plugins.plugins.count)
        print(report.render(format.diagnosticFormat), terminator: "")
        if format == .text {
            let count = handlers.plugins.plugins.count
            let usable = "\(count) plug-in\(count == 1 ? "" : "s") can be used"
            let errors = handlers.findings.filter { $0.severity == .error }.count
            let warnings = handlers.findings.count - errors
            let problems = errors + warnings == 0 ? "no problems"
                : "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
            StandardStreams.warn("\(usable); \(problems)\n")
        }
        if report.hasErrors { throw ExitCode.checkFailed }
    }

    /// The text of each manifest the findings are about, for the lines they point at.
    static func manifestTexts(_ findings: [Diagnostic]) -> [String: SourceText] {
        var sources: [String: SourceText] = [:]
        for file in Set(findings.map(\.file)) where file.hasSuffix(PluginFolder.manifestName) {
            if case .success(let source) = YAMLSourceReading.read(file, limit: 1 << 20) {
                sources[file] = SourceText(String(decoding: source.bytes, as: UTF8.self))
            }
        }
        return sources
    }
}
