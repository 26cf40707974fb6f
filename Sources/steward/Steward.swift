import ArgumentParser
import Foundation

/// The `steward` command: run organizers' YAML workflows from the shell or from cron.
@main
struct Steward: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "steward",
        abstract: "Run YAML workflows: check and draw them, start instances, act on tasks, tick from cron, audit the trail.",
        discussion: """
            Exit codes: 0 ok; 1 a check failed (invalid, tampered); 2 refused by the rules; \
            3 not found; 4 conflict (done or changed meanwhile); 5 store or I/O failure; \
            64 wrong usage. See docs/cli.md.
            """,
        version: StewardVersion.current,
        subcommands: [Init.self, Validate.self, TestCommand.self, Graph.self, Schema.self, Start.self, Status.self, Tasks.self, Act.self, Reassign.self, Retry.self, Resolve.self, Notices.self, Tick.self, Run.self, Cancel.self, Audit.self, ArchiveCommand.self, Plugins.self, Show.self, Ledger.self, StoreCommand.self]
    )

    /// Runs the command as ArgumentParser would, then checks that its output was written
    /// (`StandardStreams.finish`), so that no command exits 0 with its output lost.
    static func main() {
        StandardStreams.prepare()
        // The runtime reads the arguments from the system (/proc on Linux); when that fails it
        // gives none, not even the program's name, and parsing nothing would print the help
        // and exit 0 with nothing done.
        guard !CommandLine.arguments.isEmpty else {
            StandardStreams.warn("steward: error: the system did not give steward its command line; nothing was done\n")
            Foundation.exit(5)
        }
        var code = ExitCode.success
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            code = exitCode(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                // Help and --version go to standard output, errors to standard error.
                if code == .success { print(message) } else { StandardStreams.warn(message + "\n") }
            }
        }
        Foundation.exit(StandardStreams.finish(code.rawValue))
    }
}

/// The version printed by `steward --version` and recorded in the trail.
enum StewardVersion {
    static let current = "0.1.0"
}
