import Foundation

/// Runs the built `steward` binary the way a user (or cron) would, capturing its output and
/// exit status; it can also start one without waiting, to overlap processes or kill them.
public struct StewardProcess {
    public struct Result: CustomStringConvertible, Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
        /// True when the process died of a signal (SIGKILL from a crash test, or a trap).
        public let crashed: Bool

        public var description: String { "exit \(status)\(crashed ? " (signal)" : ""): \(stdout)\(stderr)" }
    }

    /// The binary under test: STEWARD_BINARY, else the `steward` beside the test bundle.
    public static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["STEWARD_BINARY"] { return URL(fileURLWithPath: path) }
        // The test bundle sits in the build products folder, beside the steward executable.
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("steward")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/steward")
    }

    /// `standardOutput`: where the output goes instead of the result's `stdout` (a full disk's
    /// `/dev/full`, a pipe nobody reads).
    public static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
                           standardOutput: FileHandle? = nil) throws -> Result {
        try Running(arguments, in: directory, environment: environment, standardOutput: standardOutput).wait()
    }

    /// A started `steward` process: wait for it, or kill it first.
    public final class Running: @unchecked Sendable {
        public let process = Process()
        private let group = DispatchGroup()
        private var outData = Data()
        private var errData = Data()

        public init(_ arguments: [String], in directory: URL?, environment: [String: String],
                    executable: URL = StewardProcess.binary, standardOutput: FileHandle? = nil) throws {
            process.executableURL = executable
            process.arguments = arguments
            if let directory { process.currentDirectoryURL = directory }
            // The runner's own STEWARD_* settings must not leak into a test.
            var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("STEWARD_") }
            for (key, value) in environment { env[key] = value }
            process.environment = env
            let out = Pipe()
            let err = Pipe()
            process.standardOutput = standardOutput ?? out
            process.standardError = err
            try process.run()
            // Read both pipes while the process runs so a large output cannot block it.
            if standardOutput == nil {
                group.enter()
                DispatchQueue.global().async { self.outData = out.fileHandleForReading.readDataToEndOfFile(); self.group.leave() }
            }
            group.enter()
            DispatchQueue.global().async { self.errData = err.fileHandleForReading.readDataToEndOfFile(); self.group.leave() }
        }

        public var pid: Int32 { process.processIdentifier }

        /// SIGKILL: the process gets no chance to clean up, as in a power cut for the process.
        public func kill() { _ = Foundation.kill(process.processIdentifier, SIGKILL) }

        public func wait() -> Result {
            process.waitUntilExit()
            group.wait()
            return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                          stderr: String(decoding: errData, as: UTF8.self),
                          crashed: process.terminationReason == .uncaughtSignal)
        }
    }
}

/// A fresh temporary folder for the duration of `body`, removed afterwards.
public func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("steward-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer {
        try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        try? FileManager.default.removeItem(at: url)
    }
    return try body(url)
}
