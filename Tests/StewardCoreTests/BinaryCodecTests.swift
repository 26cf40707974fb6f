import Foundation
import StewardExpressions
import StewardModel
import StewardTestSupport
import StewardTime
import Testing
@testable import StewardCore
@testable import StewardEngine
import StewardStore

/// The binary form of `InstanceState`: exact round trips of states the core really builds,
/// and refusal (never a trap) of truncated, garbled and hostile bytes.
@Suite struct BinaryCodecTests {
    // MARK: scenarios

    /// A parallel state (a foreach of reports, a wait, a committee vote) inside a reject loop,
    /// then an inline `set` and a handler call with a timeout.
    static let mix = """
    steward: 1
    id: mix
    inputs:
      people: { type: list, items: { type: person } }
    start: draft
    states:
      draft:
        type: task
        title: 起草规划
        assignee: { role: union-office }
        due: 2h
        form:
          goals: { type: text, required: true }
        actions:
          submit: { to: fan }
      fan:
        type: parallel
        join: all
        branches:
          reports:
            start: collect
            states:
              collect:
                type: foreach
                items: ${{ inputs.people }}
                as: who
                do:
                  start: report
                  states:
                    report:
                      type: task
                      title: "报告：${{ who }}"
                      assignee: { person: "${{ who }}" }
                      due: 2 days
                      actions: { done: reported }
                    reported: { type: final }
                next: reports-done
              reports-done: { type: final }
          pause:
            start: hold
            states:
              hold:
                type: wait
                for: 1h
                next: held
              held: { type: final }
          review:
            start: vote
            states:
              vote:
                type: task
                title: 审议
                assignee: { role: union-committee }
                quorum: majority
                actions:
                  approve: { to: voted }
                  reject: { to: voted }
              voted: { type: final }
        next: decide
      decide:
        type: task
        assignee: { role: branch-secretary }
        actions:
          reject: { to: draft, require: [comment] }
          approve: { to: mark }
      mark:
        type: action
        uses: set
        with:
          summary: "${{ states.draft.form.goals }}"
          count: ${{ len(states.collect.results) }}
        next: archive
      archive:
        type: action
        uses: archive
        with:
          ledger: 党建台账
          files: [规划.pdf, "${{ vars.summary }}.zip"]
        timeout: 5m
        output: receipt
        next: done
      done: { type: final }
    """

    /// Drives `mix` twice round the loop; every state along the way is in the returned history.
    static func runMix() throws -> WorkflowDriver {
        var d = try drive(mix, inputs: ["people": ["zhou.min", "qian.li"]])
        for round in 1...2 {
            _ = d.clock.advance(minutes: 10)
            try d.act("li.ming", "submit", on: "draft", form: ["goals": .string("第\(round)稿 🚀 e\u{301}")])
            try d.act("zhou.min", "done", on: "report")
            try d.act("zhang.wei", "approve", on: "vote", form: [:], comment: "同意")
            try d.advance(milliseconds: 3_600_000)
            try d.act("chen.jing", round == 1 ? "reject" : "approve", on: "vote")
            if round == 1 { try d.act("zhao.lei", "reject", on: "vote") }
            try d.act("qian.li", "done", on: "report")
            if round == 1 {
                try d.act("sun.hong", "reject", on: "decide", comment: "请细化")
            } else {
                try d.act("sun.hong", "approve", on: "decide")
            }
        }
        try d.succeed("archive", output: ["receipt": "R-001", "pages": 12, "ok": true, "at": .datetime(d.clock.now)])
        return d
    }

