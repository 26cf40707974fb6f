import Foundation
import StewardAudit
import StewardCore
import StewardPlugins

/// One notice of a committed trail entry, with its place: the `index`-th (from 1) of entry
/// `seq` of trail chain `chain`.
struct OutboxNotice {
    let chain: Int
    let seq: Int64
    let index: Int
    let notice: Notice
}

/// The outbox: one file per notice, `outbox/notice-SEQ-N.json`, for whatever delivers them
/// (mail, SMS, a messaging app). The trail records every notice; this folder is for delivery.
///
/// A file's name is the notice's idempotency key (its trail entry and its place there), so a
/// delivery that remembers the names it sent never sends a notice twice, and writing a
/// notice again after a crash is harmless. Each file appears whole (`AtomicFile`): written
/// under a temporary name, synced, renamed; the folder is synced once per batch.
final class Outbox {
    let folder: URL

    init(folder: URL) {
        self.folder = folder
    }

    /// `notice-000000000042-1.json`: the seq padded so that the names sort in trail order; in
    /// a store of several trail chains, chain 7's are `notice-c7-000000000042-1.json`.
    static func name(_ notice: OutboxNotice) -> String {
        let seq = String(notice.seq)
        let chain = notice.chain == 0 ? "" : "c\(notice.chain)-"
        return "notice-\(chain)\(String(repeating: "0", count: max(0, 12 - seq.count)))\(seq)-\(notice.index).json"
    }

    /// Writes each notice to its file. `missingOnly`: a notice whose file is there is left as it
    /// is (what a delivery has not taken yet is not written twice). `leftBy`: a process that
    /// was writing these and is gone; its temporary files are removed. Returns how many files
    /// it wrote.
    @discardableResult
    func write(_ notices: [OutboxNotice], missingOnly: Bool = false, leftBy process: pid_t? = nil) throws(EngineError) -> Int {
        guard !notices.isEmpty else { return 0 }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw EngineError(.store, "cannot create the outbox folder '\(folder.path)': \(error.localizedDescription)")
        }
        var written = 0
        for notice in notices {
            let url = folder.appendingPathComponent(Self.name(notice))
            if let process { unlink(AtomicFile.temporaryPath(for: url, process: process)) }
            if missingOnly, FileManager.default.fileExists(atPath: url.path) { continue }
            var out = JSONText(capacity: 256)
            Self.object(chain: notice.chain, seq: notice.seq, notice: notice.notice, to: &out)
            do {
                let file = try AtomicFile(url)
                try file.write(out.bytes + [UInt8(ascii: "\n")])
                try file.commit(syncFolder: false)
            } catch {
                throw EngineError(error)
            }
            written += 1
        }
        if written > 0 {
            do { try AtomicFile.syncFolder(folder) } catch { throw EngineError(error) }
        }
        return written
    }

    /// `{"body":…,"reason":…,"seq":…,"subject":…,"to":[…]}`: keys sorted, as every canonical text here.
    static func object(chain: Int, seq: Int64, notice: Notice, to out: inout JSONText) {
        out.openObject()
        out.key("body"); out.string(notice.body)
        if chain != 0 { out.key("chain"); out.int(Int64(chain)) }
        out.key("reason"); out.string(notice.reason)
        out.key("seq"); out.int(seq)
        out.key("subject"); out.string(notice.subject)
        out.key("to"); out.openArray()
        for person in notice.people { out.string(person) }
        out.closeArray()
        out.closeObject()
    }
}
