import ArgumentParser
import StewardAudit
import StewardEngine

/// `steward audit verify`: checks the trail and says what that proved.
struct AuditVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the trail: hash chain, contiguous seq, checkpoints, the store, and (--replay) the stored instances.",
        discussion: """
            Exit 0 when everything holds (a warning says when nothing outside the store anchors the trail, or a \
            signature was not checked); 1 naming each problem when not. Works offline on the store or on an exported \
            JSONL file.
            """)

    @OptionGroup var options: GlobalOptions
    @Option(help: "Verify an exported JSONL file instead of the store.") var file: String?
    @Option(help: "A checkpoint file written by 'audit checkpoint', or a folder of them (repeatable).") var checkpoint: [String] = []
    @Option(help: "A file holding the public key (base64) that must have signed the checkpoints.") var key: String?
    @Flag(help: "Also replay each instance's events and compare with the stored instance, its tasks and timers.")
    var replay = false

    func validate() throws {
        if replay, file != nil {
            throw ValidationError("--replay compares the trail with the instances in a store; an exported file has no "
                + "instances: verify the file without --replay, or the store with it")
        }
    }

    func run() throws {
        let checkpoints = try CheckpointFiles.load(checkpoint)
        let trusted = try key.map(CheckpointFiles.publicKey)
        var outcome: VerifyOutcome
        if let file {
            let reader: TrailJSONLReader
            do {
                reader = try TrailJSONLReader(path: file)
            } catch {
                throw Failure.report(EngineError(.notFound, error.description))
            }
            // A file of a trail in chains names each entry's chain; a checkpoint of chains needs that reading too.
            let chained = TrailJSONLReader.isChained(path: file) || checkpoints.contains { $0.chains != nil }
            let report = chained ? TrailChainsVerifier.verify(reader: reader, checkpoints: checkpoints, trustedKey: trusted)
                : TrailVerifier.verify(reader: reader, checkpoints: checkpoints, trustedKey: trusted)
            outcome = VerifyOutcome(report: report, checkpoints: checkpoints, trustedKey: trusted)
        } else {
            let session = try Session(options, readOnly: true, calendarWarnings: false)
            let verification: StoreVerification
            do {
                verification = try Engine.verifyStore(store: session.engine.store, checkpoints: checkpoints, trustedKey: trusted)
            } catch {
                throw Failure.report(error)
            }
            outcome = VerifyOutcome(report: verification.chain, checkpoints: checkpoints, trustedKey: trusted)
            outcome.store = verification
            if verification.chain.isOK, replay {
                do { outcome.replay = try session.engine.replayAll() } catch { throw Failure.report(error) }
            }
        }
        if options.json {
            printJSON(outcome.json)
        } else {
            for line in outcome.lines { print(line) }
        }
        if !outcome.isOK { throw ExitCode(1) }
    }
}
