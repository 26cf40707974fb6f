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
        subcommands: [AuditLog.self, AuditVerify.self, AuditExport.self, AuditCheckpoint.self, AuditKeygen.self])
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
        do {
            try session.engine.trail(instance: id, person: person, since: from, until: to) { entry in
                if options.json {
                    print(TrailJSONL.line(for: entry), terminator: "")
                } else {
                    print(TrailLine.text(entry, zone: zone))
                }
            }
        } catch {
            throw Failure.report(error)
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

struct AuditVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the trail: hash chain, contiguous seq, checkpoints, and (--replay) the stored instances.",
        discussion: "Exit 0 when everything holds; 1 naming the first bad entry when not. Works offline on the store or on an exported JSONL file.")

    @OptionGroup var options: GlobalOptions
    @Option(help: "Verify an exported JSONL file instead of the store.") var file: String?
    @Option(help: "A checkpoint file written by 'audit checkpoint' (repeatable).") var checkpoint: [String] = []
    @Option(help: "A file holding the public key (base64) that must have signed the checkpoints.") var key: String?
    @Flag(help: "Also replay each instance's events and compare with the stored instance.") var replay = false

    func run() throws {
        var checkpoints: [Checkpoint] = []
        for path in checkpoint {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw Failure.report(EngineError(.notFound, "cannot read the checkpoint file '\(path)'"))
            }
            do { checkpoints.append(try Checkpoint(parsing: text)) } catch {
                throw Failure.report(EngineError(.checkFailed, "\(path): \(error.description)"))
            }
        }
        var trusted: CheckpointPublicKey?
        if let key {
            let text = (try? String(contentsOfFile: key, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            do { trusted = try CheckpointPublicKey(base64: text) } catch {
                throw Failure.report(EngineError(.usage, "\(key): \(error.description)"))
            }
        }
        let report: VerificationReport
        if let file {
            let reader: TrailJSONLReader
            do {
                reader = try TrailJSONLReader(path: file)
            } catch {
                throw Failure.report(EngineError(.notFound, error.description))
            }
            report = TrailVerifier.verify(reader: reader, checkpoints: checkpoints, trustedKey: trusted)
        } else {
            let session = try Session(options, readOnly: true, calendarWarnings: false)
            do {
                report = try Engine.verifyChain(store: session.engine.store, checkpoints: checkpoints, trustedKey: trusted)
            } catch {
                throw Failure.report(error)
            }
            if report.isOK, replay {
                let (checked, mismatches) = try Self.replay(session)
                for m in mismatches { print("instance \(m.instance): \(m.message)") }
                if !mismatches.isEmpty {
                    print("replay: \(mismatches.count) of \(checked) instances differ from their trail")
                    throw ExitCode(1)
                }
                print("replay: \(checked) instances match their trail")
            }
        }
        if let failure = report.failure {
            print("FAILED: \(failure.message)")
            throw ExitCode(1)
        }
        print("OK: \(report.entriesChecked) entries, \(report.checkpointsChecked) checkpoints, root \(report.rootHash)")
    }

    static func replay(_ session: Session) throws -> (Int, [ReplayMismatch]) {
        do { return try session.engine.replayAll() } catch { throw Failure.report(error) }
    }
}

struct AuditExport: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Write the whole trail as JSONL or CSV.")

    enum Format: String, ExpressibleByArgument { case jsonl, csv }

    @OptionGroup var options: GlobalOptions
    @Option(help: "jsonl or csv.") var format: Format = .jsonl
    @Option(help: "Write to this file instead of standard output.") var out: String?

    func run() throws {
        let session = try Session(options, readOnly: true, calendarWarnings: false)
        try Output.checkWritable(out)
        // Streamed entry by entry, so a long trail never sits in memory whole; a file given
        // with --out appears only whole, and a write that fails stops the export (exit 5).
        do {
            let output = try StreamedOutput(path: out)
            if format == .csv { try output.write(TrailCSV.header) }
            try session.engine.trail(instance: nil, person: nil, since: nil, until: nil) { entry in
                try output.write(format == .csv ? TrailCSV.row(for: entry) : TrailJSONL.line(for: entry))
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
        abstract: "Record the trail's Merkle root (RFC 9162), signed when 'checkpoint_key' is set, and write it to a file.")

    @OptionGroup var options: GlobalOptions
    @Option(help: "Where to write the checkpoint (keep it outside the store's folder).") var out: String?

    func run() throws {
        let session = try Session(options, decides: false, calendarWarnings: false)
        var signer: CheckpointSigner?
        if let keyPath = session.project.config.checkpointKey {
            let path = session.project.path(keyPath).path
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw Failure.report(EngineError(.notFound, "cannot read the checkpoint key '\(path)'"))
            }
            do { signer = try CheckpointSigner(keyFileContents: text) } catch {
                throw Failure.report(EngineError(.checkFailed, "\(path): \(error.description)"))
            }
        }
        try Output.checkWritable(out)
        do {
            let checkpoint = try session.engine.checkpoint(signer: signer)
            let text: String
            do { text = try checkpoint.serialized() } catch { throw Failure.report(EngineError(.checkFailed, error.description)) }
            try Output.write(text, to: out)
            if out != nil { print("checkpoint at size \(checkpoint.treeSize): \(checkpoint.rootHash)") }
        } catch let error as EngineError {
            throw Failure.report(error)
        }
    }
}

/// Writes command output to a file or standard output.
enum Output {
    /// Refuses, before anything is done, a path that cannot become the file: a folder, or a
    /// file in a folder that does not exist (a checkpoint must not be recorded and then lost).
    static func checkWritable(_ path: String?) throws {
        guard let path else { return }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw Failure.report(EngineError(.store, "'\(path)' is a folder; give the name of a file to write"))
        }
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !FileManager.default.fileExists(atPath: parent, isDirectory: &isFolder) || !isFolder.boolValue {
            throw Failure.report(EngineError(.store, "cannot write '\(path)': there is no folder '\(parent)'"))
        }
    }

    static func write(_ text: String, to path: String?) throws {
        guard let path else {
            print(text, terminator: "")
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw Failure.report(EngineError(.store, "cannot write '\(path)' (a full disk, or no permission to write there)"))
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
