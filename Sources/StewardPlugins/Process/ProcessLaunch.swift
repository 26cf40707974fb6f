import Foundation

/// One program to run for one handler call, and the limits it runs under.
struct ProcessLaunch: Sendable {
    /// The program's absolute path (never looked up through a PATH, never run by a shell).
    var executable: String
    /// The whole argv, its first item included.
    var arguments: [String]
    /// The program's whole environment: nothing of Steward's own is inherited.
    var environment: [String: String]
    /// Its working folder.
    var folder: String
    /// Written to its standard input, which is then closed.
    var input: [UInt8]
    /// When it is asked to stop (SIGTERM to its process group), and `grace` later killed.
    var deadline: ContinuousClock.Instant
    var grace: Duration = .seconds(2)
    /// The most it may print on standard output; more is a fault (`output-too-large`), and it is killed.
    var outputLimit = ProcessLaunch.outputCap
    /// How much of the end of its standard error is kept.
    var errorTailLimit = ProcessLaunch.errorTailCap

    static let outputCap = 1 << 20
    static let errorTailCap = 64 << 10
}

/// Reads a program's standard output line by line as it comes (on the runner's thread).
protocol OutputLines: AnyObject {
    /// One line, without its newline; a reason returned stops the program at once.
    func line(_ bytes: ArraySlice<UInt8>) -> String?
}

/// How a program run ended.
struct ProcessRun: Sendable {
    enum Ending: Sendable, Equatable {
        case exited(Int32)
        case signaled(Int32)
    }

    /// Why Steward stopped the program before it ended by itself.
    enum Stop: Sendable, Equatable {
        /// Its time was up.
        case deadline
        /// It printed more than the limit on standard output.
        case outputTooLarge
        /// Its output broke the rules (the reason says how).
        case refused(String)
    }

    let ending: Ending
    let stop: Stop?
    /// Standard output, up to the limit.
    let output: [UInt8]
    /// The end of standard error, at most the tail limit.
    let errorTail: [UInt8]
    /// How many bytes of standard error there were in all.
    let errorBytes: Int
}

/// A program that could not be started at all.
struct LaunchFailure: Error, Sendable {
    /// The system's error number (ENOENT: no such file, EACCES: not executable, ENOEXEC: not a program).
    let code: Int32
    let message: String
}
