import Foundation
import StewardTime

/// A clock that only moves when a test moves it, for the engine's `clock:` and for `WorkflowDriver`.
///
/// Time never comes from the wall clock: a test sets the start and advances it explicitly,
/// so every run of a test sees the same instants.
public final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Instant

    /// A clock showing `start`.
    public init(_ start: Instant) {
        current = start
    }

    /// A clock showing the RFC 3339 time `iso8601` (`2025-01-24T10:00:00+08:00`).
    public convenience init(_ iso8601: String) throws(DateTimeError) {
        self.init(try Instant(iso8601: iso8601))
    }

    /// The instant the clock shows.
    public var now: Instant {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    /// The clock as the engine's time source.
    public var source: @Sendable () -> Instant {
        { [self] in now }
    }

    /// Sets the clock to `instant`; moving backwards is allowed (to test stale timers).
    public func set(to instant: Instant) {
        lock.lock()
        defer { lock.unlock() }
        current = instant
    }

    /// Moves the clock forward by elapsed milliseconds.
    @discardableResult
    public func advance(milliseconds: Int64) -> Instant {
        lock.lock()
        defer { lock.unlock() }
        current = current.adding(milliseconds: milliseconds)
        return current
    }

    /// Moves the clock forward by elapsed seconds.
    @discardableResult
    public func advance(seconds: Int64) -> Instant { advance(milliseconds: seconds * 1000) }

    /// Moves the clock forward by elapsed minutes.
    @discardableResult
    public func advance(minutes: Int64) -> Instant { advance(milliseconds: minutes * 60_000) }

    /// Moves the clock forward by elapsed hours.
    @discardableResult
    public func advance(hours: Int64) -> Instant { advance(milliseconds: hours * 3_600_000) }

    /// Moves the clock forward by 24-hour days (elapsed time, not calendar days).
    @discardableResult
    public func advance(days: Int64) -> Instant { advance(milliseconds: days * 86_400_000) }
}
