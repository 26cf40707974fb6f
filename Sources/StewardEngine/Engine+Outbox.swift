import Foundation
import StewardCore
import StewardStore
import StewardTime

/// The mark a transaction with notices leaves in `meta` until its notices are in the outbox:
/// key `outbox:FIRST-LAST` (the seqs of its entries, padded), value `pid host time`, as the
/// marks of step calls, so that a mark left by a process that is gone is told from one whose
/// process is still writing.
enum OutboxMark {
    static let prefix = "outbox:"

    /// `outbox:FIRST-LAST`, or `outbox:cCHAIN:FIRST-LAST` for a chain other than 0.
    static func key(chain: Int, first: Int64, last: Int64) -> String {
        prefix + (chain == 0 ? "" : "c\(chain):") + padded(first) + "-" + padded(last)
    }

    /// The chain and seqs a key covers; nil for a key this Steward did not write.
    static func seqs(_ key: String) -> (chain: Int, seqs: ClosedRange<Int64>)? {
        guard key.hasPrefix(prefix) else { return nil }
        var rest = key.dropFirst(prefix.count)
        var chain = 0
        if rest.hasPrefix("c") {
            guard let colon = rest.firstIndex(of: ":"), let number = Int(rest[rest.index(after: rest.startIndex)..<colon]),
                  number > 0 else { return nil }
            chain = number
            rest = rest[rest.index(after: colon)...]
        }
        let parts = rest.split(separator: "-")
        guard parts.count == 2, let first = Int64(parts[0]), let last = Int64(parts[1]), first <= last else { return nil }
        return (chain, first...last)
    }

    /// The process named by a mark's value (`pid host time`).
    static func process(_ value: String) -> pid_t? {
        value.split(separator: " ").first.flatMap { pid_t($0) }
    }

    private static func padded(_ seq: Int64) -> String {
        let text = String(seq)
        return String(repeating: "0", count: max(0, 12 - text.count)) + text
    }
}

extension Engine {
    /// Marks, in the transaction about to commit, the entries whose notices the outbox must
    /// get; nothing when there are none.
    func markNotices(now: Instant, tx: WriteTransaction) throws {
        // One transaction may append to several chains (a batch of timers of several families).
        for chain in Set(pendingNotices.map(\.chain)).sorted() {
            let seqs = pendingNotices.filter { $0.chain == chain }.map(\.seq)
            guard let first = seqs.min(), let last = seqs.max() else { continue }
            try tx.setMeta(OutboxMark.key(chain: chain, first: first, last: last),
                           "\(getpid()) \(identity.host) \(now.millisecondsSinceEpoch)")
        }
    }

    /// Writes the notices of the transaction that just committed, then takes its mark away.
    /// When the outbox cannot be written the mark stays, the next tick writes them
    /// (`repairOutbox`), and `warn` says so: the change itself is done and recorded.
    func writeNotices() {
        let notices = pendingNotices
        pendingNotices = []
        guard let first = notices.first?.seq, let last = notices.last?.seq else { return }
        do {
            try outbox.write(notices)
        } catch {
            warn("the notices of trail entries \(first)-\(last) could not be written to the outbox (\(error.message)); "
                + "they are recorded, and the next tick writes them")
            return
        }
        let marks = Set(notices.map(\.chain)).sorted().compactMap { chain -> String? in
            let seqs = notices.filter { $0.chain == chain }.map(\.seq)
            guard let first = seqs.min(), let last = seqs.max() else { return nil }
            return OutboxMark.key(chain: chain, first: first, last: last)
        }
        do {
            try store.write { tx in for mark in marks { _ = try tx.removeMeta(mark) } }
        } catch {
            // The notices are written: a mark left behind only makes the next tick look for
            // their files again, and it writes none that are there.
            return
        }
    }

    /// Writes the notices whose process did not (killed between its commit and the outbox, or
    /// the outbox failed): those of every mark left by a process that is gone, or by this one.
    /// Files that are there are left as they are. Returns how many notices it wrote again.
    func repairOutbox(now: Instant) throws(EngineError) -> Int {
        let marks = try read { tx in try tx.meta(prefix: OutboxMark.prefix) }
        var count = 0
        for (key, value) in marks {
            guard let (chain, seqs) = OutboxMark.seqs(key) else { continue }
            let process = OutboxMark.process(value)
            // Another live process on this machine is writing them now.
            if process != getpid(), Self.markIsLive(value, host: identity.host, now: now) { continue }
            let entries = try read { tx in try tx.trailEntries(chain: chain, from: seqs.lowerBound, batch: Int(seqs.count)) }
            var notices: [OutboxNotice] = []
            for entry in entries where entry.seq <= seqs.upperBound && entry.details.contains("\"notices\"") {
                guard let parsed = EntryDetails.parse(entry.details)?.notices else {
                    throw EngineError(.store, "trail entry \(entry.seq) names notices that cannot be read")
                }
                notices += parsed.enumerated().map {
                    OutboxNotice(chain: chain, seq: entry.seq, index: $0.offset + 1, notice: $0.element)
                }
            }
            do {
                count += try outbox.write(notices, missingOnly: true, leftBy: process == getpid() ? nil : process)
            } catch {
                throw EngineError(.store, "the outbox cannot be written (\(error.message)): the notices of trail entries "
                    + "\(seqs.lowerBound)-\(seqs.upperBound) wait for the next tick", reason: EngineError.storeUnavailable)
            }
            try write { tx in _ = try tx.removeMeta(key) }
        }
        return count
    }
}
