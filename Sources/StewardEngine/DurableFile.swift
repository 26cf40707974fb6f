import Foundation
#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif

/// A file written whole or not at all: the text goes to a temporary file in the same folder,
/// is flushed to disk, and only then takes the file's name (a rename, which replaces in one
/// step); the folder is flushed too, so the name survives a power cut. A crash, a full disk or
/// a failed write leave any earlier file at that name as it was. A checkpoint is recorded in the
/// store only after its file is written this way, so the store never names one that was lost.
public enum DurableFile {
    /// Writes `text` to `path`; unless `replacing`, a file already at `path` is left as it is
    /// and the write is refused (`.conflict`). Failures are `.store` errors naming the path.
    public static func write(_ text: String, to path: String, replacing: Bool) throws(EngineError) {
        let writer = try DurableFileWriter(path: path)
        try writer.write(text)
        try writer.commit(replacing: replacing)
    }
}

/// A file written piece by piece (an export streamed entry by entry) with `DurableFile`'s
/// promise: nothing is at `path` until `commit`, and a writer dropped before it removes its
/// temporary file.
public final class DurableFileWriter {
    public let path: String
    private let temporary: String
    private var fd: Int32
    private var committed = false

    public init(path: String) throws(EngineError) {
        self.path = path
        let url = URL(fileURLWithPath: path)
        temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: .min ... .max)).tmp").path
        fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw Self.failure(path, errno) }
    }

    deinit {
        if fd >= 0 { close(fd) }
        if !committed { unlink(temporary) }
    }

    /// Appends `text`; a write the system refuses (a full disk) is an error naming the file.
    public func write(_ text: String) throws(EngineError) {
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { systemWrite(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Self.failure(path, errno)
            }
            written += count
        }
    }

    /// Flushes the file and gives it its name; unless `replacing`, a file already there is
    /// left as it is and the write refused (`.conflict`).
    public func commit(replacing: Bool) throws(EngineError) {
        guard fsync(fd) == 0 else { throw Self.failure(path, errno) }
        close(fd)
        fd = -1
        if !replacing, FileManager.default.fileExists(atPath: path) {
            throw EngineError(.conflict, "'\(path)' exists already; it is left as it is")
        }
        guard rename(temporary, path) == 0 else { throw Self.failure(path, errno) }
        committed = true
        // The rename is in the folder's own data: flush it too (a folder that cannot be opened
        // for this, on some shares, keeps the file written but its name less sure after a power cut).
        let folderFD = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY)
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
