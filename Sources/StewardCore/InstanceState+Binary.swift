import StewardExpressions
import StewardModel
import StewardTime

/// The stored form of an instance: a hand-written binary encoding, several times faster than
/// the `Codable` JSON form (which is kept, and which `Engine` still reads from older stores).
///
/// Layout, version 1: the magic `STW` and a version byte (1), then the fields of `InstanceState`
/// in declaration order, nested structures written the same way. Counts and lengths are
/// unsigned LEB128 varints; `Int`, `Int64` and `Instant` (milliseconds) are zigzag varints; a
/// `Double` is its 8-byte little-endian bit pattern; text is its UTF-8 byte count then the bytes;
/// an optional is a flag byte (0 absent, 1 present) then the value; enums are one byte.
/// `ExpressionValue` is a tag byte (0 null, 1 false, 2 true, 3 integer, 4 number, 5 string,
/// 6 date as year/month/day varints, 7 datetime, 8 list: count + items, 9 object: count +
/// key/value pairs in order). The state must end exactly at the last byte.
///
/// Version 2 adds, to each open task, what the calendar could not place (a list of texts);
/// to each state record, its votes (a count, then each vote as an open task
/// writes it) and its comment (an optional text), and after `serial` the decision rules (a
/// byte: 0 none recorded, else `DecisionRules.rawValue`). Version 3 adds, after each current
/// position's attempt, its visit (a varint: the serial of the visit's first handler call, 0 when
/// none). Version 4 adds, after each open task's unplaced timers, the sealed choices of its
/// secret ballot (a list of texts, empty when none). Versions 1 to 3 are still read.
extension InstanceState {
    /// Rows written before positions kept their visit: a first attempt waiting for its call
    /// gets the visit replaying its trail gives (the call's serial), so `audit verify
    /// --replay` of an instance caught mid-step by an upgrade does not see a difference. (A
    /// later attempt's first serial is not in the row; its operation key falls back to its own.)
    public mutating func recoverVisits() {
        for index in scopes.indices {
            guard let position = scopes[index].current, position.visit == 0, position.attempt == 1,
                  let step = steps.first(where: { $0.scope == index && $0.state == position.name && $0.attempt == 1 }),
                  let serial = step.key.split(separator: "/").last.flatMap({ Int($0) }) else { continue }
            scopes[index].current?.visit = serial
        }
    }

    /// The first bytes of every binary state: `STW`.
    public static let binaryMagic: [UInt8] = [0x53, 0x54, 0x57]
    /// The format version written by `binaryEncoded()`.
    public static let binaryVersion: UInt8 = 4

    /// True when `bytes` start with the binary magic (whatever the version).
    public static func isBinary(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.starts(with: binaryMagic)
    }

    /// The state in the compact binary form (see the extension's documentation).
    public func binaryEncoded() -> [UInt8] {
        var w = BinaryWriter(capacity: 1024)
        for b in Self.binaryMagic { w.byte(b) }
        w.byte(Self.binaryVersion)
        w.string(id)
        w.string(workflowID)
        w.string(definitionHash)
        w.byte(status.binaryCode)
        w.object(inputs)
        w.object(vars)
        w.count(scopes.count)
        for scope in scopes { w.scope(scope) }
        w.count(tasks.count)
        for task in tasks { w.task(task) }
        w.count(timers.count)
        for timer in timers { w.timer(timer) }
        w.count(steps.count)
        for step in steps { w.step(step) }
        w.object(outputs)
        w.optionalString(reason)
        w.instant(startedAt)
        if let parent {
            w.byte(1)
            w.string(parent.instance)
            w.int(parent.scope)
            w.string(parent.state)
        } else {
            w.byte(0)
        }
        w.int(serial)
        w.byte(UInt8(decisionRules?.rawValue ?? 0))
        return w.bytes
    }

