import StewardTestSupport
import Foundation
import Testing

/// The tests that run many `steward` processes against real stores. They run one at a time:
/// on a small machine, overlapping them would only measure the scheduler.
@Suite("steward processes", .serialized)
enum StewardProcesses {
    /// Runs `scripts/NAME ARGUMENTS --binary <the steward under test>` with Python 3; returns its
    /// exit status and its output (standard output and error together).
    static func script(_ name: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", package.appendingPathComponent("scripts/\(name)").path] + arguments
            + ["--binary", StewardProcess.binary.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }
}
