import ArgumentParser

/// The `steward` command: run organizers' YAML workflows from the shell or from cron.
@main
struct Steward: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "steward",
        abstract: "Run YAML workflows: validate them, draw them, and (soon) start, act on and audit them.",
        discussion: """
            Exit codes: 0 ok; 1 a check failed; 64 wrong usage. See docs/cli.md.
            """,
        version: StewardVersion.current,
        subcommands: [Init.self, Validate.self, Graph.self, Start.self, Status.self, Tasks.self, Act.self, Tick.self, Run.self, Cancel.self, Audit.self]
    )
}

/// The version printed by `steward --version` and recorded in the trail.
enum StewardVersion {
    static let current = "0.1.0"
}
