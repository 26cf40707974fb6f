import StewardCore
import StewardStore
import StewardTime

extension Engine {
    /// How many ticks in a row a timer may fail on its own instance before it is set aside.
    public static let timerFailureBudget = 5

    /// Records that `timer`'s own instance could not apply it (a damaged row, a definition that
    /// no longer compiles): a `timer-failed` entry each time, and at the budget the timer is set
    /// aside with a `timer-set-aside` entry and a notice to the admins. True when set aside.
    func recordFailure(of timer: TimerRow, because reason: String, now: Instant) throws(EngineError) -> Bool {
        let counter = "timer-failures:" + timer.id
        return try write { tx -> Bool in
            // Another tick may have fired or set it aside meanwhile.
            guard try tx.timers(forInstance: timer.instanceID).contains(where: { $0.id == timer.id }) else { return false }
            let failures = (try tx.meta(counter).flatMap { Int($0) } ?? 0) + 1
            let definition = try tx.loadInstance(id: timer.instanceID)?.definitionHash ?? ""
            var details = EntryDetails()
            let setAside = failures >= Self.timerFailureBudget
            if setAside {
                _ = try tx.deleteTimer(id: timer.id)
                _ = try tx.removeMeta(counter)
                details.message = "timer \(timer.id) (\(timer.kind)) failed \(failures) times and was set aside: \(reason); "
                    + "once its cause is mended, 'steward retry \(timer.instanceID)' puts it back"
                details.notices = [Notice(people: project.roster?.admins ?? [], subject: "定时事项已搁置：\(timer.instanceID)",
                                          body: details.message ?? "", reason: "timer-set-aside")]
            } else {
                try tx.setMeta(counter, String(failures))
                details.message = "timer \(timer.id) (\(timer.kind)) could not be applied "
                    + "(\(failures) of \(Self.timerFailureBudget) tries): \(reason)"
            }
            try appendNote(setAside ? "timer-set-aside" : "timer-failed", instance: timer.instanceID, definition: definition,
                           states: "", actor: engineActor, details: details, at: now, tx: tx)
            return setAside
        }
    }

    /// `steward retry INSTANCE`: puts back the timers of an instance that were set aside (every
    /// timer its state holds that the timers table lacks), for the next tick to fire. Roster
    /// admins only; recorded. Returns the ids put back.
    public func retry(instance id: String, actor: ActorIdentity) throws(EngineError) -> [String] {
        guard let person = actor.person else { throw EngineError(.usage, "say who is acting: --as PERSON or STEWARD_ACTOR") }
        guard project.roster?.admins.contains(person) == true else {
            throw EngineError(.refused, "\(person) is not an admin of the roster; only admins put timers back", reason: "not-admin")
        }
        let now = clock()
        return try write { tx -> [String] in
            guard let row = try tx.loadInstance(id: id) else {
                throw EngineError(.notFound, "no instance '\(id)'; 'steward status' lists them")
            }
            let state = try Self.decode(row)
            let present = Set(try tx.timers(forInstance: id).map(\.id))
            let missing = state.timers.filter { !present.contains($0.id) }
            guard !missing.isEmpty else {
                throw EngineError(.notFound, "instance \(id) has no timer set aside; nothing changed", reason: "nothing-set-aside")
            }
            for timer in missing {
                try tx.setTimer(TimerRow(id: timer.id, instanceID: id, kind: timer.kind.rawValue, dueAt: timer.at.millisecondsSinceEpoch))
                _ = try tx.removeMeta("timer-failures:" + timer.id)
            }
            var details = EntryDetails()
            details.message = "put back: " + missing.map { "\($0.id) (\($0.kind.rawValue))" }.joined(separator: ", ")
            try appendNote("timer-restored", instance: id, definition: row.definitionHash, states: state.currentStates.joined(separator: ","),
                           actor: actor, details: details, at: now, tx: tx)
            return missing.map(\.id)
        }
    }
}
