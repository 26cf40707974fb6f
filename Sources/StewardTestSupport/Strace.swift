import Foundation

/// strace, for tests that make one system call of a `steward` process fail, as a failing disk
/// would (`-e inject=SYSCALL:error=EIO`), and for `scripts/faults`.
public enum Strace {
    /// Why strace cannot be used here (not installed, or ptrace not permitted, as in some
    /// containers), or nil when it can. Tests that need it are skipped, saying this.
    public static let unavailable: String? = {
        let strace = URL(fileURLWithPath: "/usr/bin/strace")
        guard FileManager.default.isExecutableFile(atPath: strace.path) else {
            return "strace is not installed (scripts/setup installs it)"
        }
        let probe = Process()
        probe.executableURL = strace
        probe.arguments = ["-qq", "-o", "/dev/null", "/bin/true"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        do { try probe.run() } catch { return "strace cannot be run: \(error)" }
        probe.waitUntilExit()
        return probe.terminationStatus == 0 ? nil : "strace cannot trace here (ptrace is not permitted)"
    }()

    /// Whether strace can be used; when not, says why on standard error (for skipped tests).
    public static var available: Bool {
        if let unavailable { FileHandle.standardError.write(Data("skipped: \(unavailable)\n".utf8)) }
        return unavailable == nil
    }

    /// Runs `steward arguments` with the `when`-th `syscall` on `path` failing with `error`
    /// (`strace -P PATH -e inject=SYSCALL:error=ERROR:when=N`).
    public static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:],
                           failing syscall: String, on path: String, error: String = "EIO", when: Int = 1) throws
        -> StewardProcess.Result {
        let options = ["-f", "-qq", "-o", "/dev/null", "-P", path, "-e", "trace=\(syscall)",
                       "-e", "inject=\(syscall):error=\(error):when=\(when)", "--", StewardProcess.binary.path]
        return try StewardProcess.Running(options + arguments, in: directory, environment: environment,
                                          executable: URL(fileURLWithPath: "/usr/bin/strace")).wait()
    }
}
