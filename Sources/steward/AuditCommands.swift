import ArgumentParser
import Foundation
import StewardAudit
import StewardEngine
import StewardStore
import StewardTime

/// `steward audit …`: read, verify, export and checkpoint the trail.
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read, verify, export and checkpoint the audit trail.",
        subcommands: [AuditLog.self, AuditVerify.self, AuditReport.self, AuditExport.self, AuditCheckpoint.self, AuditProve.self, AuditKeygen.self])
}

struct AuditLog: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "Print trail entries, oldest first.")

    @OptionGroup var options: GlobalOptions
    @Option(help: "Only this instance: its id, or a part that begins or ends only one id.") var instance: String?
    @Option(help: "Only entries declared by this person.") var person: String?
    @Option(help: "From this date or time (a date starts at midnight in the office's time zone; inclusive).") var since: String?
    @Option(help: "Until this date or time (exclusive).") var until: String?

    func run() throws {
        let session = try Session(options, readOnly: true, calendarWarnings: false)
        let zone = session.project.zone
        let from = try since.map { try Self.time($0, "--since", zone: zone) }
        let to = try until.map { try Self.time($0, "--until", zone: zone) }
        // Named as every command names an instance: an empty log must mean "no entries",
        // never "no such instance".
        let id = try instance.map { try session.instanceID($0) }
        let reader = try session.actor(options, required: false).person
        var unreadable = Set<String>()
        var hidden = 0
        do {
            // One instance's log is its content: a person named with --as must be one of its readers;
            // in a wider log, the entries of instances they may not read are left out.
            if let id {
                try session.engine.checkReader(reader, try session.engine.instance(id))
            } else if let reader {
                var seen = Set<String>()
                try session.engine.trail(instance: nil, person: person, since: from, until: to) { seen.insert($0.instance) }
                for other in seen.sorted() where !other.isEmpty {
                    if try !session.engine.mayRead(reader, instance: other) { unreadable.insert(other) }
                }
            }
            let chained = options.json ? try session.engine.trailChainCount() > 1 : false
            try session.engine.trail(instance: id, person: person, since: from, until: to) { entry in
                if unreadable.contains(entry.instance) {
                    hidden += 1
                    return
                }
                if options.json {
                    print(TrailJSONL.line(for: entry, chained: chained), terminator: "")
                } else {
                    print(Display.shown(TrailLine.text(entry, zone: zone)))
                }
            }
        } catch {
            throw Failure.report(error)
        }
        if hidden > 0, let reader {
            StandardStreams.warn("steward: \(hidden) entries not shown: \(reader) may not read their instances\n")
        }
    }

    /// A date is the start of that day in the office's time zone; a time is itself.
    static func time(_ text: String, _ option: String, zone: TimeZone) throws -> Int64 {
        if let date = CivilDate(iso: text), let midnight = LocalDateTime(date: date, hour: 0) {
            return Instant(local: midnight, in: zone).millisecondsSinceEpoch
        }
        guard let instant = try? Instant(iso8601: text) else {
            throw ValidationError("\(option) takes a date (2026-11-25) or an ISO 8601 time; got '\(text)'")
        }
        return instant.millisecondsSinceEpoch
    }
}

struct AuditExport: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Write the whole trail as JSONL or CSV.")

    enum Format: String, ExpressibleByArgument { case jsonl, csv }

    @OptionGroup var options: GlobalOptions
    @Option(help: "jsonl or csv.") var format: Format = .jsonl
    @Option(help: "Write to this file instead of standard output (never the store; an existing file only with --force).")
    var out: String?
    @Flag(help: "Replace the file --out names if it exists.") var force = false

    func run() throws {
        let session = try Session(options, readOnly: true, calendarWarnings: false)
        try Output.checkWritable(out, force: force, store: session.engine.store.location)
        let zone = session.project.zone
        func offset(_ ms: Int64) -> Int { zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(ms) / 1000)) }
        // Streamed entry by entry, so a long trail never sits in memory whole; a file given
        // with --out appears only whole, and a write that fails stops the export (exit 5).
        do {
            // A trail in chains names each entry's chain; a trail of one chain is written as it always was.
            let chained = try session.engine.trailChainCount() > 1
            let output = try StreamedOutput(path: out)
            if format == .csv { try output.write(TrailCSV.header(chained: chained)) }
            try session.engine.trail(instance: nil, person: nil, since: nil, until: nil) { entry in
                try output.write(format == .csv ? TrailCSV.row(for: entry, utcOffset: offset, chained: chained)
                    : TrailJSONL.line(for: entry, chained: chained))
            }
            try output.finish()
        } catch {
            throw Failure.report(error)
        }
    }
}

struct AuditCheckpoint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Record the trail's Merkle root (RFC 9162), signed when 'checkpoint_key' is set, and write it to a file.",
        discussion: """
            The checkpoint names the previous one the store records (its size and root), so checkpoints form a chain. \
            The file is written whole and flushed to disk before the checkpoint is recorded in the store.
            """)

    @OptionGroup var options: GlobalOptions
    @Option(help: "Where to write the checkpoint (keep it outside the store's folder; an existing file only with --force).")
    var out: String?
    @Flag(help: "Replace the file --out names if it exists.") var force = false
    @Option(help: "Sign with the private key in this file instead of 'checkpoint_key' (the key's keeper signs).")
    var signingKey: String?

    func run() throws {
        let session = try Session(options, decides: false, calendarWarnings: false)
        try Output.checkWritable(out, force: force, store: session.engine.store.location)
        do {
            let engine = session.engine
            let checkpoint = try engine.makeCheckpoint(signer: try engine.checkpointSigner(keyFile: signingKey))
            // Written (or printed) first and only then recorded: the store never names a
            // checkpoint whose file was lost.
            try Output.write(try engine.text(of: checkpoint), to: out)
            try engine.record(checkpoint)
            let chains = checkpoint.chains.map { " (\($0.count) chains)" } ?? ""
            if out != nil { print("checkpoint at size \(checkpoint.treeSize)\(chains): \(checkpoint.rootHash)") }
        } catch let error as EngineError {
            throw Failure.report(error)
        }
    }
}

struct AuditKeygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Create an Ed25519 key for signing checkpoints: FILE (private, mode 600) and FILE.pub.",
        discussion: "Name FILE as 'checkpoint_key:' in steward.yaml; give FILE.pub to auditors for 'audit verify --key'.")

    @Argument(help: "Where to write the private key.") var file: String

    func run() throws {
        guard !FileManager.default.fileExists(atPath: file) else {
            throw Failure.report(EngineError(.conflict, "'\(file)' exists; keys are never overwritten"))
        }
        let signer = CheckpointSigner.generateKey()
        let created = FileManager.default.createFile(atPath: file, contents: Data(signer.keyFileContents.utf8),
                                                     attributes: [.posixPermissions: 0o600])
        guard created else { throw Failure.report(EngineError(.store, "cannot write '\(file)'")) }
        try Output.write(signer.publicKey.base64 + "\n", to: file + ".pub")
        print("key \(signer.keyID): private key in \(file), public key in \(file).pub")
    }
}
