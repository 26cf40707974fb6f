import Foundation
import StewardAudit
import StewardStore
import StewardTime

extension Engine {
    /// The signer of checkpoints: the private key in the file `keyFile`, else the one
    /// `checkpoint_key` names; nil when neither is given (checkpoints are then unsigned).
    public func checkpointSigner(keyFile: String? = nil) throws(EngineError) -> CheckpointSigner? {
        guard let path = keyFile ?? project.config.checkpointKey.map({ project.path($0).path }) else { return nil }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw EngineError(.notFound, "cannot read the checkpoint key '\(path)'")
        }
        do { return try CheckpointSigner(keyFileContents: text) } catch {
            throw EngineError(.checkFailed, "\(path): \(error.description)")
        }
    }

    /// A checkpoint of the whole trail, made at `now` (the clock's time when nil), naming as its
    /// previous the largest checkpoint the store records below its size, and signed when
    /// `signer` is given. A trail in chains gets a version 3 checkpoint: each chain's size and
    /// root, the total and the root over them. It is not recorded: write its file, then `record` it.
    ///
    /// Refused (`.checkFailed`) when the trail does not verify, against the store's own
    /// checkpoints too: a checkpoint must never vouch for a rewritten trail.
    public func makeCheckpoint(signer: CheckpointSigner?, at now: Instant? = nil) throws(EngineError) -> Checkpoint {
        let (report, recorded, chains) = try read { tx in try Self.verifyTrail(in: tx, checkpoints: [], trustedKey: nil) }
        if let failure = report.failure {
            throw EngineError(.checkFailed, "no checkpoint was made: the trail does not verify: \(failure.message)")
        }
        let previous = recorded.last { $0.treeSize < report.entriesChecked }
        var checkpoint = Checkpoint(origin: "steward:" + project.root.lastPathComponent, treeSize: report.entriesChecked,
                                    rootHash: report.rootHash, createdAt: (now ?? clock()).millisecondsSinceEpoch,
                                    previous: previous?.link ?? .emptyTrail, chains: chains > 1 ? report.chains : nil)
        if let signer {
            do { checkpoint = try signer.sign(checkpoint) } catch { throw EngineError(.checkFailed, error.message) }
        }
        return checkpoint
    }

    /// Records `checkpoint` in the store's table, after its file was written. A checkpoint of
    /// the same size and root already recorded is kept (a re-issue, or a retry after a crash);
    /// one with another root means the trail or the table was changed (`.checkFailed`).
    public func record(_ checkpoint: Checkpoint) throws(EngineError) {
        try write { tx in
            guard let existing = try tx.checkpoint(size: checkpoint.treeSize) else {
                try tx.insertCheckpoint(CheckpointRow(checkpoint))
                try tx.insertCheckpointChains(checkpoint)
                return
            }
            guard Self.sameEntries(root: existing.root, as: checkpoint) else {
                throw EngineError(.checkFailed, "the store records another root for the first \(checkpoint.treeSize) "
                    + "entries: the trail or the store's checkpoint table was changed; run 'steward audit verify'")
            }
        }
    }

    /// Writes and records the checkpoint `checkpoints:` in steward.yaml asks for at `now`, if
    /// any is due: `every` new entries since the last recorded checkpoint, or (`daily`) the
    /// first tick of a day, in the office's time zone, that finds new entries. Returns the
    /// file written, or nil when none was due.
    func autoCheckpoint(now: Instant) throws(EngineError) -> String? {
        guard let policy = project.config.checkpoints else { return nil }
        // The last seq (each chain's, added), through the primary key or the chains' heads: this
        // runs at every tick, and counting would read the trail.
        let (count, latest) = try read { tx in
            (try tx.trailSize(chains: try tx.trailChainCount()), try tx.latestCheckpoint())
        }
        let fresh = count - (latest?.size ?? 0)
        guard fresh > 0 else { return nil }
        let byCount = policy.every.map { fresh >= Int64($0) } ?? false
        let byDay = policy.daily && latest.map {
            Instant(millisecondsSinceEpoch: $0.createdAt).localDate(in: project.zone) < now.localDate(in: project.zone)
        } ?? policy.daily
        guard byCount || byDay else { return nil }
        let folder = project.path(policy.folder)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw EngineError(.store, "no checkpoint was written: the folder '\(folder.path)' ('checkpoints: folder:' "
                + "in steward.yaml) does not exist or is not a folder")
        }
        let checkpoint = try makeCheckpoint(signer: try checkpointSigner(), at: now)
        let path = folder.appendingPathComponent(CheckpointFolder.fileName(size: checkpoint.treeSize)).path
        do {
            try DurableFile.write(try text(of: checkpoint), to: path, replacing: false)
        } catch where error.kind == .conflict {
            // A file of this size is there already: one a tick wrote but stopped before
            // recording, which is recorded now; or another trail's, which is never overwritten.
            let existing = try CheckpointFolder.read(path)
            guard Self.sameEntries(root: existing.rootHash, as: checkpoint) else {
                throw EngineError(.checkFailed, "'\(path)' holds another root for the first \(checkpoint.treeSize) entries: "
                    + "the trail was rewritten since it was written; run 'steward audit verify --checkpoint \(folder.path)'")
            }
            try record(existing)
            return path
        }
        try record(checkpoint)
        return path
    }

    /// True when a checkpoint of `root` at `checkpoint`'s size vouches for the same entries: the
    /// same root, or (a store moved into chains with nothing written since) the root of a
    /// trail of one chain that is chain 0 of `checkpoint`, every other chain still empty.
    static func sameEntries(root: String, as checkpoint: Checkpoint) -> Bool {
        guard root != checkpoint.rootHash else { return true }
        guard let first = checkpoint.chains?.first else { return false }
        return first.size == checkpoint.treeSize && first.root == root
    }

    /// The text form of a checkpoint this engine made.
    public func text(of checkpoint: Checkpoint) throws(EngineError) -> String {
        do { return try checkpoint.serialized() } catch { throw EngineError(.checkFailed, error.description) }
    }
}

extension Engine {
    /// How many chains the store's trail has (1 for every embedded store): above 1, exports
    /// name each entry's chain and checkpoints are version 3.
    public func trailChainCount() throws(EngineError) -> Int {
        try read { tx in try tx.trailChainCount() }
    }
}