    /// Reads a state written by `binaryEncoded()`; throws, never traps, on anything else.
    public init(binary bytes: some Collection<UInt8>) throws(InstanceStateDecodingError) {
        let result: Result<InstanceState, InstanceStateDecodingError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(InstanceStateDecodingError) in try Self.decodeBinary(buffer) }
        }
        if let result {
            self = try result.get()
        } else {
            self = try Array(bytes).withUnsafeBufferPointer { buffer throws(InstanceStateDecodingError) in
                try Self.decodeBinary(buffer)
            }
        }
    }

    private static func decodeBinary(_ buffer: UnsafeBufferPointer<UInt8>) throws(InstanceStateDecodingError) -> InstanceState {
        var r = BinaryReader(buffer)
        for expected in binaryMagic {
            guard !r.isAtEnd else { throw r.error(.truncated, "the state ends inside its 'STW' header") }
            guard try r.byte() == expected else {
                throw InstanceStateDecodingError(.notBinary, at: 0, "the bytes do not start with 'STW': not a binary state")
            }
        }
        let version = try r.byte("the format version")
        guard (1...binaryVersion).contains(version) else {
            throw InstanceStateDecodingError(.unsupportedVersion(version), at: 3,
                                             "binary state format version \(version) is not supported (only 1 to \(binaryVersion))")
        }
        let id = try r.string()
        let workflowID = try r.string()
        let definitionHash = try r.string()
        let status = try r.instanceStatus()
        let inputs = try r.object(depth: 0)
        var state = InstanceState(id: id, workflowID: workflowID, definitionHash: definitionHash, inputs: inputs,
                                  startedAt: Instant(millisecondsSinceEpoch: 0), rules: nil)
        state.status = status
        state.vars = try r.object(depth: 0)
        let scopeCount = try r.count(of: "scopes", minimumSize: 11)
        state.scopes.reserveCapacity(scopeCount)
        for _ in 0..<scopeCount { state.scopes.append(try r.scope(version: version)) }
        let taskCount = try r.count(of: "tasks", minimumSize: 10)
        state.tasks.reserveCapacity(taskCount)
        for _ in 0..<taskCount { state.tasks.append(try r.task(version: version)) }
        let timerCount = try r.count(of: "timers", minimumSize: 7)
        state.timers.reserveCapacity(timerCount)
        for _ in 0..<timerCount { state.timers.append(try r.timer()) }
        let stepCount = try r.count(of: "pending steps", minimumSize: 6)
        state.steps.reserveCapacity(stepCount)
        for _ in 0..<stepCount { state.steps.append(try r.step()) }
        if version < 3 { state.recoverVisits() }
        state.outputs = try r.object(depth: 0)
        state.reason = try r.optionalString()
        state.startedAt = try r.instant()
        if try r.isPresent() {
            state.parent = ParentLink(instance: try r.string(), scope: try r.int(), state: try r.string())
        }
        state.serial = try r.int()
        if version >= 2 {
            let start = r.offset
            let code = try r.byte("the decision rules")
            if code != 0 {
                guard let rules = DecisionRules(rawValue: Int(code)) else {
                    throw r.error(.malformed, "\(code) is not a known kind of decision rules", at: start)
                }
                state.decisionRules = rules
            }
        }
        guard r.isAtEnd else {
            throw r.error(.trailingBytes, "\(r.remaining) bytes follow the end of the state")
        }
        return state
    }
}

// MARK: - enums

extension InstanceStatus {
    fileprivate var binaryCode: UInt8 {
        switch self {
        case .running: 0
        case .completed: 1
        case .rejected: 2
        case .cancelled: 3
        case .failed: 4
        }
    }
}

extension Outcome {
    /// 1…4; 0 stands for "no outcome" in an optional.
    fileprivate var binaryCode: UInt8 {
        switch self {
        case .completed: 1
        case .rejected: 2
        case .cancelled: 3
        case .failed: 4
        }
    }
}

extension Timer.Kind {
    fileprivate var binaryCode: UInt8 {
        switch self {
        case .due: 0
        case .reminder: 1
        case .escalation: 2
        case .wait: 3
        case .retry: 4
        case .timeout: 5
        }
    }
}

