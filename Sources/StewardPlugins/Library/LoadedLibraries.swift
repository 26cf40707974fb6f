import Foundation

/// The libraries this process has loaded, by path, with the hash of the file that was loaded.
///
/// The system's loader gives back the library already loaded under a path, whatever the file
/// holds now, and a library is never unloaded: so a file changed since it was loaded is
/// refused (its new hash would be recorded for calls the old code answers), and loading
/// the same file again shares its caller, and with it the count of calls still running.
enum LoadedLibraries {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var loaded: [String: (digest: String, caller: LibraryCaller)] = [:]

    static func caller(for path: String, digest: String,
                       open: () throws(LibraryLoadError) -> LibraryCaller) throws(LibraryLoadError) -> LibraryCaller {
        lock.lock()
        defer { lock.unlock() }
        if let known = loaded[path] {
            guard known.digest == digest else { throw .changedSinceLoaded(path: path, loaded: known.digest, found: digest) }
            return known.caller
        }
        let caller = try open()
        loaded[path] = (digest, caller)
        return caller
    }
}
