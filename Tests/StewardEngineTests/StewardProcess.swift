import Foundation

/// Runs the built `steward` binary the way a user (or cron) would, capturing its output and
/// exit status. Copied from StewardCLITests, plus starting without waiting (to overlap or kill).
struct StewardProcess {
    struct Result: CustomStringConvertible {
        let status: Int32
        let stdout: String
        let stderr: String
        /// True when the process died of a signal (SIGKILL from a crash test, or a trap).
        let crashed: Bool

        var description: String { "exit \(status)\(crashed ? " (signal)" : ""): \(stdout)\(stderr)" }
    }

    static var binary: URL {
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

    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Result {
        try Running(arguments, in: directory, environment: environment).wait()
    }

    /// A started `steward` process: wait for it, or kill it first.
    final class Running: @unchecked Sendable {
        let process = Process()
        private let group = DispatchGroup()
        private var outData = Data()
        private var errData = Data()

        init(_ arguments: [String], in directory: URL?, environment: [String: String],
             executable: URL = StewardProcess.binary) throws {
            process.executableURL = executable
            process.arguments = arguments
            if let directory { process.currentDirectoryURL = directory }
            // The runner's own STEWARD_* settings must not leak into a test.
            var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("STEWARD_") }
            for (key, value) in environment { env[key] = value }
            process.environment = env
            let out = Pipe()
            let err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            // Read both pipes while the process runs so a large output cannot block it.
            group.enter()
            DispatchQueue.global().async { self.outData = out.fileHandleForReading.readDataToEndOfFile(); self.group.leave() }
            group.enter()
            DispatchQueue.global().async { self.errData = err.fileHandleForReading.readDataToEndOfFile(); self.group.leave() }
        }

        var pid: Int32 { process.processIdentifier }

        /// SIGKILL: the process gets no chance to clean up, as in a power cut for the process.
        func kill() { _ = Foundation.kill(process.processIdentifier, SIGKILL) }

        func wait() -> Result {
            process.waitUntilExit()
            group.wait()
            return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                          stderr: String(decoding: errData, as: UTF8.self),
                          crashed: process.terminationReason == .uncaughtSignal)
        }
    }
}
