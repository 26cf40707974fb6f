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

    /// A page of the instances matching `filter`, newest started first (then by id), at most
    /// `limit`, after the instance `after` names (as `resolveInstance` reads it); with how many
    /// match in all.
    public func instances(_ filter: InstanceFilter, after: String? = nil, limit: Int) throws(EngineError)
        -> ListPage<InstanceState> {
        try Self.checkLimit(limit)
        let cursor = try after.map { text throws(EngineError) in try resolveInstance(text) }
        let page = try read { tx in
            let position = try cursor.flatMap { id in try tx.listPosition(ofInstance: id) }
            return ListPage(lookahead: try tx.instances(filter, after: position, limit: Self.lookahead(limit)), limit: limit,
                            offset: try position.map { try tx.instanceCount(filter, through: $0) } ?? 0,
                            total: try tx.instanceCount(filter), id: \.id)
        }
        return try page.map { row throws(EngineError) in try Self.decode(row) }
    }

    /// A page of the open tasks matching `filter` (a person's: those they may act on), oldest
    /// first, at most `limit`, after the task `after` (a task id, as a page's end prints it);
    /// with how many match in all.
    ///
    /// A task's people are resolved from its roles when it opens, and only they may act: a
    /// member who joined a role later is not offered a task they would be refused.
    public func inbox(_ filter: TaskFilter, after: String? = nil, limit: Int) throws(EngineError) -> ListPage<InboxItem> {
        try Self.checkLimit(limit)
        let page = try read { tx in
            var position: ListPosition?
            if let after {
                guard let found = try tx.listPosition(ofTask: after) else {
                    throw EngineError(.notFound, "no task '\(after)'; --after takes the task id a cut list ends with")
                }
                position = found
            }
            return ListPage(lookahead: try tx.openTasks(filter, after: position, limit: Self.lookahead(limit)), limit: limit,
                            offset: try position.map { try tx.openTaskCount(filter, through: $0) } ?? 0,
                            total: try tx.openTaskCount(filter), id: \.id)
        }
        return page.map {
            InboxItem(instance: $0.instanceID, task: $0.id, state: $0.state, title: $0.title, assignees: $0.assignees,
                      roles: $0.roles, dueAt: $0.dueAt)
        }
    }

    /// A page holds at least one item.
    static func checkLimit(_ limit: Int) throws(EngineError) {
        guard limit >= 1 else { throw EngineError(.usage, "a page holds at least 1 item; got \(limit)") }
    }

    /// Rows to read for a page of `limit`: one more, which only tells whether a next page exists.
    static func lookahead(_ limit: Int) -> Int { limit == Int.max ? limit : limit + 1 }

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
