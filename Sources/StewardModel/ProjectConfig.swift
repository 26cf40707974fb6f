import StewardDiagnostics
import StewardYAML

/// The project file `steward.yaml`: where things are and how Steward behaves.
public struct ProjectConfig: Sendable, Equatable {
    /// How the command line knows who is acting.
    public enum Identity: String, Sendable, Equatable {
        /// `--as` / STEWARD_ACTOR is trusted as given.
        case declared
        /// The person's OS account must be the one running the command (admins may act for others).
        case os
    }

    /// Where the time comes from.
    public enum Clock: String, Sendable, Equatable {
        /// The machine's clock (every real office).
        case system
        /// `STEWARD_NOW` may fix the time (demo and test projects); the trail marks it.
        case manual
    }

    /// What a tick does about cron starts missed while nothing ran.
    public enum CatchUp: String, Sendable, Equatable {
        /// Start once for all missed times (the default).
        case once
        /// Start nothing for missed times; wait for the next one.
        case skip
        /// Start once per missed time (bounded to 100).
        case all
    }

    public var store = ".steward/steward.db"
    public var roster = "roster.yaml"
    public var workflows = "workflows/"
    public var calendars = "calendars/"
    public var plugins = "plugins/"
    public var timezone = "Asia/Shanghai"
    public var identity = Identity.declared
    public var allowShell = false
    public var ledger = "ledger/"
    public var outbox = "outbox/"
    public var catchUp = CatchUp.once
    public var clock = Clock.system
    /// A file holding an Ed25519 private key (base64) to sign checkpoints, if any.
    public var checkpointKey: String?

    public init() {}

    /// Reads `steward.yaml`; unknown keys and wrong types are findings.
    public static func load(_ source: YAMLSource) -> (config: ProjectConfig?, diagnostics: [Diagnostic]) {
        let (document, yamlFindings) = YAMLLoader().loadSingleDocument(source)
        guard let document else { return (nil, yamlFindings) }
        let reader = SchemaReader(file: source.path)
        guard let m = reader.mapping(document.root, "the project file") else { return (nil, reader.diagnostics) }
        let keys = ["store", "roster", "workflows", "calendars", "plugins", "timezone", "identity", "allow_shell",
                    "ledger", "outbox", "catch_up", "checkpoint_key", "clock"]
        reader.checkKeys(m, allowed: keys, "the project file")
        var config = ProjectConfig()
        func text(_ key: String) -> String? { m[key].flatMap { reader.string($0, "'\(key)'") } }
        config.store = text("store") ?? config.store
        config.roster = text("roster") ?? config.roster
        config.workflows = text("workflows") ?? config.workflows
        config.calendars = text("calendars") ?? config.calendars
        config.plugins = text("plugins") ?? config.plugins
        config.ledger = text("ledger") ?? config.ledger
        config.outbox = text("outbox") ?? config.outbox
        config.checkpointKey = text("checkpoint_key")
        if let zone = text("timezone") {
            if TimeZoneCheck.isKnown(zone) {
                config.timezone = zone
            } else {
                reader.report(.badTimezone, at: m["timezone"].map(reader.location), "'\(zone)' is not a known time zone",
                              suggestion: "write an IANA name such as 'Asia/Shanghai'")
            }
        }
        if let node = m["identity"], let value = reader.string(node, "'identity'") {
            if let identity = Identity(rawValue: value) { config.identity = identity } else {
                reader.report(.badValue, at: reader.location(node), "'identity' must be 'declared' or 'os'; got '\(value)'")
            }
        }
        if let node = m["catch_up"], let value = reader.string(node, "'catch_up'") {
            if let policy = CatchUp(rawValue: value) { config.catchUp = policy } else {
                reader.report(.badValue, at: reader.location(node), "'catch_up' must be once, skip or all; got '\(value)'")
            }
        }
        if let node = m["clock"], let value = reader.string(node, "'clock'") {
            if let clock = Clock(rawValue: value) { config.clock = clock } else {
                reader.report(.badValue, at: reader.location(node), "'clock' must be 'system' or 'manual'; got '\(value)'",
                              notes: ["'manual' lets STEWARD_NOW set the time, for demo and test projects only"])
            }
        }
        if let node = m["allow_shell"], let value = reader.boolean(node, "'allow_shell'") { config.allowShell = value }
        let failed = reader.diagnostics.contains { $0.severity == .error }
        return (failed ? nil : config, reader.diagnostics)
    }
}

enum TimeZoneCheck {
    static func isKnown(_ name: String) -> Bool {
        TimeZoneLookup.zone(name) != nil
    }
}
