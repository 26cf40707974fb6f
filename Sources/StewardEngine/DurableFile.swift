import Foundation
#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif

/// Writes a small file so that it is either there whole, on disk, or not there at all.
///
/// The text goes to a temporary name in the same folder, is flushed to disk (`fsync`), and is
/// then renamed into place, and the folder is flushed so the rename survives a power cut.
/// A checkpoint is recorded in the store only after its file is written this way, so the
/// store never names a checkpoint that was lost.
public enum DurableFile {
    /// Writes `text` to `path`; unless `replacing`, a file already at `path` is left as it is
    /// and the write is refused (`.conflict`). Failures are `.store` errors naming the path.
    public static func write(_ text: String, to path: String, replacing: Bool) throws(EngineError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: .min ... .max)).tmp").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw failure(path, errno) }
        let bytes = Array(text.utf8)
        var written = 0
        var code: Int32 = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { systemWrite(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                code = errno
                break
            }
            written += count
        }
        if code == 0, fsync(fd) != 0 { code = errno }
        close(fd)
        if code == 0, !replacing, FileManager.default.fileExists(atPath: path) {
            unlink(temporary)
            throw EngineError(.conflict, "'\(path)' exists already; it is left as it is")
        }
        if code == 0, rename(temporary, path) != 0 { code = errno }
        guard code == 0 else {
            unlink(temporary)
            throw failure(path, code)
        }
        // The rename is in the folder's own data: flush it too (a folder that cannot be opened
        // for this, on some shares, keeps the file written but its name less sure after a power cut).
        let folderFD = open(folder, O_RDONLY)
        if folderFD >= 0 {
            fsync(folderFD)
            close(folderFD)
        }
    }

    private static func failure(_ path: String, _ code: Int32) -> EngineError {
        let reason = code == ENOSPC ? "the disk is full" : String(cString: strerror(code))
        return EngineError(.store, "cannot write '\(path)': \(reason)")
    }
}