    /// Every state each scenario went through: the mixed loop, the annotated plan with
    /// escalations, retried handler calls, a foreach, a quorum, a nested parallel and a child instance.
    static func scenarioStates() throws -> [InstanceState] {
        var states = try runMix().history.map(\.state)
        states += try ReplayAndDeterminismTests.runPlan().history.map(\.state)

        var filing = try drive(ActionStateTests.filing, inputs: ["year": 2025])
        try filing.fail("archive", kind: "io", message: "disk busy")
        try filing.advance(milliseconds: 60_000)
        try filing.succeed("archive", output: ["id": "档案-7", "size": -9_223_372_036_854_775_807])
        states += filing.history.map(\.state)

        var escalation = try drive(EscalationTests.review, calendar: chinaCalendar)
        try escalation.advance(to: at("2025-02-08T09:00:00+08:00"))
        states += escalation.history.map(\.state)

        var fan = try drive(ForeachTests.fanOut(), inputs: ["items": ForeachTests.items])
        try fan.act("zhou.min", "done", on: "report", form: ["summary": "完成"])
        states += fan.history.map(\.state)

        var nested = try drive(NestingTests.nested, inputs: ["people": ["zhou.min", "qian.li"]])
        try nested.act("zhou.min", "done", on: "report")
        try nested.act("sun.hong", "enough", on: "decide")
        try nested.act("li.ming", "repeat", on: "again")
        states += nested.history.map(\.state)

        var parent = try drive(SubworkflowAndFinalTests.parent, inputs: ["year": 2025])
        states += parent.history.map(\.state)
        let child = try WorkflowDriver(machine: machine(childWorkflow), clock: ManualClock(friday), id: "i1.child1",
                                       inputs: ["year": 2025, "branch": "机关工会"],
                                       parent: ParentLink(instance: "i1", scope: 0, state: "sub"))
        states += child.history.map(\.state)
        try parent.finishChild("sub", child: "i1.child1", outcome: .rejected, outputs: ["report": "未完成"])
        states.append(parent.state)
        return states
    }

    static let childWorkflow = """
    steward: 1
    id: annual-report
    inputs:
      year: { type: integer, required: true }
      branch: { type: string }
    start: write
    states:
      write:
        type: task
        assignee: { role: union-office }
        actions: { done: done }
      done: { type: final }
    """

