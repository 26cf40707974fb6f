extension SQLiteStore {
    /// How to open a store.
    public struct Options: Sendable, Equatable {
        /// Read and write (creating the file and its folder if missing), or read only.
        public enum Mode: Sendable, Equatable {
            /// The engine's mode: creates the store if missing and migrates its schema.
            case readWrite
            /// For `audit verify` and `status`: never creates, never writes, never migrates.
            case readOnly
        }

        /// SQLite's `synchronous` setting for the WAL.
        public enum Synchronous: Sendable, Equatable {
            /// Every commit is on disk before it is acknowledged (the default).
            case full
            /// Commits survive a crash of the process but may be lost with the machine's power.
            case normal

            var pragmaValue: Int64 {
                switch self {
                case .full: return 2
                case .normal: return 1
                }
            }
        }

        /// Read-write (the default) or read-only.
        public var mode: Mode
        /// `.full` by default: an acknowledged action is on disk.
        public var synchronous: Synchronous
        /// How long to wait for another process's lock before failing with `.busy`.
        public var busyTimeout: Duration

        /// Options with the defaults: read-write, synchronous FULL, a 10-second busy timeout.
        public init(mode: Mode = .readWrite, synchronous: Synchronous = .full, busyTimeout: Duration = .seconds(10)) {
            self.mode = mode
            self.synchronous = synchronous
            self.busyTimeout = busyTimeout
        }

        /// Read-only options, for inspecting a store without changing it.
        public static var readOnly: Options { Options(mode: .readOnly) }

        /// The busy timeout in whole milliseconds, clamped to what SQLite takes.
        var busyTimeoutMilliseconds: Int32 {
            let (seconds, attoseconds) = busyTimeout.components
            guard seconds >= 0 else { return 0 }
            let millis = seconds.multipliedReportingOverflow(by: 1000)
            guard !millis.overflow else { return Int32.max }
            return Int32(clamping: millis.partialValue + attoseconds / 1_000_000_000_000_000)
        }
    }
}
