import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SQLiteStore {
    /// Whether a read-only open of `path` must read the file as it is, writing nothing beside
    /// it: SQLite's usual read-only open of a WAL store makes `-wal` and `-shm` files next to
    /// it, which is a change to an auditor's copy in a read-only folder, and, for a file that
    /// belongs to another account, leaves files that account may then not be able to use.
    ///
    /// True when the folder cannot be written by this process or is marked read-only (no write
    /// permission for anyone, which even root then respects here), or the file's owner is not
    /// this process's user; and there is no `-wal` file with changes in it, which an immutable
    /// open would not read (then the usual open is tried, and fails or succeeds as SQLite says).
    static func readsImmutably(_ path: String) -> Bool {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var folderInfo = stat()
        var fileInfo = stat()
        guard stat(folder, &folderInfo) == 0, stat(path, &fileInfo) == 0 else { return false }
        let readOnlyFolder = access(folder, W_OK) != 0 || folderInfo.st_mode & 0o222 == 0
        let otherOwner = fileInfo.st_uid != geteuid()
        guard readOnlyFolder || otherOwner else { return false }
        var walInfo = stat()
        return stat(path + "-wal", &walInfo) != 0 || walInfo.st_size == 0
    }

    /// The SQLite URI that opens `path` read-only as an unchanging file (`immutable=1`): no
    /// locks, no `-wal` or `-shm` beside it.
    static func immutableURI(_ path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var escaped = ""
        for character in absolute.unicodeScalars {
            switch character {
            case "%": escaped += "%25"
            case "?": escaped += "%3f"
            case "#": escaped += "%23"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return "file:" + escaped + "?immutable=1"
    }
}
