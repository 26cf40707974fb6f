import Foundation
import StewardDiagnostics

/// Every step handler of one project: the core's and the built-ins, `shell`, and the
/// project's plug-ins. The engine calls them, and `validate` checks workflows against their
/// contracts, from the same registry; building it reads manifests and hashes files but runs
/// no plug-in code.
public struct ProjectHandlers: Sendable {
    public let registry: HandlerRegistry
    /// The plug-ins that can be used.
    public let plugins: PluginFolder
    /// Handlers the registry knows but the project refuses, with the reason (`shell`
    /// without `allow_shell: true`): `validate` reports each use.
    public let refused: [String: String]

    /// What a workflow checked outside any project may use: the built-ins and `shell` (no
    /// project says whether `shell` is allowed, so it is not refused).
    public static let standalone: HandlerRegistry = {
        var registry = HandlerRegistry.builtIn
        registry.register(ShellHandler(allowed: false))
        return registry
    }()

    /// Problems with the plug-ins (their manifests and files).
    public var findings: [Diagnostic] { plugins.findings }

    /// `pluginsFolder`: the project's `plugins:` folder; `shownAs`: that folder as findings name it.
    public static func load(pluginsFolder: URL, shownAs: String, allowShell: Bool,
                            base: HandlerRegistry = .builtIn) -> ProjectHandlers {
        var registry = base
        registry.register(ShellHandler(allowed: allowShell))
        let plugins = PluginFolder.load(pluginsFolder, shownAs: shownAs, reserved: Set(registry.names))
        for handler in plugins.handlers { registry.register(handler) }
        let refused = ShellHandler.refusal(allowed: allowShell).map { [ShellHandler.name: $0] } ?? [:]
        return ProjectHandlers(registry: registry, plugins: plugins, refused: refused)
    }
}
