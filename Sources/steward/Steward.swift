import ArgumentParser

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
        subcommands: [Init.self, Validate.self, Graph.self, Start.self, Status.self, Tasks.self, Act.self, Reassign.self, Retry.self, Notices.self, Tick.self, Run.self, Cancel.self, Audit.self]
    )
}

/// The version printed by `steward --version` and recorded in the trail.
enum StewardVersion {
    static let current = "0.1.0"
}