/// Tags of `ExpressionValue` cases.
private enum ValueTag {
    static let null: UInt8 = 0
    static let `false`: UInt8 = 1
    static let `true`: UInt8 = 2
    static let integer: UInt8 = 3
    static let number: UInt8 = 4
    static let string: UInt8 = 5
    static let date: UInt8 = 6
    static let datetime: UInt8 = 7
    static let list: UInt8 = 8
    static let object: UInt8 = 9
}

// MARK: - writing

extension BinaryWriter {
    fileprivate mutating func instant(_ value: Instant) {
        int64(value.millisecondsSinceEpoch)
    }

    fileprivate mutating func optionalInstant(_ value: Instant?) {
        if let value {
            byte(1)
            instant(value)
        } else {
            byte(0)
        }
    }

    fileprivate mutating func strings(_ values: [String]) {
        count(values.count)
        for value in values { string(value) }
    }

    fileprivate mutating func value(_ value: ExpressionValue) {
        switch value {
        case .null: byte(ValueTag.null)
        case .bool(let b): byte(b ? ValueTag.true : ValueTag.false)
        case .integer(let i):
            byte(ValueTag.integer)
            int(i)
        case .number(let d):
            byte(ValueTag.number)
            double(d)
        case .string(let s):
            byte(ValueTag.string)
            string(s)
        case .date(let d):
            byte(ValueTag.date)
            int(d.year)
            int(d.month)
            int(d.day)
        case .datetime(let t):
            byte(ValueTag.datetime)
            instant(t)
        case .list(let items):
            byte(ValueTag.list)
            count(items.count)
            for item in items { self.value(item) }
        case .object(let o):
            byte(ValueTag.object)
            object(o)
        }
    }

    /// An object's fields in order (without a tag).
    fileprivate mutating func object(_ o: ExpressionObject) {
        count(o.count)
        for (key, item) in o.entries {
            string(key)
            value(item)
        }
    }

    fileprivate mutating func scope(_ s: Scope) {
        int(s.index)
        int(s.flow)
        optionalInt(s.parent)
        optionalString(s.owner)
        optionalString(s.branch)
        if let item = s.item {
            byte(1)
            value(item)
        } else {
            byte(0)
        }
        optionalInt(s.itemIndex)
        if let p = s.current {
            byte(1)
            string(p.name)
            int(p.index)
            instant(p.since)
            int(p.attempt)
            int(p.visit)
        } else {
            byte(0)
        }
        byte(s.status?.binaryCode ?? 0)
        count(s.records.count)
        for (name, record) in s.records {
            string(name)
            self.record(record)
        }
        count(s.children.count)
        for child in s.children { int(child) }
    }

    fileprivate mutating func record(_ r: StateRecord) {
        object(r.form)
        optionalString(r.action)
        optionalString(r.actor)
        optionalInstant(r.at)
        value(r.output)
        if let results = r.results {
            byte(1)
            count(results.count)
            for item in results { value(item) }
        } else {
            byte(0)
        }
        strings(r.actors)
        if let votes = r.votes {
            byte(1)
            self.votes(votes)
        } else {
            byte(0)
        }
        optionalString(r.comment)
    }

    fileprivate mutating func votes(_ votes: [Vote]) {
        count(votes.count)
        for v in votes {
            string(v.person)
            string(v.action)
            object(v.form)
            optionalString(v.comment)
            instant(v.at)
        }
    }

    fileprivate mutating func task(_ t: OpenTask) {
        string(t.id)
        int(t.scope)
        string(t.state)
        string(t.title)
        strings(t.assignees)
        strings(t.roles)
        instant(t.openedAt)
        optionalInstant(t.dueAt)
        votes(t.votes)
        bool(t.overdue)
        strings(t.unplaced ?? [])
        strings(t.ballots ?? [])
    }

    fileprivate mutating func timer(_ t: Timer) {
        string(t.id)
        byte(t.kind.binaryCode)
        instant(t.at)
        int(t.scope)
        string(t.state)
        optionalString(t.task)
        optionalInt(t.step)
    }

