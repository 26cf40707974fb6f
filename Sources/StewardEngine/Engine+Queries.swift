import StewardAudit
import StewardCore
import StewardStore

/// One open task as the inbox shows it.
public struct InboxItem: Sendable, Equatable {
    public let instance: String
    public let task: String
    public let state: String
    public let title: String
    public let assignees: [String]
    public let roles: [String]
    public let dueAt: Int64?
}

extension Engine {
    /// The instance `text` names: its whole id, or (from 4 characters) a part that begins or
    /// ends exactly one id, such as the random tail `2251f4c2` people read off a list.
    public func resolveInstance(_ text: String) throws(EngineError) -> String {
        // A whole id is found through the primary key; only a part needs every id compared.
        let partMatches = try read { tx in try tx.hasInstance(id: text) ? nil : tx.instanceIDs(matching: text, limit: 6) }
        guard let matches = partMatches else { return text }
        guard text.count >= 4, let first = matches.first else {
            throw EngineError(.notFound, "no instance '\(text)'; 'steward status' lists them")
        }
        guard matches.count == 1 else {
            let shown = matches.prefix(5).joined(separator: ", ") + (matches.count > 5 ? ", …" : "")
            throw EngineError(.usage, "'\(text)' is part of several instance ids (\(shown)); give more of it")
        }
        return first
    }

    /// One instance, as stored.
    public func instance(_ id: String) throws(EngineError) -> InstanceState {
        guard let row = try read({ tx in try tx.loadInstance(id: id) }) else {
            throw EngineError(.notFound, "no instance '\(id)'; 'steward status' lists them")
        }
        return try Self.decode(row)
    }

    /// Instances, newest first within each status, running ones first.
    public func instances(limit: Int = 200) throws(EngineError) -> [InstanceState] {
        let rows = try read { tx -> [InstanceRow] in
            var all: [InstanceRow] = []
            for status in StewardStore.InstanceStatus.allCases where all.count < limit {
                all += try tx.instances(status: status, limit: limit - all.count)
            }
            return all
        }
        var states: [InstanceState] = []
        for row in rows { states.append(try Self.decode(row)) }
        return states
    }

    /// Open tasks waiting for `person` (directly or through a role they hold), or all open tasks.
    /// The open tasks `person` may act on, oldest first; every open task when `person` is nil.
    ///
    /// A task's people are resolved from its roles when it opens, and only they may act: a
    /// member who joined a role later is not offered a task they would be refused.
    public func inbox(person: String?) throws(EngineError) -> [InboxItem] {
        let rows = try read { tx in
            try person.map { try tx.openTasks(person: $0, limit: 1000) } ?? tx.allOpenTasks(limit: 100_000)
        }
        return rows.map {
            InboxItem(instance: $0.instanceID, task: $0.id, state: $0.state, title: $0.title, assignees: $0.assignees,
                      roles: $0.roles, dueAt: $0.dueAt)
        }
    }

    /// Trail entries matching the filters, in order, one at a time.
    public func trail(instance: String?, person: String?, since: Int64?, until: Int64?,
                      _ body: (TrailEntry) throws -> Void) throws(EngineError) {
        do {
            try store.read { tx in try tx.forEachTrailEntry(instance: instance, person: person, since: since, until: until, body) }
        } catch {
            throw Self.storeError(error)
        }
    }
}
