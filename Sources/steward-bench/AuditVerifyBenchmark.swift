import Foundation
import StewardAudit
import StewardCore
import StewardEngine
import StewardStore

/// `steward-bench audit-verify`: how fast `Engine.verifyChain` checks the trail in the store,
/// and that its memory stays flat as the trail grows.
enum AuditVerifyBenchmark: Benchmark {
    static let name = "audit-verify"
    static let summary = "Engine.verifyChain entries/s over 100,000 and N trail entries, with peak memory"
    static var defaults: BenchOptions { BenchOptions(sizeMB: 0, repetitions: 3, count: 1_000_000) }
    static var defaultsText: String { "(default --count 1000000 entries --repeat 3)" }
    static let goal = 500_000.0
    static let smallSize = 100_000

    struct Figures {
        var size = 0
        var readSeconds = Double.infinity
        var verifySeconds = Double.infinity
        var residentBefore = 0
        var peakDuring = 0
        var storeBytes = 0
        var report: VerificationReport?
    }

    static func run(_ options: BenchOptions) -> Int32 {
        #if DEBUG
        printError("steward-bench: warning: debug build; measure with swift run -c release steward-bench \(name)")
        #endif
        let large = max(options.count ?? defaults.count!, smallSize + 1)
        do {
            let folder = try ScratchFolder("audit")
            let path = folder.path("steward.db")
            let kinds = try entryKinds()
            print("Chain verification over the store (Engine.verifyChain: SHA-256 leaf hash per entry, chain, seq, "
                + "Merkle accumulator), store on disk and in the page cache, best of \(options.repetitions)")
            print("Entries: the 5 entries of a review loop (started, acted ×4, engine-style details of "
                + "\(kinds.map(\.details.utf8.count).min()!)–\(kinds.map(\.details.utf8.count).max()!) bytes), "
                + "instance ids varied")
            print("")
            var results: [Figures] = []
            var written = 0
            for size in [smallSize, large] {
                let appending = try Measure.once { () throws in
                    try append(from: written, to: size, kinds: kinds, path: path)
                }
                written = size
                print("(setup: trail grown to \(size.grouped) entries in \(appending.seconds.fixed(1)) s through "
                    + "WriteTransaction.appendTrail, 50,000 per transaction; not timed)")
                results.append(try measure(path: path, size: size, repetitions: options.repetitions))
            }
            print("")
            var table = Table(["entries", "verify (s)", "entries/s", "read only (s)", "RSS before (MiB)",
                               "peak during (MiB)", "store (MB)"], rightAligned: [0, 1, 2, 3, 4, 5, 6])
            for figures in results {
                table.add([figures.size.grouped, figures.verifySeconds.fixed(2),
                           (Double(figures.size) / figures.verifySeconds).groupedWhole, figures.readSeconds.fixed(2),
                           (Double(figures.residentBefore) / 1024).fixed(1), (Double(figures.peakDuring) / 1024).fixed(1),
                           (Double(figures.storeBytes) / 1e6).fixed(0)])
            }
            print(table.text)
            print("")
            for figures in results {
                guard let report = figures.report, report.isOK, report.entriesChecked == figures.size else {
                    throw BenchFailure("verification of \(figures.size) entries did not pass: \(figures.report?.description ?? "none")")
                }
            }
            let rate = Double(results[1].size) / results[1].verifySeconds
            print("entries/s at \(results[1].size.grouped): \(rate.groupedWhole) (goal ≥ \(goal.groupedWhole): "
                + "\(rate >= goal ? "met" : "NOT met")); at \(results[0].size.grouped): "
                + "\((Double(results[0].size) / results[0].verifySeconds).groupedWhole)")
            let growth = Double(results[1].peakDuring - results[1].residentBefore) / 1024
            let smallGrowth = Double(results[0].peakDuring - results[0].residentBefore) / 1024
            print("memory added while verifying: \(smallGrowth.fixed(1)) MiB at \(results[0].size.grouped) entries, "
                + "\(growth.fixed(1)) MiB at \(results[1].size.grouped) (peak RSS reset through /proc/self/clear_refs "
                + "before each run)")
            print("root: \(results[1].report!.rootHash.prefix(16))…")
        } catch {
            printError("steward-bench: \(error)")
            return 1
        }
        return 0
    }

