import Foundation
import StewardPlugins

/// Small library plug-ins written in C and built by the test with the system's C compiler, to
/// try the loader on libraries that are wrong in exactly one way.
struct LibraryFixture {
    var abi = 1
    var name = "fixture"
    var version = "1.0.0"
    /// A function the library leaves out.
    var omit: String?
    /// What `steward_plugin_call` returns (the frames, one per line).
    var frames = [
        #"{"type":"hello","protocol":1,"name":"fixture","version":"1.0.0"}"#,
        #"{"type":"log","level":"info","message":"filed"}"#,
        #"{"type":"result","ok":true,"output":{"filed":true}}"#,
    ]
    /// Seconds the call sleeps before it answers.
    var sleep = 0
    /// Where the call writes the request it got.
    var requestFile: String?

    var source: String {
        var c = "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n#include <unistd.h>\n"
        if omit != "steward_plugin_abi" { c += "unsigned int steward_plugin_abi(void) { return \(abi); }\n" }
        if omit != "steward_plugin_manifest" {
            let manifest = #"{"abi":\#(abi),"name":"\#(name)","version":"\#(version)"}"#
            c += "char *steward_plugin_manifest(void) { return strdup(\(Self.literal(manifest))); }\n"
        }
        if omit != "steward_plugin_call" {
            c += "char *steward_plugin_call(const char *request) {\n"
            if sleep > 0 { c += "  sleep(\(sleep));\n" }
            if let requestFile {
                c += "  FILE *f = fopen(\(Self.literal(requestFile)), \"w\"); fputs(request, f); fclose(f);\n"
            }
            c += "  return strdup(\(Self.literal(frames.joined(separator: "\n") + "\n")));\n}\n"
        }
        if omit != "steward_plugin_free" { c += "void steward_plugin_free(void *p) { free(p); }\n" }
        return c
    }

    /// Builds the library as `file` in `folder` (mode 0755).
    func build(in folder: URL, file: String = "libfixture.so") async throws -> String {
        let source = folder.appendingPathComponent(file + ".c")
        try Data(self.source.utf8).write(to: source)
        let output = folder.appendingPathComponent(file).path
        let result = try await Command.output(["cc", "-shared", "-fPIC", "-o", output, source.path])
        guard result.status == 0 else { throw FixtureError("cc failed: \(result.stderr)") }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: output)
        return output
    }

    var contract: HandlerContract {
        HandlerContract(name: "fixture", version: "1.0.0", summary: "a test library", tier: .library,
                        inputs: [HandlerInput("title", .text), HandlerInput("due", .date), HandlerInput("token", .text, secret: true)],
                        errors: ["no-signers"], idempotent: true, timeout: .seconds(5))
    }

    /// `text` as a C string literal.
    static func literal(_ text: String) -> String {
        var out = "\""
        for character in text.unicodeScalars {
            switch character {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(character)
            }
        }
        return out + "\""
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A fresh folder (mode 0755) for one test's files.
func temporaryFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("library-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                            attributes: [.posixPermissions: 0o755])
    return folder
}

/// Runs a program found on PATH, with `input` on stdin.
enum Command {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The same, waiting on a thread of its own: a test must not block one of the few
    /// threads Swift's concurrency shares among all the tests running at once.
    static func output(_ arguments: [String], input: Data = Data(), environment: [String: String]? = nil)
        async throws -> Result
    {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Swift.Result { try run(arguments, input: input, environment: environment) })
            }.start()
        }
    }

    static func run(_ arguments: [String], input: Data = Data(), in directory: URL? = nil,
                    environment: [String: String]? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Read both pipes while the program runs, so a long output cannot block it.
        let group = DispatchGroup()
        let out = Collected()
        let err = Collected()
        group.enter()
        DispatchQueue.global().async { out.data = stdout.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { err.data = stderr.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        try stdin.fileHandleForWriting.write(contentsOf: input)
        try stdin.fileHandleForWriting.close()
        process.waitUntilExit()
        group.wait()
        return Result(status: process.terminationStatus, stdout: String(decoding: out.data, as: UTF8.self),
                      stderr: String(decoding: err.data, as: UTF8.self))
    }

    /// One pipe's bytes, written by its reader before the group is left.
    private final class Collected: @unchecked Sendable {
        var data = Data()
    }
}
