import ArgumentParser
import Foundation
import StewardEngine

/// Writes command output to a file or standard output; `--out` never destroys what it should
/// protect.
enum Output {
    /// Refuses, before anything is done, a path that must not become the output: the store, its
    /// `-wal` or `-shm` (an export over the live store would destroy it), anything that is not a
    /// regular file (a folder, a device, a symbolic link, a pipe), a file that cannot be
    /// replaced, or, unless `force`, a file that exists; and a file in a folder that does not
    /// exist (a checkpoint must not be recorded and then lost).
    static func checkWritable(_ path: String?, force: Bool, store: String?) throws {
        guard let path else { return }
        func refuse(_ kind: EngineError.Kind, _ message: String) -> ExitCode {
            Failure.report(EngineError(kind, message, reason: "out-refused"))
        }
        let target = URL(fileURLWithPath: path).standardizedFileURL
        let parent = target.deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        if !FileManager.default.fileExists(atPath: parent, isDirectory: &isFolder) || !isFolder.boolValue {
            throw refuse(.store, "cannot write '\(path)': there is no folder '\(parent)'")
        }
        if let store, Self.isStore(target, store: store) {
            throw refuse(.usage, "'\(path)' is the store (or its -wal/-shm file); write the output somewhere else")
        }
        var info = stat()
        guard lstat(path, &info) == 0 else { return }  // nothing there yet
        let type = info.st_mode & S_IFMT
        if type == S_IFDIR { throw refuse(.store, "'\(path)' is a folder; give the name of a file to write") }
        if type == S_IFLNK { throw refuse(.store, "'\(path)' is a symbolic link; give the file's own path") }
        if type != S_IFREG { throw refuse(.store, "'\(path)' is not a regular file (a device or a pipe); give a file to write") }
        guard force else { throw refuse(.conflict, "'\(path)' exists; it is left as it is (--force replaces it)") }
        // Marked read-only by its mode (which root could override) or not writable by this user.
        guard info.st_mode & 0o222 != 0, access(path, W_OK) == 0 else {
            throw refuse(.store, "'\(path)' is read-only; it is left as it is")
        }
    }

    /// Whether `target` names the store or one of its companion files, by path or by inode
    /// (another name for the same file, a hard link, counts too).
    private static func isStore(_ target: URL, store: String) -> Bool {
        let storeURL = URL(fileURLWithPath: store).standardizedFileURL
        let candidates = ["", "-wal", "-shm", "-journal"].map { storeURL.path + $0 }
        let resolved = target.resolvingSymlinksInPath().path
        if candidates.contains(target.path) || candidates.contains(resolved) { return true }
        var a = stat()
        guard stat(target.path, &a) == 0 else { return false }
        return candidates.contains { path in
            var b = stat()
            return stat(path, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino
        }
    }

    /// Prints `text`, or writes it to the file `path` whole and flushed to disk (see `DurableFile`).
    static func write(_ text: String, to path: String?) throws {
        guard let path else {
            print(text, terminator: "")
            return
        }
        do { try DurableFile.write(text, to: path, replacing: true) } catch { throw Failure.report(error) }
    }
}
