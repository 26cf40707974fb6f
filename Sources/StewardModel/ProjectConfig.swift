import StewardDiagnostics
import StewardYAML

/// The project file `steward.yaml`: where things are and how Steward behaves.
public struct ProjectConfig: Sendable, Equatable {
    /// How the command line knows who is acting.
    public enum Identity: String, Sendable, Equatable, CaseIterable {
        /// `--as` / STEWARD_ACTOR is trusted as given.
        case declared
        /// The person's OS account must be the one running the command (admins may act for others).
        case os
    }

    /// Where the time comes from.
    public enum Clock: String, Sendable, Equatable, CaseIterable {
        /// The machine's clock (every real office).
        case system
        /// `STEWARD_NOW` may fix the time (demo and test projects); the trail marks it.
        case manual
    }

    /// What a tick does about cron starts missed while nothing ran.
    public enum CatchUp: String, Sendable, Equatable, CaseIterable {
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
    /// Checkpoints `tick` and `run` write by themselves, if any.
    public var checkpoints: CheckpointPolicy?
    /// How many handler calls one tick makes at once (a slow webhook holds up only its own step).
    public var stepConcurrency = 4
    /// Where `render` writes documents, one folder per instance.
    public var documents = "documents/"
    /// Where `render` and `notify` read templates.
    public var templates = "templates/"
    /// A file (mode 0600) of named secrets that `secret` handler inputs name; nil: only
    /// `STEWARD_SECRET_NAME` environment variables.
    public var secrets: String?
    /// The handlers (plug-ins) that deliver each `notify` message, by name; none: the outbox only.
    public var channels: [String] = []
    /// How many trail chains a PostgreSQL store is made with (1: one chain, as the embedded store).
    public var trailChains = 1

    public init() {}

    /// True when `store` names a PostgreSQL server rather than a file.
    public static func isServerStore(_ store: String) -> Bool {
        store.hasPrefix("postgres://") || store.hasPrefix("postgresql://")
    }

    /// The keys of `steward.yaml` (also the properties of `steward schema project`).
    static let keys = ["store", "roster", "workflows", "calendars", "plugins", "timezone", "identity", "allow_shell",
                       "ledger", "outbox", "catch_up", "checkpoint_key", "checkpoints", "clock", "step_concurrency",
                       "documents", "templates", "secrets", "channels", "trail_chains"]

    /// Reads `steward.yaml`; unknown keys and wrong types are findings.
    public static func load(_ source: YAMLSource) -> (config: ProjectConfig?, diagnostics: [Diagnostic]) {
        let (document, yamlFindings) = YAMLLoader().loadSingleDocument(source)
        guard let document else { return (nil, yamlFindings) }
        let reader = SchemaReader(file: source.path)
        guard let m = reader.mapping(document.root, "the project file") else { return (nil, reader.diagnostics) }
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
        config.documents = text("documents") ?? config.documents
        config.templates = text("templates") ?? config.templates
        config.secrets = text("secrets")
        if let node = m["channels"] { config.channels = channelNames(node, reader) }
        if let node = m["step_concurrency"], let value = reader.integer(node, "'step_concurrency'") {
            if (1...64).contains(value) { config.stepConcurrency = value } else {
                reader.report(.badValue, at: reader.location(node), "'step_concurrency' must be from 1 to 64; got \(value)")
            }
        }
        if let node = m["trail_chains"], let value = reader.integer(node, "'trail_chains'") {
            if (1...4096).contains(value) { config.trailChains = value } else {
                reader.report(.badValue, at: reader.location(node), "'trail_chains' must be from 1 to 4096; got \(value)")
            }
        }
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
        if let node = m["checkpoints"] { config.checkpoints = CheckpointPolicy.read(node, reader) }
        let failed = reader.diagnostics.contains { $0.severity == .error }
        return (failed ? nil : config, reader.diagnostics)
    }
}

/// When `tick` and `run` write a checkpoint of the trail by themselves, and where:
/// `checkpoints: { every: 1000, daily: true, folder: /mnt/share/steward-checkpoints }`.
public struct CheckpointPolicy: Sendable, Equatable {
    /// After this many new trail entries since the last checkpoint; nil: not by count.
    public var every: Int?
    /// At the first tick of each day (in the office's time zone) that finds new entries.
    public var daily = false
    /// The folder the checkpoint files go to (relative to the project folder, or absolute):
    /// one the store's operator cannot rewrite, such as a share written only by Steward.
    public var folder: String

    /// A policy with every field given.
    public init(every: Int? = nil, daily: Bool = false, folder: String) {
        self.every = every
        self.daily = daily
        self.folder = folder
    }

    static let keys = ["every", "daily", "folder"]

    /// Reads the `checkpoints` mapping; nil after reporting a finding.
    static func read(_ node: YAMLNode, _ reader: SchemaReader) -> CheckpointPolicy? {
        guard let m = reader.mapping(node, "'checkpoints'") else { return nil }
        let before = reader.diagnostics.count
        reader.checkKeys(m, allowed: keys, required: ["folder"], "'checkpoints'")
        var policy = CheckpointPolicy(folder: "")
        if let every = m["every"] {
            if let text = every.scalar?.text, text.hasSuffix("entries") {
                let number = text.split(separator: " ").first.map(String.init) ?? text
                reader.report(.wrongType, at: reader.location(every), "'checkpoints.every' is a number of trail entries; got '\(text)'",
                              suggestion: "write 'every: \(number)'")
            } else if let count = reader.integer(every, "'checkpoints.every'") {
                if count >= 1 { policy.every = count } else {
                    reader.report(.badValue, at: reader.location(every),
                                  "'checkpoints.every' must be at least 1 (a number of trail entries); got \(count)")
                }
            }
        }
        if let daily = m["daily"], let value = reader.boolean(daily, "'checkpoints.daily'") { policy.daily = value }
        if let folder = m["folder"], let value = reader.string(folder, "'checkpoints.folder'") { policy.folder = value }
        guard reader.diagnostics.count == before else { return nil }
        guard policy.every != nil || policy.daily else {
            reader.report(.badValue, at: reader.location(node), "'checkpoints' would never write one",
                          suggestion: "give 'every: 1000' (trail entries), 'daily: true', or both")
            return nil
        }
        return policy
    }
}

/// `channels: mail-folder` or `channels: [mail-folder, wechat]`: handler names.
private func channelNames(_ node: YAMLNode, _ reader: SchemaReader) -> [String] {
    let items = node.sequence?.items ?? [node]
    var names: [String] = []
    for item in items {
        guard let name = reader.string(item, "a name in 'channels'") else { continue }
        guard Names.isHandlerName(name) else {
            reader.report(.badValue, at: reader.location(item),
                          "'\(name)' in 'channels' is not a handler name (lower-case letters, digits and '-')")
            continue
        }
        names.append(name)
    }
    return names
}

enum TimeZoneCheck {
    static func isKnown(_ name: String) -> Bool {
        TimeZoneLookup.zone(name) != nil
    }
}
