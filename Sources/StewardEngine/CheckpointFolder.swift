import Foundation
import StewardAudit

/// Checkpoint files: where automatic checkpoints go (one file per checkpoint, in a folder
/// outside the store) and how any checkpoint file is read back.
public enum CheckpointFolder {
    /// How a checkpoint file's name ends; `audit verify --checkpoint FOLDER` reads these.
    public static let fileExtension = ".checkpoint"

    /// The name of the automatic checkpoint of `size` entries: `trail-000000001000.checkpoint`
    /// (zero-padded, so a listing sorts by size).
    public static func fileName(size: Int64) -> String {
        let digits = String(size)
        return "trail-" + String(repeating: "0", count: max(0, 12 - digits.count)) + digits + fileExtension
    }

    /// The checkpoint in the file `path`: `.notFound` when it cannot be read, `.checkFailed`
    /// (naming the line) when it is not a checkpoint.
    public static func read(_ path: String) throws(EngineError) -> Checkpoint {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw EngineError(.notFound, "cannot read the checkpoint file '\(path)'")
        }
        do { return try Checkpoint(parsing: text) } catch {
            throw EngineError(.checkFailed, "\(path): \(error.description)")
        }
    }

    /// The checkpoints in `path`: the file itself, or every checkpoint file directly inside it
    /// when it is a folder (`.notFound` when it holds none).
    public static func readAll(_ path: String) throws(EngineError) -> [Checkpoint] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
            return [try read(path)]
        }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: path) } catch {
            throw EngineError(.notFound, "cannot read the checkpoint folder '\(path)'")
        }
        let files = names.filter { $0.hasSuffix(fileExtension) && !$0.hasPrefix(".") }.sorted()
        guard !files.isEmpty else { throw EngineError(.notFound, "the folder '\(path)' holds no \(fileExtension) files") }
        var checkpoints: [Checkpoint] = []
        for name in files {
            checkpoints.append(try read(URL(fileURLWithPath: path).appendingPathComponent(name).path))
        }
        return checkpoints
    }
}
