import Foundation
import StewardAudit
import StewardCore
import StewardExpressions
import StewardStore
import StewardTime

/// What `audit verify --replay` found for one instance.
public struct ReplayMismatch: Sendable, Equatable {
    public let instance: String
    public let message: String
}

extension Engine {
    /// Checks the chain, seq contiguity, the given outside checkpoints and the checkpoints
    /// the store records about itself, streaming the trail; a trail in chains chain by chain.
    public static func verifyChain(store: any Store, checkpoints: [Checkpoint],
                                   trustedKey: CheckpointPublicKey?) throws(EngineError) -> VerificationReport {
        do {
            return try store.read { tx in try verifyTrail(in: tx, checkpoints: checkpoints, trustedKey: trustedKey).report }
        } catch {
            throw storeError(error)
        }
    }

    /// The trail's report against `checkpoints` and those the store records (returned too).
    /// A trail of one chain, with checkpoints of one chain, is checked as it always was.
    static func verifyTrail(in tx: ReadTransaction, checkpoints: [Checkpoint], trustedKey: CheckpointPublicKey?)
        throws -> (report: VerificationReport, recorded: [Checkpoint], chains: Int) {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(4096)
        let chains = try tx.trailChainCount()
        let recorded = try tx.recordedCheckpoints(chains: chains)
        guard chains > 1 || (checkpoints + recorded).contains(where: { $0.chains != nil }) else {
            var verifier = TrailVerifier(checkpoints: checkpoints, trustedKey: trustedKey, recorded: recorded)
            try tx.forEachRawTrailEntry { entry in verifier.append(raw: entry, buffer: &buffer) }
            return (verifier.finish(), recorded, chains)
        }
        var verifier = TrailChainsVerifier(chains: chains, checkpoints: checkpoints, trustedKey: trustedKey,
                                           recorded: recorded)
        try tx.forEachRawTrailEntry { entry in verifier.append(raw: entry, buffer: &buffer) }
        return (verifier.finish(), recorded, chains)
    }

    /// Re-runs the core over each instance's recorded events and compares with the stored
    /// projection: the instance row, its tasks and their inbox entries, its timers. Instances
    /// are read a page at a time, so memory does not grow with the store; an instance the
    /// trail started whose row is gone is reported too.
    public func replayAll() throws(EngineError) -> (checked: Int, mismatches: [ReplayMismatch]) {
        var checked = 0
        var mismatches: [ReplayMismatch] = []
        let pageSize = 200
        for status in InstanceStatus.allCases {
            var after = ""
            while true {
                let page = try read { tx in try tx.instances(status: status, after: after, limit: pageSize) }
                for row in page {
                    checked += 1
                    if let problem = try replay(row) { mismatches.append(ReplayMismatch(instance: row.id, message: problem)) }
                }
                guard page.count == pageSize, let last = page.last else { break }
                after = last.id
            }
        }
        try read { tx in
            try tx.forEachStartedInstanceWithoutRow { instance, seq in
                checked += 1
                mismatches.append(ReplayMismatch(instance: instance, message: "the trail started it (entry \(seq)), but "
                    + "the store has no row for it: the row was deleted"))
            }
        }
        return (checked, mismatches)
    }

    /// nil when the replayed instance equals the stored one, else what differs.
    ///
    /// Each event is applied under the roster and calendars recorded with it, so later edits
    /// of those files do not make an honest trail look altered.
    private func replay(_ row: InstanceRow) throws(EngineError) -> String? {
        var start: (inputs: ExpressionObject, at: Instant, by: String?, environment: String?)?
        var parent: ParentLink?
        var rules: DecisionRules?
        var unknownRules: Int?
        var events: [(event: CoreEvent, at: Instant, environment: String?, seq: Int64)] = []
        var unreadable: Int64?
        // What a tick wrote when it set a timer aside (the timer is gone, the instance still lists it).
        var setAside: [String] = []
        // An entry names its environment when it changed; the ones after it carry it on.
        var environment: String?
        try read { tx in
            try tx.forEachTrailEntry(instance: row.id) { entry in
                if entry.event == "timer-set-aside" { setAside.append(entry.details) }
                guard entry.event != "refused", entry.event != "step-flagged", entry.event != "timer-set-aside" else { return }
                guard let details = EntryDetails.parse(entry.details), let event = details.event else {
                    unreadable = unreadable ?? entry.seq
                    return
                }
                environment = details.environment ?? environment
                let at = Instant(millisecondsSinceEpoch: entry.at)
                if case .started(let inputs, let by) = event {
                    start = (inputs, at, by, environment)
                    parent = details.parent
                    rules = details.rules.flatMap(DecisionRules.init(rawValue:))
                    if let code = details.rules, rules == nil { unknownRules = code }
                } else {
                    events.append((event, at, environment, entry.seq))
                }
            }
        }
        if let seq = unreadable { return "entry \(seq) of the instance has no readable event" }
        guard let start else { return "the trail has no 'started' entry for this instance" }
        if let code = unknownRules { return "its 'started' entry names decision rules \(code), which this Steward does not know" }
        // One machine per environment the events were decided under (usually one or two).
        var machines: [String: WorkflowMachine] = [:]
        let environments = Set([start.environment ?? ""] + events.map { $0.environment ?? "" })
        do {
            try read { tx in
                for environment in environments {
                    machines[environment] = try self.machine(hash: row.definitionHash,
                                                             environment: environment.isEmpty ? nil : environment, in: tx)
                }
            }
        } catch {
            return error.message
        }
        guard let first = machines[start.environment ?? ""] else { return "no machine for its start" }
        var replayed: InstanceState
        do {
            replayed = try first.start(id: row.id, inputs: start.inputs, now: start.at, parent: parent, by: start.by,
                                       rules: rules).state
        } catch {
            return "replaying its start was refused: \(error.message)"
        }
        for (event, at, environment, seq) in events {
            guard let machine = machines[environment ?? ""] else { return "no machine for entry \(seq)" }
            do {
                replayed = try machine.apply(event, to: replayed, now: at).state
            } catch {
                return "replaying its events was refused at entry \(seq): \(error.message)"
            }
        }
        var stored = try Self.decode(row)
        // A secret ballot's sealed choices are never in the trail: the replayed task lacks them.
        for t in stored.tasks.indices { stored.tasks[t].ballots = nil }
        // The row's own columns and the inbox rows are projections too: compare them as well.
        if row.status.rawValue != replayed.status.rawValue {
            return "the store's status column says \(row.status.rawValue), the trail says \(replayed.status.rawValue)"
        }
        if let problem = try compareRows(of: row.id, with: replayed, setAside: setAside) { return problem }
        if replayed == stored { return nil }
        if replayed.status != stored.status {
            return "replay ends \(replayed.status.rawValue), the store says \(stored.status.rawValue)"
        }
        if replayed.currentStates != stored.currentStates {
            return "replay ends in \(replayed.currentStates), the store says \(stored.currentStates)"
        }
        return "the replayed instance differs from the stored one"
    }
}