    /// A state holding every kind of value, nested, with extremes of each.
    static let everyValue: InstanceState = {
        let values: [ExpressionValue] = [
            .null, .bool(true), .bool(false),
            .integer(0), .integer(1), .integer(-1), .integer(63), .integer(64), .integer(-64), .integer(-65),
            .integer(Int.max), .integer(Int.min), .integer(Int(Int32.max) + 1),
            .number(0), .number(-0.0), .number(1.5), .number(-2.25e-300), .number(.pi),
            .number(.greatestFiniteMagnitude), .number(-.greatestFiniteMagnitude), .number(.leastNonzeroMagnitude),
            .string(""), .string("中文：工会委员会审议"), .string("👨‍👩‍👧‍👦 e\u{301} é"), .string("nul\u{0}inside"),
            .string(String(repeating: "长", count: 400)),
            .date(CivilDate(iso: "0001-01-01")!), .date(CivilDate(iso: "9999-12-31")!), .date(CivilDate(iso: "2024-02-29")!),
            .datetime(Instant(millisecondsSinceEpoch: 0)), .datetime(Instant(millisecondsSinceEpoch: Int64.min)),
            .datetime(Instant(millisecondsSinceEpoch: Int64.max)), .datetime(friday),
            .list([]), .object([:]),
        ]
        let ordered: ExpressionObject = ["z": 1, "a": 2, "中": 3, "m": ["y": .null, "b": [1, ["k": "v"]]]]
        var state = InstanceState(id: "实例-1", workflowID: "wf", definitionHash: String(repeating: "ab", count: 32),
                                  inputs: ["all": .list(values), "ordered": .object(ordered)],
                                  startedAt: Instant(millisecondsSinceEpoch: -1))
        state.status = .failed
        state.vars = ordered
        state.outputs = ["deep": nested(200)]
        state.reason = "原因：handler failed"
        state.serial = Int.max
        state.parent = ParentLink(instance: "父", scope: Int.min, state: "sub")
        var record = StateRecord(form: ordered, action: "approve", actor: "李明", at: friday, output: .list(values),
                                 results: [.null, .object(ordered)], actors: ["a", "b", "a"])
        state.scopes = [
            Scope(index: 0, flow: 0, parent: nil, owner: nil, branch: nil, item: nil, itemIndex: nil,
                  current: Position(name: "fan", index: 3, since: friday, attempt: 1), status: nil,
                  records: ["fan": record, "空": StateRecord()], children: [1, 2]),
            Scope(index: 1, flow: 2, parent: 0, owner: "fan", branch: "b", item: .object(ordered), itemIndex: 0,
                  current: nil, status: .cancelled, records: [:], children: []),
        ]
        record.results = nil
        for (i, outcome) in Outcome.allCases.enumerated() {
            state.scopes.append(Scope(index: 2 + i, flow: 1, parent: 0, owner: "fan", branch: nil, item: .null,
                                      itemIndex: -i, current: nil, status: outcome, records: ["r": record],
                                      children: [Int.max, Int.min]))
        }
        state.tasks = [
            OpenTask(id: "t1", scope: 0, state: "review", title: "审议", assignees: ["zhang.wei", "陈静"], roles: ["委员会"],
                     openedAt: friday, dueAt: nil, votes: [
                         Vote(person: "zhang.wei", action: "approve", form: ["opinion": "同意"], comment: "好", at: friday),
                         Vote(person: "chen.jing", action: "reject", form: [:], comment: nil, at: friday),
                     ], overdue: true),
            OpenTask(id: "t2", scope: 1, state: "s", title: "", assignees: [], roles: [],
                     openedAt: Instant(millisecondsSinceEpoch: 0), dueAt: friday, votes: [], overdue: false),
            // A secret ballot's task: who voted, and the sealed choices apart from them.
            OpenTask(id: "t3", scope: 0, state: "vote", title: "表决", assignees: ["a", "b"], roles: [],
                     openedAt: friday, dueAt: nil, votes: [Vote(person: "a", action: "", form: [:], comment: nil, at: friday)],
                     overdue: false, ballots: ["adopt", "fail"]),
        ]
        let kinds: [StewardCore.Timer.Kind] = [.due, .reminder, .escalation, .wait, .retry, .timeout]
        state.timers = kinds.enumerated().map { i, kind in
            StewardCore.Timer(id: "timer\(i)", kind: kind, at: friday.adding(milliseconds: Int64(i)), scope: i,
                              state: "s\(i)", task: i.isMultiple(of: 2) ? "t1" : nil, step: i.isMultiple(of: 3) ? i : nil)
        }
        state.steps = [
            PendingStep(key: "i1/archive/0/1/1", scope: 0, state: "archive", handler: "archive",
                        arguments: .object(ordered), attempt: 1),
            PendingStep(key: "k", scope: 3, state: "x", handler: "http", arguments: .null, attempt: Int.max),
        ]
        return state
    }()

    static func nested(_ depth: Int) -> ExpressionValue {
        var value: ExpressionValue = "底"
        for i in 0..<depth { value = i.isMultiple(of: 2) ? .list([value]) : .object(["k": value]) }
        return value
    }

    static func decode(_ bytes: some Collection<UInt8>) -> Result<InstanceState, InstanceStateDecodingError> {
        Result { () throws(InstanceStateDecodingError) in try InstanceState(binary: bytes) }
    }

    // MARK: round trips

