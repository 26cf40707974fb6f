import Foundation
import StewardDiagnostics
import StewardYAML

/// The plug-ins of a project: each folder of its `plugins:` folder holding a `plugin.yaml`.
///
/// Reading them runs none of their code: the manifests are read, the files checked (no one
/// but their owner may write them, the entry file is inside the folder) and the entry file
/// hashed. A plug-in with any problem is left out, and each problem is a finding.
public struct PluginFolder: Sendable {
    /// A plug-in whose manifest and files passed every check.
    public struct Plugin: Sendable {
        public let manifest: PluginManifest
        /// The manifest's contract, with the entry file's hash as read now.
        public let contract: HandlerContract
        /// The entry file, its links resolved.
        public let entry: URL
    }

    public static let manifestName = "plugin.yaml"
    static let manifestLimit = 1 << 20

    /// The plug-ins that can be used, by name.
    public let plugins: [Plugin]
    public let findings: [Diagnostic]

    /// The contracts of every usable plug-in (for `validate` and `steward plugins`).
    public var contracts: [HandlerContract] { plugins.map(\.contract) }

    /// The handlers of the plug-ins: a process plug-in's program runs at each call, a library
    /// is loaded at its first call (reading the project runs no plug-in code).
    public var handlers: [any StepHandler] {
        plugins.map { plugin -> any StepHandler in
            switch plugin.manifest.kind {
            case .process: ProcessPlugin(manifest: plugin.manifest, contract: plugin.contract)
            case .library: DeclaredLibrary(contract: plugin.contract, path: plugin.entry.path)
            }
        }
    }

    /// Reads every plug-in below `folder` (none when it does not exist). `shownAs`: the
    /// folder as findings name it; `reserved`: names plug-ins may not take (the built-ins').
    public static func load(_ folder: URL, shownAs: String, reserved: Set<String>) -> PluginFolder {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) else {
            return PluginFolder(plugins: [], findings: [])
        }
        let shown = shownAs.hasSuffix("/") ? String(shownAs.dropLast()) : shownAs
        guard isFolder.boolValue else {
            return PluginFolder(plugins: [], findings: [Diagnostic(
                code: "file-is-not-directory", file: shown, location: nil,
                message: "the plug-ins folder is a file; 'plugins:' in steward.yaml names a folder")])
        }
        var findings: [Diagnostic] = []
        do {
            try PluginFiles.checkWritable(folder.resolvingSymlinksInPath().path, "the plug-ins folder")
        } catch {
            return PluginFolder(plugins: [], findings: [Diagnostic(code: error.code, file: shown, location: nil, message: error.message)])
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        } catch {
            return PluginFolder(plugins: [], findings: [Diagnostic(
                code: "file-unreadable", file: shown, location: nil,
                message: "the plug-ins folder cannot be listed: \(error.localizedDescription)")])
        }
        var plugins: [Plugin] = []
        for name in names where !name.hasPrefix(".") {
            let pluginFolder = folder.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: pluginFolder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                continue  // a README beside the plug-ins
            }
            let (plugin, found) = loadOne(pluginFolder, shownAs: shown + "/" + name, reserved: reserved)
            findings += found
            if let plugin { plugins.append(plugin) }
        }
        return PluginFolder(plugins: plugins, findings: findings)
    }

    /// One plug-in: its manifest read, its files checked, its entry hashed.
    static func loadOne(_ folder: URL, shownAs: String, reserved: Set<String>) -> (Plugin?, [Diagnostic]) {
        let manifestPath = shownAs + "/" + manifestName
        let manifestURL = folder.appendingPathComponent(manifestName)
        guard FileManager.default.fileExists(atPath: manifestURL.path) else {
            return (nil, [Diagnostic(code: "plugin-missing", severity: .warning, file: shownAs, location: nil,
                                     message: "the folder '\(folder.lastPathComponent)' of the plug-ins folder has no \(manifestName), so it is no plug-in",
                                     suggestion: "add \(manifestName), or keep the folder elsewhere")])
        }
        let source: YAMLSource
        do {
            let read = try YAMLSource.read(path: manifestURL.path, limit: manifestLimit)
            source = YAMLSource(path: manifestPath, bytes: read.bytes)
        } catch {
            return (nil, [Diagnostic(code: error.code, file: manifestPath, location: nil, message: error.message)])
        }
        let (manifest, findings) = PluginManifest.read(source, folder: folder, reserved: reserved)
        guard let manifest else { return (nil, findings) }
        func refused(_ problem: PluginFileProblem) -> (Plugin?, [Diagnostic]) {
            (nil, findings + [Diagnostic(code: problem.code, file: manifestPath, location: nil, message: problem.message)])
        }
        do {
            // The folder itself, where a link to it leads.
            try PluginFiles.checkWritable(folder.resolvingSymlinksInPath().path, "the plug-in's folder")
            try PluginFiles.checkTree(folder, shownAs: shownAs)
            let entry = try PluginFiles.entry(manifest)
            let digest = try PluginFiles.sha256(of: entry)
            if let pinned = manifest.sha256, pinned != digest {
                return refused(PluginFileProblem(
                    code: "plugin-changed",
                    message: "'\(manifest.entry)' has sha256 \(digest), not the \(pinned) the manifest pins; "
                        + "it is not run. If the change is yours, write the new hash in 'sha256:'"))
            }
            return (Plugin(manifest: manifest, contract: manifest.contract(digest: digest), entry: entry), findings)
        } catch {
            return refused(error)
        }
    }
}
