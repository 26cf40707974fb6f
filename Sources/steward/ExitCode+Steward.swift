import ArgumentParser

/// The exit codes documented in docs/cli.md.
extension ExitCode {
    /// A check failed: the input is invalid.
    static let checkFailed = ExitCode(1)
}
