// C's `stdout` and `stderr` are global variables; the commands use them from one thread.
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif
import Foundation
import StewardEngine
import StewardPlugins

/// Standard output and standard error, written through C's stdio, where a failed write is
/// remembered (`ferror`) instead of trapping as Foundation's `FileHandle.write` does.
///
/// Output is checked once, centrally, when the command ends (`finish`): a command whose
/// output was lost (a full disk, `/dev/full`, a closed pipe) exits 5 and says so, instead of
/// 0 with the output gone.
enum StandardStreams {
    /// Ignores SIGPIPE: a reader that went away then makes writes fail (EPIPE), which `finish`
    /// reports, instead of ending the process mid-command with no word.
    static func prepare() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Writes a line on standard output at once (`steward run`: under systemd or into a log
    /// file, a buffered line would show up only when the buffer fills).
    static func say(_ line: String) {
        fputs(line + "\n", stdout)
        fflush(stdout)
    }

    /// Writes `text` on standard error. When that fails there is nowhere left to say so.
    static func warn(_ text: String) {
        fputs(text, stderr)
    }

    /// Flushes standard output and returns the exit code: `code`, or 5 when the command
    /// succeeded but some of its output could not be written. A command that failed has
    /// already said why on standard error, and keeps its code.
    static func finish(_ code: Int32) -> Int32 {
        let flushed = fflush(stdout) == 0
        let reason = flushed ? "a write failed" : String(cString: strerror(errno))
        guard code == 0, !flushed || ferror(stdout) != 0 else { return code }
        warn("steward: error: the output could not be written (\(reason)); anything the command changed "
            + "stays changed: see 'steward status' or 'steward audit log' [\(outputFailed)]\n")
        return 5
    }

    /// The reason code of lost output.
    static let outputFailed = "output-failed"
}

/// A long output written as it is produced (`audit export`), stopping at the first write that
/// fails: to standard output; to a file given with `--out`, which appears only whole
/// (`AtomicFile`); or into a device or pipe named with `--out`, written directly.
struct StreamedOutput {
    private let file: AtomicFile?
    /// Standard output, or the device or pipe; nil when writing `file`.
    private let stream: UnsafeMutablePointer<FILE>?
    private let path: String?

    /// Standard output when `path` is nil.
    init(path: String?) throws(EngineError) {
        self.path = path
        guard let path else {
            (file, stream) = (nil, stdout)
            return
        }
        guard AtomicFile.holdsSpecialFile(path) else {
            do { (file, stream) = (try AtomicFile(URL(fileURLWithPath: path)), nil) } catch { throw EngineError(error) }
            return
        }
        guard let opened = fopen(path, "w") else { throw Self.failure(path) }
        (file, stream) = (nil, opened)
    }

    func write(_ text: String) throws(EngineError) {
        guard let stream else {
            do { try file?.write(Array(text.utf8)) } catch { throw EngineError(error) }
            return
        }
        fputs(text, stream)
        guard ferror(stream) == 0 else { throw Self.failure(path) }
    }

    /// Puts the file in place, or closes the device; standard output is checked by
    /// `StandardStreams.finish` when the command ends.
    func finish() throws(EngineError) {
        if let file {
            do { try file.commit() } catch { throw EngineError(error) }
        }
        guard let path, let stream else { return }
        guard fclose(stream) == 0 else { throw Self.failure(path) }
    }

    private static func failure(_ path: String?) -> EngineError {
        let reason = String(cString: strerror(errno))
        guard let path else {
            return EngineError(.store, "the output could not be written (\(reason))", reason: StandardStreams.outputFailed)
        }
        return EngineError(.store, "cannot write '\(path)': \(reason)")
    }
}
