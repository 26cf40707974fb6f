import StewardAudit
import StewardCore

/// A notice as the trail recorded it: the entry that decided it, and the notice.
public struct SentNotice: Sendable, Equatable {
    public let seq: Int64
    /// When (UTC milliseconds).
    public let at: Int64
    public let instance: String
    public let notice: Notice
}

extension Engine {
    /// The notices for `person` (every notice when nil) recorded since `since` (UTC
    /// milliseconds), in trail order: read from the trail, which records every notice, including
    /// those a delivery already took from the outbox.
    public func notices(to person: String?, since: Int64, _ body: (SentNotice) throws -> Void) throws(EngineError) {
        try trail(instance: nil, person: nil, since: since, until: nil) { entry in
            guard entry.details.contains("\"notices\""), let notices = EntryDetails.parse(entry.details)?.notices else { return }
            for notice in notices where person.map(notice.people.contains) ?? true {
                try body(SentNotice(seq: entry.seq, at: entry.at, instance: entry.instance, notice: notice))
            }
        }
    }
}
