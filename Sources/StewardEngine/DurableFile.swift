import Foundation
import StewardPlugins

/// A small file written whole or not at all (`AtomicFile`), and, unless `replacing`, never
/// over a file already there. A checkpoint is recorded in the store only after its file is
/// written this way, so the store never names one that was lost.
public enum DurableFile {
    /// Writes `text` to `path`; unless `replacing`, a file already at `path` is left as it is
    /// and the write is refused (`.conflict`). Failures are `.store` errors naming the path.
    public static func write(_ text: String, to path: String, replacing: Bool) throws(EngineError) {
        let file: AtomicFile
        do {
            file = try AtomicFile(URL(fileURLWithPath: path))
            try file.write(Array(text.utf8))
        } catch {
            throw EngineError(error)
        }
        if !replacing, FileManager.default.fileExists(atPath: path) {
            throw EngineError(.conflict, "'\(path)' exists already; it is left as it is")
        }
        do { try file.commit() } catch { throw EngineError(error) }
    }
}
