import Foundation

/// Runs a handler as a process plug-in (protocol v1): one request line on stdin, frames on
/// stdout, one per line, then exit.
///
/// ```swift
/// // main.swift
/// await ProcessPlugin.main(signOff)
/// ```
public enum ProcessPlugin {
    public static func main(_ handler: PluginHandler) async -> Never {
        // Anything the handler prints must not break the protocol: stdout is kept for the frames
        // alone, and the handler's own standard output goes to stderr (which Steward keeps as a tail).
        let frames = FileHandle(fileDescriptor: dup(STDOUT_FILENO), closeOnDealloc: true)
        fflush(nil)
        dup2(STDERR_FILENO, STDOUT_FILENO)
        let writer = FrameWriter(frames)

        if isatty(STDIN_FILENO) == 1 {
            FileHandle.standardError.write(Data("""
                \(handler.info.name) \(handler.info.version): a Steward plug-in (\(handler.info.summary)).
                Steward runs it with one JSON request on stdin; it answers with JSON lines on stdout.

                """.utf8))
            exit(2)
        }
        writer.write(handler.hello)
        let request = firstLine(of: FileHandle.standardInput)
        let logger = PluginLogger { level, message in writer.write(.log(level, message)) }
        writer.write(await handler.result(for: request, logger: logger))
        exit(0)
    }

    /// The request: stdin up to its first line break (or its end), so a host that leaves
    /// stdin open after the request is not waited for.
    private static func firstLine(of input: FileHandle) -> String {
        var bytes: [UInt8] = []
        while true {
            let chunk = input.availableData
            if chunk.isEmpty { break }
            if let end = chunk.firstIndex(of: UInt8(ascii: "\n")) {
                bytes += chunk[chunk.startIndex..<end]
                break
            }
            bytes += chunk
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Writes whole frames to the protocol's stdout; a host that stopped reading ends the plug-in.
private final class FrameWriter: @unchecked Sendable {
    private let handle: FileHandle
    private let lock = NSLock()

    init(_ handle: FileHandle) { self.handle = handle }

    func write(_ frame: PluginFrame) {
        lock.lock()
        defer { lock.unlock() }
        do {
            try handle.write(contentsOf: Data((frame.json + "\n").utf8))
        } catch {
            exit(1)
        }
    }
}