    /// Times verification and a plain read of every entry (rows in place, as verification
    /// reads them), alternating, on a read-only store.
    static func measure(path: String, size: Int, repetitions: Int) throws -> Figures {
        var figures = Figures()
        figures.size = size
        figures.storeBytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let store = try SQLiteStore(path: path, options: .readOnly)
        var peakGrowth = -1
        for _ in 0..<repetitions {
            let read = try Measure.once { () throws -> Int in
                var count = 0
                // The rows as verification reads them: in place, every field's bytes located.
                var bytes = 0
                try store.read { tx in
                    try tx.forEachRawTrailEntry { entry in
                        count += 1
                        for field in 0..<11 { bytes &+= entry.field(field).count }
                        bytes &+= entry.hash.count
                        return true
                    }
                }
                return bytes > 0 ? count : 0
            }
            guard read.result == size else { throw BenchFailure("read \(read.result) entries, expected \(size)") }
            figures.readSeconds = min(figures.readSeconds, read.seconds)
            let reset = ProcessMemory.resetPeak()
            let before = ProcessMemory.residentKiB ?? 0
            let verify = try Measure.once { () throws in
                try Engine.verifyChain(store: store, checkpoints: [], trustedKey: nil)
            }
            let peak = reset ? (ProcessMemory.peakKiB ?? 0) : 0
            if peak - before > peakGrowth {
                peakGrowth = peak - before
                figures.residentBefore = before
                figures.peakDuring = peak
            }
            figures.verifySeconds = min(figures.verifySeconds, verify.seconds)
            figures.report = verify.result
        }
        return figures
    }

    struct Kind {
        var event: String
        var fromState: String
        var toState: String
        var person: String
        var details: String
        /// Where the template instance id sits in `details`.
        var offsets: [Int]
    }

    static let templateID = "review-loop-0000000"

    /// The entries one review loop writes, as the engine would, with its instance id marked.
    static func entryKinds() throws -> [Kind] {
        let roster = try Fixtures.loadRoster()
        let machine = WorkflowMachine(workflow: try Fixtures.compile(Fixtures.reviewLoop, roster: roster),
                                      environment: CoreEnvironment(roster: roster))
        var step = try machine.start(id: templateID, inputs: [:], now: BenchClock.start)
        var kinds: [Kind] = []
        func add(_ event: CoreEvent, from: String, person: String) throws {
            let details = try EntryDetails.engine(event, notes: step.notes)
            let to = step.state.status == .running ? step.state.currentStates.joined(separator: ",") : step.state.status.rawValue
            kinds.append(Kind(event: event.name, fromState: from, toState: to, person: person, details: details,
                              offsets: EngineTickBenchmark.occurrences(of: Array(templateID.utf8), in: Array(details.utf8))))
        }
        try add(.started(inputs: [:], by: "li.ming"), from: "", person: "li.ming")
        for act in Fixtures.loopActs {
            let from = step.state.currentStates.joined(separator: ",")
            let event = CoreEvent.acted(task: step.state.tasks[0].id, person: act.person, action: act.action, form: act.form,
                                        comment: act.comment, onBehalfBy: nil)
            step = try machine.apply(event, to: step.state, now: BenchClock.start)
            try add(event, from: from, person: act.person)
        }
        return kinds
    }

    /// Appends entries `from`..<`to` (loop `i / 5`, kind `i % 5`), 50,000 per transaction.
    static func append(from: Int, to: Int, kinds: [Kind], path: String) throws {
        let store = try SQLiteStore(path: path, options: SQLiteStore.Options(synchronous: .normal))
        let template = Array(templateID.utf8)
        var index = from
        while index < to {
            let end = min(to, index + 50_000)
            try store.write { tx in
                for i in index..<end {
                    let kind = kinds[i % kinds.count]
                    let digits = String(i / kinds.count)
                    let id = "review-loop-" + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
                    var details = kind.details
                    if !kind.offsets.isEmpty {
                        var bytes = Array(details.utf8)
                        let idBytes = Array(id.utf8)
                        for offset in kind.offsets { bytes.replaceSubrange(offset..<offset + template.count, with: idBytes) }
                        details = String(decoding: bytes, as: UTF8.self)
                    }
                    _ = try tx.appendTrail(TrailEntry(
                        seq: 0, at: BenchClock.start.millisecondsSinceEpoch + Int64(i), instance: id,
                        definition: "5e1f0c8d2b7a4e6f9a3c1d0b8e7f6a5c4d3b2a1908f7e6d5c4b3a29180706050", event: kind.event,
                        fromState: kind.fromState, toState: kind.toState, person: kind.person, account: "liming",
                        host: "office-pc", engineVersion: "0.1.0", details: details, previousHash: ""))
                }
            }
            index = end
        }
        try store.walCheckpoint(truncate: true)
    }
}
