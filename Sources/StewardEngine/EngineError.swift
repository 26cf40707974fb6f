import StewardPlugins
/// Why an engine operation did not happen, with the exit code the CLI gives it.
public struct EngineError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// A check failed: an invalid workflow, a verification that found tampering.
        case checkFailed
        /// The rules refused it: ineligible person, four-eyes, missing fields, action not allowed.
        case refused
        /// No such instance, workflow, task or person.
        case notFound
        /// Already done, or changed meanwhile: re-read and retry.
        case conflict
        /// The store or the disk failed: locked past the timeout, full, damaged.
        case store
        /// The request itself is malformed (bad input value syntax).
        case usage
    }

    public let kind: Kind
    public let message: String
    /// A stable reason code (`not-eligible`, `four-eyes`, …) for scripts.
    public let reason: String?

    public init(_ kind: Kind, _ message: String, reason: String? = nil) {
        self.kind = kind
        self.message = message
        self.reason = reason
    }

    public var description: String { message }

    /// The reason of a store that cannot be used now (locked, full, an I/O error): work that
    /// met it is left for later, never given up.
    public static let storeUnavailable = "store-unavailable"

    /// True when the store as a whole failed, not the thing being done.
    public var isStoreUnavailable: Bool { kind == .store && reason == Self.storeUnavailable }

    /// The documented exit code (docs/cli.md).
    public var exitCode: Int32 {
        switch kind {
        case .checkFailed: 1
        case .refused: 2
        case .notFound: 3
        case .conflict: 4
        case .store: 5
        case .usage: 64
        }
    }
}

extension EngineError {
    /// A file that could not be written whole: a store or I/O failure.
    public init(_ error: FileWriteError) {
        self.init(.store, error.message)
    }
}