    fileprivate mutating func step(_ s: PendingStep) {
        string(s.key)
        int(s.scope)
        string(s.state)
        string(s.handler)
        value(s.arguments)
        int(s.attempt)
    }
}

// MARK: - reading

extension BinaryReader {
    fileprivate mutating func instant() throws(InstanceStateDecodingError) -> Instant {
        Instant(millisecondsSinceEpoch: try int64())
    }

    fileprivate mutating func optionalInstant() throws(InstanceStateDecodingError) -> Instant? {
        guard try isPresent() else { return nil }
        return try instant()
    }

    fileprivate mutating func strings(_ what: String) throws(InstanceStateDecodingError) -> [String] {
        let n = try count(of: what)
        var values: [String] = []
        values.reserveCapacity(n)
        for _ in 0..<n { values.append(try string()) }
        return values
    }

    private mutating func code(_ what: String, below limit: UInt8) throws(InstanceStateDecodingError) -> UInt8 {
        let code = try byte(what)
        guard code < limit else {
            throw error(.malformed, "\(code) is not a known \(what)", at: offset - 1)
        }
        return code
    }

    fileprivate mutating func instanceStatus() throws(InstanceStateDecodingError) -> InstanceStatus {
        switch try code("instance status", below: 5) {
        case 0: .running
        case 1: .completed
        case 2: .rejected
        case 3: .cancelled
        default: .failed
        }
    }

    fileprivate mutating func optionalOutcome() throws(InstanceStateDecodingError) -> Outcome? {
        switch try code("scope outcome", below: 5) {
        case 0: nil
        case 1: .completed
        case 2: .rejected
        case 3: .cancelled
        default: .failed
        }
    }

    fileprivate mutating func timerKind() throws(InstanceStateDecodingError) -> Timer.Kind {
        switch try code("timer kind", below: 6) {
        case 0: .due
        case 1: .reminder
        case 2: .escalation
        case 3: .wait
        case 4: .retry
        default: .timeout
        }
    }

    fileprivate mutating func value(depth: Int) throws(InstanceStateDecodingError) -> ExpressionValue {
        let tag = try byte("a value")
        switch tag {
        case ValueTag.null: return .null
        case ValueTag.false: return .bool(false)
        case ValueTag.true: return .bool(true)
        case ValueTag.integer: return .integer(try int())
        case ValueTag.number: return .number(try double())
        case ValueTag.string: return .string(try string())
        case ValueTag.date:
            let start = offset
            let (y, m, d) = (try int(), try int(), try int())
            guard let date = CivilDate(year: y, month: m, day: d) else {
                throw error(.malformed, "\(y)-\(m)-\(d) is not a date", at: start)
            }
            return .date(date)
        case ValueTag.datetime: return .datetime(try instant())
        case ValueTag.list:
            guard depth < Self.maximumDepth else {
                throw error(.tooDeep, "values are nested more than \(Self.maximumDepth) deep", at: offset - 1)
            }
            let n = try count(of: "list items")
            var items: [ExpressionValue] = []
            items.reserveCapacity(n)
            for _ in 0..<n { items.append(try value(depth: depth + 1)) }
            return .list(items)
        case ValueTag.object:
            guard depth < Self.maximumDepth else {
                throw error(.tooDeep, "values are nested more than \(Self.maximumDepth) deep", at: offset - 1)
            }
            return .object(try object(depth: depth + 1))
        default:
            throw error(.malformed, "\(tag) is not a known value tag", at: offset - 1)
        }
    }

    /// An object's fields (no tag); a repeated field name is refused.
    fileprivate mutating func object(depth: Int) throws(InstanceStateDecodingError) -> ExpressionObject {
        let n = try count(of: "object fields", minimumSize: 2)
        var o = ExpressionObject()
        for _ in 0..<n {
            let start = offset
            let key = try string()
            let value = try value(depth: depth)
            let before = o.count
            o[key] = value
            guard o.count > before else {
                throw error(.malformed, "the field '\(key)' appears twice in an object", at: start)
            }
        }
        return o
    }