    @Test func statesFromRealWorkflowsRoundTrip() throws {
        let states = try Self.scenarioStates()
        // The scenarios really reached what the format has to carry.
        #expect(states.count > 50)
        #expect(states.contains { $0.tasks.contains { !$0.votes.isEmpty } })
        #expect(states.contains { $0.tasks.contains(where: \.overdue) })
        #expect(states.contains { !$0.steps.isEmpty })
        #expect(states.contains { $0.parent != nil })
        #expect(states.contains { $0.scopes.contains { $0.item != nil } })
        #expect(states.contains { $0.scopes.contains { $0.records.values.contains { $0.results != nil } } })
        #expect(states.contains { $0.scopes.contains { $0.current?.attempt ?? 0 > 1 } })
        #expect(Set(states.flatMap { $0.timers.map(\.kind) }) == [.due, .reminder, .escalation, .wait, .retry, .timeout])
        #expect(Set(states.map(\.status)) == [.running, .completed, .rejected])
        for (n, state) in states.enumerated() {
            let bytes = state.binaryEncoded()
            #expect(bytes.starts(with: [0x53, 0x54, 0x57, InstanceState.binaryVersion]))
            #expect(InstanceState.isBinary(bytes))
            #expect(try InstanceState(binary: bytes) == state, "state \(n)")
            // Other collections of bytes read the same.
            #expect(try InstanceState(binary: Data(bytes)) == state, "state \(n) from Data")
            #expect(try InstanceState(binary: ([0xFF] + bytes).dropFirst()) == state, "state \(n) from a slice")
        }
    }

    @Test func theMixedLoopEndsAsExpected() throws {
        let d = try Self.runMix()
        #expect(d.state.status == .completed)
        #expect(d.state.vars["summary"] == "第2稿 🚀 e\u{301}")
        let stored = try InstanceState(binary: d.state.binaryEncoded())
        #expect(stored == d.state)
        // The stored state goes on exactly like the one in memory.
        #expect(try d.replayed() == stored)
    }

    @Test func everyValueKindAndExtremeRoundTrips() throws {
        let state = Self.everyValue
        let bytes = state.binaryEncoded()
        let decoded = try InstanceState(binary: bytes)
        #expect(decoded == state)
        // Key order is kept, text byte for byte (== on String would accept another normalization),
        // and -0.0 keeps its sign.
        #expect(decoded.vars.keys == ["z", "a", "中", "m"])
        guard case .object(let m)? = decoded.vars["m"] else { Issue.record("m is not an object"); return }
        #expect(m.keys == ["y", "b"])
        guard case .list(let all)? = decoded.inputs["all"], case .list(let original)? = state.inputs["all"] else {
            Issue.record("all is not a list")
            return
        }
        for (a, b) in zip(all, original) {
            switch (a, b) {
            case (.string(let x), .string(let y)): #expect(Array(x.utf8) == Array(y.utf8))
            case (.number(let x), .number(let y)): #expect(x.bitPattern == y.bitPattern)
            default: #expect(a == b)
            }
        }
        // Long text (a length of three varint bytes).
        var long = state
        long.reason = String(repeating: "长", count: 30_000)
        #expect(try InstanceState(binary: long.binaryEncoded()) == long)
        // The codec is cheaper in space than the JSON form too.
        #expect(bytes.count < (try JSONEncoder().encode(state)).count)
    }

    @Test func nestingUpToTheLimitIsReadAndDeeperIsRefused() throws {
        var state = InstanceState(id: "i", workflowID: "w", definitionHash: "h", inputs: [:], startedAt: friday)
        // inputs is an object of its own; a value inside it may nest 256 lists or objects.
        state.inputs = ["x": Self.nested(BinaryReader.maximumDepth)]
        #expect(try InstanceState(binary: state.binaryEncoded()) == state)
        state.inputs = ["x": Self.nested(BinaryReader.maximumDepth + 1)]
        let error = #expect(throws: InstanceStateDecodingError.self) { try InstanceState(binary: state.binaryEncoded()) }
        #expect(error?.kind == .tooDeep)

        // A hostile blob of 100,000 nested lists is refused, without recursing that deep.
        var bytes: [UInt8] = [0x53, 0x54, 0x57, 1, 0, 0, 0, 0, 1, 1, UInt8(ascii: "x")]
        for _ in 0..<100_000 { bytes += [8, 1] }
        bytes.append(0)
        #expect(Self.decode(bytes).failure?.kind == .tooDeep)
    }

