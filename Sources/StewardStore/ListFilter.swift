/// What a list of instances is narrowed to; a nil field does not narrow it.
public struct InstanceFilter: Sendable, Hashable {
    /// Only instances of this workflow id.
    public var workflow: String?
    /// Only instances with this status.
    public var status: InstanceStatus?
    /// Only instances started at or after this time (UTC milliseconds).
    public var since: Int64?
    /// Only instances this person takes part in: an open task of the instance waits for
    /// them, or its trail records them acting (starting, deciding, cancelling, reassigning;
    /// a refused attempt does not count).
    public var person: String?

    public init(workflow: String? = nil, status: InstanceStatus? = nil, since: Int64? = nil, person: String? = nil) {
        self.workflow = workflow
        self.status = status
        self.since = since
        self.person = person
    }
}

/// What a list of open tasks is narrowed to; a nil field does not narrow it.
public struct TaskFilter: Sendable, Hashable {
    /// Only tasks this person may act on (named, or in a role when the task opened).
    public var person: String?
    /// Only tasks of instances of this workflow id.
    public var workflow: String?
    /// Only tasks opened at or after this time (UTC milliseconds).
    public var since: Int64?

    public init(person: String? = nil, workflow: String? = nil, since: Int64? = nil) {
        self.person = person
        self.workflow = workflow
        self.since = since
    }
}

/// Where an item stands in a list: its time (an instance's start, a task's opening), then
/// its id. Neither ever changes, so a page that starts after a position stays the same
/// page however the items change meanwhile.
public struct ListPosition: Sendable, Hashable {
    public let time: Int64
    public let id: String
}

/// SQL conditions that must all hold, with the values of their `?` parameters in order.
struct SQLConditions {
    private(set) var terms: [String] = []
    private(set) var values: [SQLValue] = []

    /// Adds `term`, whose `?` parameters take `values` in order.
    mutating func add(_ term: String, _ values: SQLValue...) {
        terms.append(term)
        self.values += values
    }

    /// ` WHERE a AND b`, or nothing when there is no condition.
    var clause: String { terms.isEmpty ? "" : " WHERE " + terms.joined(separator: " AND ") }
}

/// A filter of a list read a page at a time: what it reads, in which order, and its conditions.
protocol ListQuery {
    /// The table the list reads, with its alias when the conditions use one.
    static var table: String { get }
    /// The list's order: a time, then the id, so that no two items tie.
    static var order: String { get }
    /// Whether the order is from the latest time down.
    static var newestFirst: Bool { get }
    /// The (time, id) of a row as the position conditions compare it.
    var positionColumns: String { get }
    /// The filter's own conditions.
    var filterConditions: SQLConditions { get }
}

extension ListQuery {
    /// The query of a page of matching rows (`columns`), in the list's order, after
    /// `position`; its values end before the LIMIT's, which the caller adds.
    func pageQuery(columns: String, after position: ListPosition?) -> (sql: String, values: [SQLValue]) {
        var conditions = filterConditions
        if let position {
            conditions.add("\(positionColumns) \(Self.newestFirst ? "<" : ">") (?, ?)", .int(position.time), .text(position.id))
        }
        return ("SELECT \(columns) FROM \(Self.table)\(conditions.clause) ORDER BY \(Self.order) LIMIT ?", conditions.values)
    }

    /// The query that counts matching rows; with `position`, only those listed at or before
    /// it (the pages up to it).
    func countQuery(through position: ListPosition?) -> (sql: String, values: [SQLValue]) {
        var conditions = filterConditions
        if let position {
            conditions.add("\(positionColumns) \(Self.newestFirst ? ">=" : "<=") (?, ?)", .int(position.time), .text(position.id))
        }
        return ("SELECT count(*) FROM \(Self.table)\(conditions.clause)", conditions.values)
    }
}

extension InstanceFilter: ListQuery {
    static let table = "instances"
    static let order = "created_at DESC, id DESC"
    static let newestFirst = true

    // With a person, the instances they take part in are few next to all: they must drive
    // the query through the primary key. A unary `+` keeps a column's own index from being
    // picked instead (which would scan every instance of a status).
    private var plus: String { person == nil ? "" : "+" }

    var positionColumns: String { "(\(plus)created_at, \(plus)id)" }

    var filterConditions: SQLConditions {
        var conditions = SQLConditions()
        if let person {
            conditions.add("""
                id IN (SELECT t.instance_id FROM task_assignees a JOIN tasks t ON t.id = a.task_id
                       WHERE a.kind = 'person' AND a.name = ?
                       UNION SELECT instance FROM trail WHERE person = ? AND event <> 'refused')
                """, .text(person), .text(person))
        }
        if let workflow { conditions.add("\(plus)workflow_id = ?", .text(workflow)) }
        if let status { conditions.add("\(plus)status = ?", .text(status.rawValue)) }
        if let since { conditions.add("\(plus)created_at >= ?", .int(since)) }
        return conditions
    }
}

extension TaskFilter: ListQuery {
    static let table = "tasks t"
    static let order = "t.opened_at, t.id"
    static let newestFirst = false

    // A person's open tasks are found through the inbox index; the `+` keeps the status
    // index from being picked instead (it would visit every open task).
    private var plus: String { person == nil ? "" : "+" }

    var positionColumns: String { "(\(plus)t.opened_at, \(plus)t.id)" }

    var filterConditions: SQLConditions {
        var conditions = SQLConditions()
        if let person {
            conditions.add("t.id IN (SELECT task_id FROM task_assignees WHERE kind = 'person' AND name = ?)", .text(person))
        }
        conditions.add("\(plus)t.status = 'open'")
        if let workflow { conditions.add("(SELECT workflow_id FROM instances WHERE id = t.instance_id) = ?", .text(workflow)) }
        if let since { conditions.add("\(plus)t.opened_at >= ?", .int(since)) }
        return conditions
    }
}
