import ArgumentParser
import Foundation
import StewardAudit
import StewardEngine
import StewardModel
import StewardPlugins
import StewardStore
import StewardTime

/// Options every engine command takes.
struct GlobalOptions: ParsableArguments {
    @Option(help: "The store (SQLite file). Default: STEWARD_STORE, else the project's 'store' (.steward/steward.db).")
    var store: String?

    @Option(help: "The project file. Default: steward.yaml here or in the nearest folder above.")
    var config: String?

    @Option(name: .customLong("as"), help: "The person acting (a roster id). Default: STEWARD_ACTOR.")
    var actor: String?

    @Flag(help: "Print the result as JSON, for scripts.")
    var json = false
}

/// A project, its store and an engine, set up from the options and the environment.
struct Session {
    let engine: Engine
    let project: Project
    let environment: [String: String]

    /// `create`: whether a missing store may be created (start, tick, run); other commands
    /// refuse a missing store, so a mistyped `--store` does not quietly make an empty one.
    /// `decides`: whether the command decides with the roster and calendars (default: every
    /// command that writes); such a command refuses a project whose files have errors, the
    /// others print them as warnings and go on. `project`: one already read (a reload).
    /// `calendarWarnings`: whether to say that a calendar's holiday data is about to run out
    /// (not for cron's tick every minute, nor for auditors).
    init(_ options: GlobalOptions, readOnly: Bool = false, create: Bool = false, decides: Bool? = nil,
         project loaded: Project? = nil, calendarWarnings: Bool = true) throws {
        environment = ProcessInfo.processInfo.environment
        if let loaded {
            project = loaded
        } else {
            project = try Self.project(options)
        }
        let (clock, note) = try Self.clock(environment, allowed: project.config.clock == .manual)
        if decides ?? !readOnly {
            do { try project.checkSound() } catch { throw Failure.report(error) }
        } else {
            for problem in project.problems {
                let place = problem.location.map { ":\($0.line):\($0.column)" } ?? ""
                StandardStreams.warn("steward: warning: \(problem.file)\(place): \(problem.message) [\(problem.code)]\n")
            }
        }
        if calendarWarnings {
            for warning in project.calendarWarnings(at: clock()) {
                StandardStreams.warn("steward: warning: \(warning)\n")
            }
        }
        let storePath = Self.storeLocation(options, environment: environment, project: project)
        let store = try Self.openStore(storePath, readOnly: readOnly, create: create, project: project,
                                       environment: environment)
        // A plug-in with a problem is left out (its steps fail until it is mended); the others work.
        let handlers = project.handlers()
        for finding in handlers.findings {
            let place = finding.location.map { ":\($0.line):\($0.column)" } ?? ""
            StandardStreams.warn("steward: warning: \(finding.file)\(place): \(finding.message) [\(finding.code)]\n")
        }
        let account = ActorIdentity.currentAccount ?? ActorIdentity.unnamedAccount
        engine = Engine(project: project, store: store, handlers: handlers.registry, version: StewardVersion.current,
                        clock: clock, clockNote: note,
                        identity: ActorIdentity.engine(account: account, host: ActorIdentity.currentHost),
                        warn: { StandardStreams.warn("steward: warning: \($0)\n") },
                        folders: ProjectConfig.isServerStore(storePath)
                            ? EngineFolders(project: project)
                            : EngineFolders.forStore(URL(fileURLWithPath: storePath), project: project))
    }

    /// The project named by --config, else the nearest steward.yaml.
    static func project(_ options: GlobalOptions) throws -> Project {
        let configURL: URL
        if let path = options.config {
            configURL = URL(fileURLWithPath: path)
        } else if let found = Project.locate(from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) {
            configURL = found
        } else {
            throw Failure.report(EngineError(.notFound, "no steward.yaml here or in any folder above; run 'steward init' to create a project"))
        }
        do {
            return try Project.load(configFile: configURL)
        } catch {
            throw Failure.report(error)
        }
    }

    /// STEWARD_NOW replaces the clock in a project whose steward.yaml says `clock: manual`
    /// (demos, tests); the trail records that it did. Anywhere else it is refused: a fixed
    /// clock would let anyone back-date what they record.
    static func clock(_ env: [String: String], allowed: Bool) throws -> (@Sendable () -> Instant, String?) {
        guard let text = env["STEWARD_NOW"], !text.isEmpty else {
            return ({ Instant(millisecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1000)) }, nil)
        }
        guard allowed else {
            throw ValidationError("STEWARD_NOW is set, but this project's steward.yaml does not say 'clock: manual'; "
                                  + "a fixed clock is for demo and test projects only: unset STEWARD_NOW")
        }
        do {
            let fixed = try Instant(iso8601: text)
            return ({ fixed }, "STEWARD_NOW=\(text)")
        } catch {
            throw ValidationError("STEWARD_NOW is not an ISO 8601 time: \(error.message)")
        }
    }

    /// The instance id `text` names (the whole id, or a part that begins or ends only one).
    func instanceID(_ text: String) throws -> String {
        do { return try engine.resolveInstance(text) } catch { throw Failure.report(error) }
    }

    /// The person acting on `instance`; a person refused (unknown, wrong OS account) is recorded in the trail.
    func actor(_ options: GlobalOptions, on instance: String, required: Bool = true) throws -> ActorIdentity {
        do {
            return try resolvedActor(options, required: required)
        } catch let refusal as IdentityRefused {
            do {
                try engine.recordIdentityRefusal(instance: instance, declared: refusal.declared, error: refusal.error)
            } catch {
                StandardStreams.warn("the refusal could not be recorded in the trail: \(error.message)")
            }
            throw Failure.report(refusal.error)
        }
    }

    /// The person acting: --as, else STEWARD_ACTOR; checked against the roster and identity mode.
    func actor(_ options: GlobalOptions, required: Bool = true) throws -> ActorIdentity {
        do {
            return try resolvedActor(options, required: required)
        } catch let refusal as IdentityRefused {
            throw Failure.report(refusal.error)
        }
    }

    private func resolvedActor(_ options: GlobalOptions, required: Bool) throws -> ActorIdentity {
        let account = ActorIdentity.currentAccount
        let host = ActorIdentity.currentHost
        guard let declared = options.actor ?? environment["STEWARD_ACTOR"], !declared.isEmpty else {
            if required { throw ValidationError("say who is acting: --as PERSON or STEWARD_ACTOR=PERSON") }
            return ActorIdentity.engine(account: account ?? ActorIdentity.unnamedAccount, host: host)
        }
        do {
            return try ActorIdentity.resolve(declared: declared, roster: project.roster, mode: project.config.identity,
                                             account: account, host: host)
        } catch {
            throw IdentityRefused(declared: declared, error: error)
        }
    }
}

/// A declared person the roster or the OS account does not back.
struct IdentityRefused: Error {
    let declared: String
    let error: EngineError
}

/// Prints an engine error the way every command does and exits with its documented code.
enum Failure {
    static func report(_ error: EngineError) -> ExitCode {
        let reason = error.reason.map { " [\($0)]" } ?? ""
        StandardStreams.warn("steward: error: \(error.message)\(reason)\n")
        return ExitCode(error.exitCode)
    }
}

/// Writes a value as pretty JSON on standard output.
func printJSON(_ value: some Encodable) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    if let data = try? encoder.encode(value) { print(String(decoding: data, as: UTF8.self)) }
}
