import StewardAudit
import StewardEngine

/// Reads the checkpoint and key files an auditor names on the command line.
enum CheckpointFiles {
    /// The checkpoints in `paths`: each a checkpoint file, or a folder whose `.checkpoint`
    /// files are all read (the folder `checkpoints: folder:` fills). An unreadable path is
    /// not found (3); a file that is not a checkpoint fails the check (1), naming its line.
    static func load(_ paths: [String]) throws -> [Checkpoint] {
        var checkpoints: [Checkpoint] = []
        for path in paths {
            do { checkpoints += try CheckpointFolder.readAll(path) } catch { throw Failure.report(error) }
        }
        return checkpoints
    }

    /// The one checkpoint in the file `path`.
    static func one(_ path: String) throws -> Checkpoint {
        do { return try CheckpointFolder.read(path) } catch { throw Failure.report(error) }
    }

    /// The public key in the file `path` (base64 of its 32 bytes, as `audit keygen` writes FILE.pub).
    static func publicKey(_ path: String) throws -> CheckpointPublicKey {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw Failure.report(EngineError(.notFound, "cannot read the key file '\(path)'"))
        }
        do { return try CheckpointPublicKey(base64: text) } catch {
            throw Failure.report(EngineError(.usage, "\(path): \(error.description)"))
        }
    }
}
