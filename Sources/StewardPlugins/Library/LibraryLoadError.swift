/// Why a library plug-in was not loaded. Each message names the file and says what to do.
public enum LibraryLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    case missing(path: String)
    /// A link, a folder or a device where the library should be.
    case notRegularFile(path: String, what: String)
    /// The file, or the folder holding it, can be changed by others than its owner.
    case writableByOthers(path: String, mode: String)
    case unreadable(path: String, reason: String)
    /// The file's SHA-256 is not the one the manifest gives.
    case changed(path: String, expected: String, found: String)
    /// The file is not the one this process loaded from that path earlier.
    case changedSinceLoaded(path: String, loaded: String, found: String)
    /// dlopen refused it: the gist of its reason.
    case notALibrary(path: String, reason: String)
    case missingSymbol(path: String, symbol: String)
    case wrongABI(path: String, abi: UInt32)
    /// The manifest the library returns is not JSON, or lacks a name or version.
    case badManifest(path: String, reason: String)
    /// The library says it is another plug-in (or another version) than its plugin.yaml.
    case manifestDisagrees(path: String, field: String, library: String, manifest: String)

    public var description: String {
        switch self {
        case .missing(let path):
            return "\(path): no such library"
        case let .notRegularFile(path, what):
            return "\(path): is \(what), not a regular file; name the library file itself"
        case let .writableByOthers(path, mode):
            return "\(path): can be changed by others than its owner (mode \(mode)); refused (chmod go-w)"
        case let .unreadable(path, reason):
            return "\(path): cannot be read: \(reason)"
        case let .changed(path, expected, found):
            return "\(path): sha256 is \(found), the manifest says \(expected): the library changed since it was installed"
        case let .changedSinceLoaded(path, loaded, found):
            return "\(path): changed since Steward loaded it (sha256 \(loaded), now \(found)); "
                + "a library is never unloaded: restart Steward to use the new one"
        case let .notALibrary(path, reason):
            return "\(path): is not a shared library this system can load (\(reason))"
        case let .missingSymbol(path, symbol):
            return "\(path): does not export \(symbol); a library plug-in exports steward_plugin_abi, "
                + "steward_plugin_manifest, steward_plugin_call and steward_plugin_free (see StewardPluginKit)"
        case let .wrongABI(path, abi):
            return "\(path): built for ABI \(abi), this Steward speaks \(LibraryPlugin.abi)"
        case let .badManifest(path, reason):
            return "\(path): its manifest (steward_plugin_manifest) \(reason)"
        case let .manifestDisagrees(path, field, library, manifest):
            return "\(path): the library says its \(field) is '\(library)', plugin.yaml says '\(manifest)'"
        }
    }
}