    // MARK: refusals

    @Test func everyTruncationIsRefused() throws {
        let blobs = [Self.everyValue.binaryEncoded(), try Self.runMix().state.binaryEncoded()]
        for bytes in blobs {
            for length in 0..<bytes.count {
                let result = Self.decode(bytes[..<length])
                #expect(result.failure?.kind == .truncated, "length \(length) of \(bytes.count): \(result)")
            }
        }
    }

    @Test func headerVersionAndTrailingBytesAreChecked() throws {
        let bytes = try Self.runMix().state.binaryEncoded()
        #expect(Self.decode(bytes + [0]).failure?.kind == .trailingBytes)
        var future = bytes
        future[3] = 5
        #expect(Self.decode(future).failure?.kind == .unsupportedVersion(5))
        #expect(Self.decode(Array("STX\u{1}".utf8) + bytes.dropFirst(4)).failure?.kind == .notBinary)
        let json = Array(try JSONEncoder().encode(Self.everyValue))
        #expect(Self.decode(json).failure?.kind == .notBinary)
        #expect(!InstanceState.isBinary(json))
        let error = Self.decode(future).failure
        #expect(error?.description == "binary state format version 5 is not supported (only 1 to 4) (at byte 3)")
    }

    /// Rows written before votes and decision rules were kept (version 1) read as started under
    /// the most-chosen rules, so their votes count as they did.
    @Test func versionOneIsStillRead() throws {
        var state = InstanceState(id: "i", workflowID: "w", definitionHash: "h", inputs: ["k": .string("值")], startedAt: friday,
                                  rules: nil)
        state.serial = 3
        let current = state.binaryEncoded()
        #expect(current.last == 0, "no rules recorded")
        let old = [0x53, 0x54, 0x57, 1] + current[4..<(current.count - 1)]
        let read = try InstanceState(binary: old)
        #expect(read == state)
        #expect(read.rules == .mostChosen)
        state.decisionRules = .thresholds
        #expect(try InstanceState(binary: state.binaryEncoded()).rules == .thresholds)
        var unknown = state.binaryEncoded()
        unknown[unknown.count - 1] = 9
        #expect(Self.decode(unknown).failure?.kind == .malformed)
    }

    /// Rows written before each position kept its visit (version 2) read with the visit that
    /// replaying the trail gives: a first attempt's call serial.
    @Test func versionTwoIsReadWithoutVisits() throws {
        var state = try drive(ActionStateTests.filing, inputs: ["year": 2025]).state
        state.scopes[0].current?.visit = 0
        let position = try #require(state.scopes[0].current)
        let before = state
        let unvisited = state.binaryEncoded()
        state.scopes[0].current?.visit = 5
        let visited = state.binaryEncoded()
        // The only byte that differs is the visit; version 2 has no such byte.
        let differing = try #require(zip(unvisited, visited).enumerated().first { $0.element.0 != $0.element.1 }?.offset)
        var old = unvisited
        old.remove(at: differing)
        old[3] = 2
        let read = try InstanceState(binary: old)
        // The filing's first call (serial 1) waits: its visit is that serial, as replay gives it.
        #expect(read.scopes[0].current?.visit == 1)
        #expect(read.scopes[0].current?.name == position.name)
        var replayed = before
        replayed.scopes[0].current?.visit = 1
        #expect(read == replayed)
        #expect(try InstanceState(binary: visited).scopes[0].current?.visit == 5)
    }

