import Foundation
import StewardPluginKit
import Testing

/// `ProcessPlugin.main`: stdout holds the frames alone, and log lines leave as they are made.
@Suite("process plug-ins written with the kit")
struct ProcessPluginTests {
    /// The probe program, built beside the test bundle.
    static var probe: URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("plugin-probe")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/plugin-probe")
    }

    static let request = #"{"key":"k","operation_key":"o","attempt":1,"instance":"i","workflow":"w","state":"s","#
        + #""with":{"pause_ms":10}}"#

    /// The probe, started with pipes for its stdin and stdout.
    static func startProbe() throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = probe
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        return (process, stdin, stdout)
    }

    @Test("what the handler prints goes to stderr; stdout holds hello, the log lines and the result")
    func printsAside() async throws {
        let run = try await Command.output([Self.probe.path], input: Data((Self.request + "\n").utf8))
        #expect(run.status == 0)
        #expect(run.stderr == "printed, not a frame\n")
        #expect(try run.stdout.split(separator: "\n").map { try PluginFrame(line: String($0)) } == [
            .hello(protocol: 1, name: "probe", version: "0.1.0"), .log(.info, "before"), .log(.info, "after"),
            .result(.success(["with": ["pause_ms": 10]])),
        ])
    }

    @Test("a log line is written when it is made, so a plug-in stopped at its time limit leaves its lines")
    func logsAsTheyCome() async throws {
        let (process, stdin, stdout) = try Self.startProbe()
        // A pause far longer than any wait for the first line, however loaded the machine: the
        // plug-in is still running when it is stopped.
        try stdin.fileHandleForWriting.write(contentsOf: Data(Self.request.replacingOccurrences(of: #""pause_ms":10"#, with: #""pause_ms":600000"#).utf8))
        try stdin.fileHandleForWriting.close()
        // Read until the first log line, then stop the plug-in as Steward would at its deadline.
        let lines = await withCheckedContinuation { continuation in
            Thread {
                var text = ""
                while !text.contains("\"before\"") {
                    let chunk = stdout.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    text += String(decoding: chunk, as: UTF8.self)
                }
                continuation.resume(returning: text)
            }.start()
        }
        process.terminate()
        process.waitUntilExit()
        #expect(lines == #"{"type":"hello","protocol":1,"name":"probe","version":"0.1.0"}"# + "\n"
            + #"{"type":"log","level":"info","message":"before"}"# + "\n")
        #expect(process.terminationReason == .uncaughtSignal)
    }

    @Test("the request ends at its line break: a host that leaves stdin open still gets the answer")
    func stdinLeftOpen() async throws {
        let (process, stdin, stdout) = try Self.startProbe()
        try stdin.fileHandleForWriting.write(contentsOf: Data((Self.request + "\n").utf8))
        let text = await withCheckedContinuation { continuation in
            Thread {
                continuation.resume(returning: String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
            }.start()
        }
        process.waitUntilExit()
        try stdin.fileHandleForWriting.close()
        #expect(process.terminationStatus == 0)
        #expect(text.hasSuffix(#"{"type":"result","ok":true,"output":{"with":{"pause_ms":10}}}"# + "\n"), "\(text)")
    }
}
