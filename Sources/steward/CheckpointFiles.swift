import Foundation
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
            for file in try files(path) {
                let text: String
                do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                    throw Failure.report(EngineError(.notFound, "cannot read the checkpoint file '\(file)'"))
                }
                do { checkpoints.append(try Checkpoint(parsing: text)) } catch {
                    throw Failure.report(EngineError(.checkFailed, "\(file): \(error.description)"))
                }
            }
        }
        return checkpoints
    }

    /// `path` itself, or the `.checkpoint` files directly inside it when it is a folder.
    private static func files(_ path: String) throws -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { return [path] }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: path) } catch {
            throw Failure.report(EngineError(.notFound, "cannot read the checkpoint folder '\(path)'"))
        }
        let files = names.filter { $0.hasSuffix(CheckpointFolder.fileExtension) }.sorted()
        guard !files.isEmpty else {
            throw Failure.report(EngineError(.notFound, "the folder '\(path)' holds no \(CheckpointFolder.fileExtension) files"))
        }
        return files.map { URL(fileURLWithPath: path).appendingPathComponent($0).path }
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