    @Test func malformedFieldsAreRefusedWithTheirKind() throws {
        var state = InstanceState(id: "i", workflowID: "w", definitionHash: "h", inputs: ["k": .null], startedAt: friday)
        state.serial = 1
        let bytes = state.binaryEncoded()
        // STW 1 | 1 i | 1 w | 1 h | status | inputs: 1 field, 1 k, tag ...
        let tag = 4 + 2 + 2 + 2 + 1 + 1 + 2
        #expect(bytes[tag] == 0)
        func replacing(_ index: Int, with new: [UInt8]) -> [UInt8] {
            var b = bytes
            b.replaceSubrange(index...index, with: new)
            return b
        }
        #expect(Self.decode(replacing(tag, with: [42])).failure?.kind == .malformed)  // unknown value tag
        #expect(Self.decode(replacing(tag, with: [6, 4, 4, 62])).failure?.kind == .malformed)  // 0002-02-31
        #expect(Self.decode(replacing(tag, with: [5, 2, 0xC3, 0x28])).failure?.kind == .malformed)  // bad UTF-8
        #expect(Self.decode(replacing(tag, with: [3] + Array(repeating: 0xFF, count: 9) + [0x02])).failure?.kind == .malformed)
        #expect(Self.decode(replacing(tag - 4, with: [9])).failure?.kind == .malformed)  // status 9
        // A repeated field name.
        var twice = Array(bytes[..<(tag - 3)])
        twice += [2, 1, UInt8(ascii: "k"), 0, 1, UInt8(ascii: "k"), 0]
        twice += bytes[(tag + 1)...]
        #expect(Self.decode(twice).failure?.kind == .malformed)
        // A count larger than what is left.
        #expect(Self.decode(replacing(tag - 3, with: [0xFF, 0xFF, 0xFF, 0x0F])).failure?.kind == .truncated)
    }

    @Test func randomGarbageNeverTraps() throws {
        var random = SeededGenerator(seed: 0x5354_5731)
        let valid = [Self.everyValue.binaryEncoded(), try Self.runMix().state.binaryEncoded()]
        var decodedCount = 0
        for round in 0..<6_000 {
            var bytes: [UInt8]
            switch round % 3 {
            case 0:
                // Random bytes after a valid header.
                bytes = [0x53, 0x54, 0x57, 1]
                bytes += (0..<Int.random(in: 0..<300, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            case 1:
                // A valid blob with a few bytes changed.
                bytes = valid[round % 2]
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    bytes[Int.random(in: 4..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
            default:
                // A valid blob cut short and followed by random bytes.
                let source = valid[round % 2]
                bytes = Array(source[..<Int.random(in: 4..<source.count, using: &random)])
                bytes += (0..<Int.random(in: 1..<64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            }
            if case .success = Self.decode(bytes) { decodedCount += 1 }
        }
        // Some mutations hit bytes that can take any value (text, numbers); most are refused.
        #expect(decodedCount < 4_000)
    }

    // MARK: the engine's stored form

    @Test func theEngineStoresBinaryAndStillReadsTheOldJSON() throws {
        let state = try Self.runMix().state
        func row(_ bytes: [UInt8]) -> InstanceRow {
            InstanceRow(id: state.id, workflowID: state.workflowID, definitionHash: state.definitionHash,
                        status: .completed, state: bytes, version: 1, createdAt: 0, updatedAt: 0)
        }
        let stored = try Engine.encode(state)
        #expect(InstanceState.isBinary(stored))
        #expect(try Engine.decode(row(stored)) == state)
        // A row written before the binary form.
        let json = Array(try JSONEncoder().encode(state))
        #expect(json.first == UInt8(ascii: "{"))
        #expect(try Engine.decode(row(json)) == state)
        // Damage in either form is an EngineError, not a trap.
        let damaged = #expect(throws: EngineError.self) { try Engine.decode(row(Array(stored.dropLast()))) }
        #expect(damaged?.message.hasPrefix("instance i1 cannot be read: its stored state is damaged") == true)
        #expect(throws: EngineError.self) { try Engine.decode(row(Array(json.dropLast()))) }
        #expect(throws: EngineError.self) { try Engine.decode(row([])) }
    }
}


extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