    fileprivate mutating func scope(version: UInt8) throws(InstanceStateDecodingError) -> Scope {
        let index = try int()
        let flow = try int()
        let parent = try optionalInt()
        let owner = try optionalString()
        let branch = try optionalString()
        let item: ExpressionValue? = try isPresent() ? try value(depth: 0) : nil
        let itemIndex = try optionalInt()
        var current: Position?
        if try isPresent() {
            current = Position(name: try string(), index: try int(), since: try instant(), attempt: try int(),
                               visit: version >= 3 ? try int() : 0)
        }
        let status = try optionalOutcome()
        let recordCount = try count(of: "state records", minimumSize: 8)
        var records: [String: StateRecord] = Dictionary(minimumCapacity: recordCount)
        for _ in 0..<recordCount {
            let start = offset
            let name = try string()
            let record = try self.record(version: version)
            guard records.updateValue(record, forKey: name) == nil else {
                throw error(.malformed, "the state '\(name)' has two records in one scope", at: start)
            }
        }
        let childCount = try count(of: "child scopes")
        var children: [Int] = []
        children.reserveCapacity(childCount)
        for _ in 0..<childCount { children.append(try int()) }
        return Scope(index: index, flow: flow, parent: parent, owner: owner, branch: branch, item: item,
                     itemIndex: itemIndex, current: current, status: status, records: records, children: children)
    }

    fileprivate mutating func record(version: UInt8) throws(InstanceStateDecodingError) -> StateRecord {
        var r = StateRecord()
        r.form = try object(depth: 0)
        r.action = try optionalString()
        r.actor = try optionalString()
        r.at = try optionalInstant()
        r.output = try value(depth: 0)
        if try isPresent() {
            let n = try count(of: "results")
            var results: [ExpressionValue] = []
            results.reserveCapacity(n)
            for _ in 0..<n { results.append(try value(depth: 0)) }
            r.results = results
        }
        r.actors = try strings("actors")
        if version >= 2 {
            if try isPresent() { r.votes = try votes() }
            r.comment = try optionalString()
        }
        return r
    }

    fileprivate mutating func votes() throws(InstanceStateDecodingError) -> [Vote] {
        let voteCount = try count(of: "votes", minimumSize: 5)
        var votes: [Vote] = []
        votes.reserveCapacity(voteCount)
        for _ in 0..<voteCount {
            votes.append(Vote(person: try string(), action: try string(), form: try object(depth: 0),
                              comment: try optionalString(), at: try instant()))
        }
        return votes
    }

    fileprivate mutating func task(version: UInt8) throws(InstanceStateDecodingError) -> OpenTask {
        let id = try string()
        let scope = try int()
        let state = try string()
        let title = try string()
        let assignees = try strings("assignees")
        let roles = try strings("roles")
        let openedAt = try instant()
        let dueAt = try optionalInstant()
        let votes = try votes()
        let overdue = try bool()
        let unplaced = version >= 2 ? try strings("unplaced timers") : []
        let ballots = version >= 4 ? try strings("sealed ballots") : []
        return OpenTask(id: id, scope: scope, state: state, title: title, assignees: assignees, roles: roles,
                        openedAt: openedAt, dueAt: dueAt, votes: votes, overdue: overdue,
                        unplaced: unplaced.isEmpty ? nil : unplaced, ballots: ballots.isEmpty ? nil : ballots)
    }

    fileprivate mutating func timer() throws(InstanceStateDecodingError) -> Timer {
        Timer(id: try string(), kind: try timerKind(), at: try instant(), scope: try int(), state: try string(),
              task: try optionalString(), step: try optionalInt())
    }

    fileprivate mutating func step() throws(InstanceStateDecodingError) -> PendingStep {
        PendingStep(key: try string(), scope: try int(), state: try string(), handler: try string(),
                    arguments: try value(depth: 0), attempt: try int())
    }
}
