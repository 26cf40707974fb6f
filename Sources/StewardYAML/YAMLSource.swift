#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of one file named by a user, read with every failure turned into a reason.
public struct YAMLSource: Sendable {
    /// The path as the user gave it, for messages.
    public let path: String
    public let bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    /// Why a file could not be read.
    public enum ReadError: Error, Equatable, Sendable {
        case notFound
        case isDirectory
        case notRegularFile
        case unreadable(String)
        /// The system failed while reading it (an I/O error, no memory or descriptors left):
        /// the file may well be right, and reading it again may work.
        case failed(String)
        case tooLarge(size: Int, limit: Int)

        /// A stable code for each reason.
        public var code: String {
            switch self {
            case .notFound: "file-not-found"
            case .isDirectory: "file-is-directory"
            case .notRegularFile, .unreadable: "file-unreadable"
            case .failed: "file-read-failed"
            case .tooLarge: "yaml-limit-size"
            }
        }

        public var message: String {
            switch self {
            case .notFound: "no such file; check the path and its spelling"
            case .isDirectory: "this is a folder, not a file"
            case .notRegularFile: "this is not a regular file (a device, socket or pipe); give a workflow file"
            case .unreadable(let why): "the file cannot be read: \(why)"
            case .failed(let why): "the system failed to read the file: \(why)"
            case let .tooLarge(size, limit): "the file is \(size) bytes, more than the limit of \(limit) bytes"
            }
        }
    }

    /// Reads `path`, refusing anything but a regular file and files over `limit` bytes before reading them.
    public static func read(path: String, limit: Int) throws(ReadError) -> YAMLSource {
        var info = stat()
        guard stat(path, &info) == 0 else { throw errno == ENOENT || errno == ENOTDIR ? .notFound : unreadable(errno) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw .isDirectory }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .notRegularFile }
        let size = Int(info.st_size)
        if size > limit { throw .tooLarge(size: size, limit: limit) }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw unreadable(errno) }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let n = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return systemRead(fd, base + filled, size - filled)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw unreadable(errno)
            }
            if n == 0 { break }  // the file shrank while we read it
            filled += n
        }
        return YAMLSource(path: path, bytes: Array(bytes[0..<filled]))
    }

    private static func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.read(fd, buffer, count)
        #else
        Darwin.read(fd, buffer, count)
        #endif
    }

    private static func unreadable(_ code: Int32) -> ReadError {
        switch code {
        case EACCES, EPERM:
            return .unreadable("permission denied; ask for read access to it")
        case EIO, ENOSPC, EDQUOT, ENOMEM, ENOBUFS, EMFILE, ENFILE, EAGAIN, ETIMEDOUT, ESTALE:
            return .failed(String(cString: strerror(code)).lowercased())
        default:
            return .unreadable(String(cString: strerror(code)).lowercased())
        }
    }
}
