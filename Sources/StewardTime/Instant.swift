/// A point in time, stored as milliseconds since 1970-01-01T00:00:00Z.
///
/// The core never reads a clock: every `Instant` it sees was handed to it.
public struct Instant: Hashable, Comparable, Sendable {
    /// Milliseconds since 1970-01-01T00:00:00Z (negative before).
    public let millisecondsSinceEpoch: Int64

    /// Creates the instant `millisecondsSinceEpoch` milliseconds after 1970-01-01T00:00:00Z.
    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// This instant moved by a number of milliseconds.
    public func adding(milliseconds: Int64) -> Instant {
        Instant(millisecondsSinceEpoch: millisecondsSinceEpoch &+ milliseconds)
    }

    /// Whether `lhs` is earlier than `rhs`.
    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }
}
