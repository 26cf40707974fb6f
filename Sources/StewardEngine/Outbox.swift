import Foundation
import StewardAudit
import StewardCore

/// The notices file of each UTC day, `outbox/notices-YYYY-MM-DD.jsonl`: one JSON line per
/// notice, appended after the transaction that decided it has committed. Whatever delivers
/// them reads new lines. The trail holds the same notices, so the file can be rebuilt.
///
/// The day's file stays open for appending: opening, seeking and closing it for every
/// act cost more than the act's own work in a long-running `steward run`. It is reopened
/// when the file at its path is no longer the one open (a delivery moved it away).
final class Outbox {
    let folder: URL
    /// The UTC day (days since 1970) whose file is open, its path and its descriptor.
    private var openFile: (day: Int64, path: String, descriptor: Int32)?

    init(folder: URL) {
        self.folder = folder
    }

    deinit {
        if let openFile { close(openFile.descriptor) }
    }

    /// Appends the lines in one `write` (O_APPEND: lines of concurrent processes do not interleave).
    /// Best effort: the notices are already in the trail.
    func append(_ notices: [(seq: Int64, notice: Notice)], at millisecondsSinceEpoch: Int64) {
        guard !notices.isEmpty, let descriptor = descriptor(for: millisecondsSinceEpoch) else { return }
        var out = JSONText(capacity: 256 * notices.count)
        var bytes: [UInt8] = []
        for (seq, notice) in notices {
            Self.line(seq: seq, notice: notice, to: &out)
            bytes.append(contentsOf: out.bytes)
            bytes.append(UInt8(ascii: "\n"))
            out = JSONText(capacity: 256)
        }
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }

    /// `{"body":…,"reason":…,"seq":…,"subject":…,"to":[…]}`: keys sorted, as every canonical text here.
    static func line(seq: Int64, notice: Notice, to out: inout JSONText) {
        out.openObject()
        out.key("body"); out.string(notice.body)
        out.key("reason"); out.string(notice.reason)
        out.key("seq"); out.int(seq)
        out.key("subject"); out.string(notice.subject)
        out.key("to"); out.openArray()
        for person in notice.people { out.string(person) }
        out.closeArray()
        out.closeObject()
    }

    private static func isSameFile(_ descriptor: Int32, _ path: String) -> Bool {
        var open = stat()
        var named = stat()
        guard fstat(descriptor, &open) == 0, stat(path, &named) == 0 else { return false }
        return open.st_dev == named.st_dev && open.st_ino == named.st_ino
    }

    private func descriptor(for millisecondsSinceEpoch: Int64) -> Int32? {
        let day = millisecondsSinceEpoch >= 0 ? millisecondsSinceEpoch / 86_400_000 : (millisecondsSinceEpoch + 1) / 86_400_000 - 1
        // The open file is used while it is still the one at its path: a delivery that moved
        // or removed it gets the next lines in a new file, not in the one it took away.
        if let openFile, openFile.day == day, Self.isSameFile(openFile.descriptor, openFile.path) {
            return openFile.descriptor
        }
        if let openFile { close(openFile.descriptor) }
        openFile = nil
        let name = "notices-\(TrailTime.iso8601(millisecondsSinceEpoch).prefix(10)).jsonl"
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return nil }
        openFile = (day, path, descriptor)
        return descriptor
    }
}
