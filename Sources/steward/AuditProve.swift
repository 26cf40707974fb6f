import ArgumentParser
import StewardAudit
import StewardEngine

/// `steward audit prove`: an RFC 9162 consistency proof that a later checkpoint extends an earlier one.
struct AuditProve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Prove that a later checkpoint extends an earlier one (an RFC 9162 consistency proof).",
        discussion: """
            Without --proof: reads the trail (the store, or --file) up to the later checkpoint, checks both checkpoints \
            against it, and writes the proof to --out or standard output. With --proof FILE: checks that proof against \
            the two checkpoints without any trail. Exit 0 when the later checkpoint extends the earlier one; 1 when not.
            """)

    @OptionGroup var options: GlobalOptions
    @Option(help: "The earlier checkpoint file.") var from: String
    @Option(help: "The later checkpoint file.") var to: String
    @Option(help: "Make the proof from an exported JSONL file instead of the store.") var file: String?
    @Option(help: "Check this proof file instead of making one (no trail needed).") var proof: String?
    @Option(help: "A file holding the public key (base64) that must have signed both checkpoints.") var key: String?
    @Option(help: "Write the proof to this file instead of standard output (an existing file only with --force).")
    var out: String?
    @Flag(help: "Replace the file --out names if it exists.") var force = false

    func validate() throws {
        if proof != nil, file != nil || out != nil {
            throw ValidationError("--proof checks a proof someone made; --file and --out make one: give one or the other")
        }
    }

    func run() throws {
        let earlier = try CheckpointFiles.one(from)
        let later = try CheckpointFiles.one(to)
        guard earlier.treeSize <= later.treeSize else {
            throw ValidationError("--from must name the earlier checkpoint: '\(from)' covers \(earlier.treeSize) entries, "
                + "'\(to)' only \(later.treeSize)")
        }
        if let chains = [earlier, later].compactMap(\.chains).first {
            throw Failure.report(EngineError(.usage, Engine.noProofForChains(chains.count)))
        }
        let trusted = try key.map(CheckpointFiles.publicKey)
        if let proof {
            try check(proof, earlier, later, trusted: trusted)
        } else {
            try make(earlier, later, trusted: trusted)
        }
    }

    /// Reads the trail up to `later`, and writes the proof.
    private func make(_ earlier: Checkpoint, _ later: Checkpoint, trusted: CheckpointPublicKey?) throws {
        let result: Result<ConsistencyProof, VerificationFailure>
        if let file {
            try Output.checkWritable(out, force: force, store: nil)
            let reader: TrailJSONLReader
            do { reader = try TrailJSONLReader(path: file) } catch { throw Failure.report(EngineError(.notFound, error.description)) }
            var prover = ConsistencyProver(from: earlier, to: later, trustedKey: trusted)
            prover.append(contentsOf: reader)
            result = prover.finish()
        } else {
            let session = try Session(options, readOnly: true, calendarWarnings: false)
            try Output.checkWritable(out, force: force, store: session.engine.store.location)
            do {
                result = try Engine.consistencyProof(store: session.engine.store, from: earlier, to: later, trustedKey: trusted)
            } catch {
                throw Failure.report(error)
            }
        }
        switch result {
        case .failure(let failure):
            print("FAILED: \(failure.message)")
            throw ExitCode(1)
        case .success(let proof):
            try Output.write(proof.text, to: out)
            if out != nil { print(summary(earlier, later) + " (\(proof.hashes.count) proof hashes)") }
        }
    }

    /// Checks a proof against the two checkpoints alone.
    private func check(_ path: String, _ earlier: Checkpoint, _ later: Checkpoint, trusted: CheckpointPublicKey?) throws {
        let proof: ConsistencyProof
        do {
            proof = try ConsistencyProof(parsing: try String(contentsOfFile: path, encoding: .utf8))
        } catch let error as CheckpointError {
            throw Failure.report(EngineError(.checkFailed, "\(path): \(error.description)"))
        } catch {
            throw Failure.report(EngineError(.notFound, "cannot read the proof file '\(path)'"))
        }
        var problems: [String] = []
        if let trusted {
            for (name, checkpoint) in [(from, earlier), (to, later)] where !trusted.isValidSignature(on: checkpoint) {
                problems.append("'\(name)' is not signed by the trusted key \(trusted.keyID)")
            }
        }
        if let previous = later.previous, previous.treeSize == earlier.treeSize, previous.rootHash != earlier.rootHash {
            problems.append("the later checkpoint names another root for its first \(earlier.treeSize) entries than the "
                + "earlier one: they were not made from the same trail")
        }
        if proof.old != earlier.link || proof.new != later.link {
            problems.append("the proof is about other checkpoints (from \(proof.old.treeSize) to \(proof.new.treeSize) "
                + "entries, with other roots)")
        } else if !proof.isValid {
            problems.append("the proof does not show that the later checkpoint extends the earlier one: entries the "
                + "earlier one covers were rewritten in between, or the proof is damaged")
        }
        guard problems.isEmpty else {
            for problem in problems { print("FAILED: \(problem)") }
            throw ExitCode(1)
        }
        print("OK: " + summary(earlier, later))
        print(signatureLine([earlier, later], trusted: trusted))
    }

    private func summary(_ earlier: Checkpoint, _ later: Checkpoint) -> String {
        let named = later.previous == earlier.link ? "; the later one names the earlier one as its previous checkpoint" : ""
        return "the checkpoint of \(TrailTime.iso8601(later.createdAt)) (\(later.treeSize) entries) extends the checkpoint of "
            + "\(TrailTime.iso8601(earlier.createdAt)) (\(earlier.treeSize) entries): none of the first \(earlier.treeSize) "
            + "entries was rewritten in between\(named)"
    }

    private func signatureLine(_ checkpoints: [Checkpoint], trusted: CheckpointPublicKey?) -> String {
        switch SignatureStatus(of: checkpoints, trustedKey: trusted) {
        case .verified: return "signature: both verified with key \(trusted?.keyID ?? "")"
        case .notChecked: return "signature: not checked: no --key was given, so nothing shows who made the checkpoints"
        case .unsigned, .none: return "signature: none: the checkpoints are not signed"
        }
    }
}
