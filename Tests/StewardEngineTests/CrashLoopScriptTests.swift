import StewardTestSupport
import Foundation
import Testing

extension StewardProcesses {
    /// `scripts/crash-loop` is the long form of the crash test that operators and reviewers
    /// run by hand (1,000 loops); a few loops here keep it working as the store evolves.
    @Suite("the crash-loop script")
    struct CrashLoopScriptTests {
        @Test("a short run of scripts/crash-loop passes every loop", .timeLimit(.minutes(3)))
        func shortRun() throws {
            let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", package.appendingPathComponent("scripts/crash-loop").path, "8", "--seed", "11",
                                 "--binary", StewardProcess.binary.path]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(text)")
            #expect(text.contains("8 passed, 0 failed"), "\(text)")
        }
    }
}
