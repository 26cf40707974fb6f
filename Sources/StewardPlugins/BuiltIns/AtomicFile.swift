import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file that appears under its name only whole: written under a temporary name in the same
/// folder (`.NAME.PID.tmp`), synced, then renamed over the name.
///
/// A crash or a full disk leaves the file as it was (or absent) and at most the temporary
/// file, never half a file under the name: whatever reads the folder (a delivery, an auditor)
/// can trust any file it finds there. Temporary names start with a dot, so `*.json` and the
/// like do not match them.
public final class AtomicFile {
    /// Where the file goes.
    public let url: URL
    let temporary: String
    private var descriptor: Int32

    /// Creates the temporary file (replacing one this process left). A name that holds
    /// something other than a regular file (a device, a pipe, a link) is refused: renaming over
    /// it would replace it instead of writing into it.
    public init(_ url: URL) throws(FileWriteError) {
        self.url = url
        guard !Self.holdsSpecialFile(url.path) else {
            throw FileWriteError(message: "cannot write '\(url.path)' whole: it is not a regular file")
        }
        temporary = Self.temporaryPath(for: url, process: getpid())
        descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Self.failure(url, errno) }
    }

    deinit {
        discard()
    }

    /// Writes `bytes` to `url` whole, synced, in one step (a step handler's file in the outbox or the ledger).
    public static func write(_ bytes: [UInt8], to url: URL) throws(FileWriteError) {
        let file = try AtomicFile(url)
        try file.write(bytes)
        try file.commit()
    }

    /// Whether `path` names something other than a regular file (nothing there is fine).
    public static func holdsSpecialFile(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG
    }

    /// The temporary name a process `process` writes `url` under.
    public static func temporaryPath(for url: URL, process: pid_t) -> String {
        url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(process).tmp").path
    }

    /// Appends `bytes`, all of them or an error.
    public func write(_ bytes: [UInt8]) throws(FileWriteError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Self.systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw Self.failure(url, errno)
            }
            offset += written
        }
    }

    /// Syncs the file and renames it into place. `syncFolder` also syncs the folder, so that the
    /// name survives a power cut; a batch of files syncs it once, after the last (`syncFolder(_:)`).
    public func commit(syncFolder: Bool = true) throws(FileWriteError) {
        defer { discard() }  // after a failure the temporary file goes; after the rename there is none
        guard fsync(descriptor) == 0 else { throw Self.failure(url, errno) }
        guard rename(temporary, url.path) == 0 else { throw Self.failure(url, errno) }
        close(descriptor)
        descriptor = -1
        if syncFolder { try Self.syncFolder(url.deletingLastPathComponent()) }
    }

    /// Removes the temporary file; nothing appears under the name. Done by `deinit` too.
    public func discard() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
        unlink(temporary)
    }

    /// Makes the names of files renamed into `folder` durable.
    public static func syncFolder(_ folder: URL) throws(FileWriteError) {
        let descriptor = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(folder, errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw failure(folder, errno) }
    }

    private static func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(descriptor, buffer, count)
        #else
        Darwin.write(descriptor, buffer, count)
        #endif
    }

    static func failure(_ url: URL, _ code: Int32) -> FileWriteError {
        let reason = code == ENOSPC ? "the disk is full" : String(cString: strerror(code))
        return FileWriteError(message: "cannot write '\(url.path)': \(reason)")
    }
}

/// Why a file could not be written whole, naming it.
public struct FileWriteError: Error, Sendable, CustomStringConvertible {
    public let message: String

    public var description: String { message }
}
