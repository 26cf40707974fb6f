#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An advisory lock on `<database>.tick.lock`, so overlapping `steward tick` runs skip work
/// another is already doing.
///
/// It only saves duplicate work: correctness comes from the store's transactions. The lock
/// is held until `release()` or deinit, and dies with the process.
public final class TickLock: @unchecked Sendable {
    /// The lock file.
    public let path: String
    private var descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { release() }

    /// The lock file for the database at `databasePath`.
    public static func lockPath(forDatabase databasePath: String) -> String {
        databasePath + ".tick.lock"
    }

    /// Takes the lock beside `databasePath` without waiting; nil when another holder has it.
    public static func tryAcquire(forDatabase databasePath: String) throws(StoreError) -> TickLock? {
        let path = lockPath(forDatabase: databasePath)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw StoreError(.io(reason), "cannot open the tick lock '\(path)': \(reason)")
        }
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            close(descriptor)
            if code == EWOULDBLOCK { return nil }
            let reason = String(cString: strerror(code))
            throw StoreError(.io(reason), "cannot lock '\(path)': \(reason)")
        }
        return TickLock(path: path, descriptor: descriptor)
    }

    /// Gives the lock up (closing the file releases it); later calls do nothing.
    public func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }
}
