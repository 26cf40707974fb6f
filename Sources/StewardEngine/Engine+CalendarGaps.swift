import StewardCore
import StewardStore
import StewardTime

extension Engine {
    /// `meta` keys of instances with a task waiting for calendar data, valued with the hash of
    /// the roster and calendars in force when it was found waiting.
    static let calendarGapKey = "calendar-gap:"

    /// Once the calendars in force change (a year's working days added), each instance with a
    /// task waiting for them is sent `calendarUpdated`, which places what can now be placed;
    /// an instance still waiting is looked at again at the next change. Returns how many
    /// instances were sent it.
    func placeWaitingDeadlines(now: Instant) throws(EngineError) -> Int {
        let waiting = try read { tx in try tx.meta(prefix: Self.calendarGapKey) }
        var sent = 0
        for (key, environment) in waiting where environment != project.environmentHash {
            let instance = String(key.dropFirst(Self.calendarGapKey.count))
            do {
                try rawWrite { tx in
                    guard try tx.removeMeta(key) else { return }
                    do {
                        try deliver(.calendarUpdated, to: instance, actor: engineActor, now: now, tx: tx)
                        sent += 1
                    } catch let refusal as EngineRefusal where refusal.isStale {
                        // Nothing waits any more (the task was done meanwhile): only the mark goes.
                    }
                }
            } catch {
                let problem = Self.storeError(error)
                if problem.isStoreUnavailable { throw problem }
                // The instance's own problem: its mark stays, and the next tick tries again.
            }
        }
        return sent
    }
}
