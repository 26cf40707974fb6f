import Foundation
import StewardCore
import StewardEngine
import StewardExpressions
import StewardStore
import StewardTime
import Testing

/// The shipped 职工代表大会决议 workflow end to end, with its secret ballot: the trail keeps who
/// voted and the tally, never a choice; status shows who voted, not how; replay agrees.
@Suite("member-congress-decision")
struct MemberCongressDecisionTests {
    typealias P = ShippedProject
    static let delegates = ["chen.jing", "liu.yang", "zhou.min", "wu.qiang", "huang.li"]

    /// Proposal, a rejection by the committee, the proposal again, then approval: the vote opens.
    func toTheVote(_ engine: Engine, secret: Bool) throws -> String {
        let id = try engine.start(workflow: "member-congress-decision",
                                  inputs: ["topic": "年休假安排", "secret": secret ? "true" : "false"], actor: P.person("li.ming")).id
        _ = try engine.act(instance: id, action: "submit", state: nil, fields: ["motion": "每人年休假增加一天"], comment: nil,
                           actor: P.person("li.ming"))
        for member in ["zhang.wei", "chen.jing"] {
            _ = try engine.act(instance: id, action: "reject", state: nil, fields: [:], comment: "请补充依据", actor: P.person(member))
        }
        #expect(try engine.instance(id).currentStates == ["proposal"], "two of three reject: back to the proposal")
        _ = try engine.act(instance: id, action: "submit", state: nil, fields: ["motion": "每人年休假增加一天，依据见附件"],
                           comment: nil, actor: P.person("li.ming"))
        for member in ["zhang.wei", "zhao.lei"] {
            _ = try engine.act(instance: id, action: "approve", state: nil, fields: [:], comment: nil, actor: P.person(member))
        }
        return id
    }

    @Test("a secret ballot: counted when all have voted, the trail without choices, the resolution published")
    func secretBallot() throws {
        let project = try P.make("member-congress-decision")
        defer { project.remove() }
        let now = Instant.at("2026-03-02T09:00:00+08:00")
        let engine = try project.engine(at: now)
        let id = try toTheVote(engine, secret: true)
        #expect(try engine.instance(id).currentStates == ["secret-vote"])
        let choices = ["adopt", "fail", "adopt", "adopt"]
        for (person, choice) in zip(Self.delegates, choices) {
            _ = try engine.act(instance: id, action: choice, state: nil, fields: [:], comment: nil, actor: P.person(person))
        }
        // Four of five voted, three for: 2/3 of five needs four, and nothing is counted yet.
        let open = try engine.instance(id)
        #expect(open.currentStates == ["secret-vote"])
        #expect(open.tasks[0].voters == Array(Self.delegates.prefix(4)))
        #expect(open.tasks[0].votes.allSatisfy { $0.action.isEmpty }, "the task keeps who voted, not how")
        #expect(try engine.inbox(TaskFilter(person: "chen.jing"), limit: 10).items.isEmpty, "a voter's inbox no longer has it")
        #expect(try engine.inbox(TaskFilter(person: "huang.li"), limit: 10).items.count == 1)
        #expect(try engine.replayAll().mismatches.isEmpty, "replay mid-vote, without the sealed ballots, agrees")
        let shown = try project.steward(["status", id], now: now)
        #expect(shown.stdout.contains("chen.jing: 已投票") || shown.stdout.contains("陈静"))
        #expect(!shown.stdout.contains("adopt") && !shown.stdout.contains(": fail"))
        // A second vote is refused, and its refusal does not tell the choice either.
        #expect(throws: EngineError.self) {
            try engine.act(instance: id, action: "fail", state: nil, fields: [:], comment: nil, actor: P.person("chen.jing"))
        }
        // A comment would tell the choice: refused.
        let commented = #expect(throws: EngineError.self) {
            try engine.act(instance: id, action: "adopt", state: nil, fields: [:], comment: "我赞成", actor: P.person("huang.li"))
        }
        #expect(commented?.reason == "invalid-form")
        _ = try engine.act(instance: id, action: "adopt", state: nil, fields: [:], comment: nil, actor: P.person("huang.li"))
        _ = try engine.tick()
        let ended = try engine.instance(id)
        #expect(ended.status == .completed)
        let record = try #require(ended.scopes[0].records["secret-vote"])
        #expect(record.action == "adopt")
        #expect(record.actor == nil)
        #expect(record.output == .object(["adopt": .integer(4), "fail": .integer(1), "abstain": .integer(0)]))
        // `states.secret-vote.votes`: who voted and when, nothing else.
        guard case .object(let fields) = record.value, case .list(let votes)? = fields["votes"] else {
            Issue.record("no votes in \(record.value)")
            return
        }
        #expect(votes.count == 5)
        for case .object(let vote) in votes { #expect(vote.entries.map(\.key).sorted() == ["at", "person"]) }

        let entries = try project.readStore().entries(instance: id)
        let ballots = entries.filter { $0.event?.name == "ballotCast" }
        #expect(ballots.count == 5 + 2, "five votes and the two refused attempts, each without a choice")
        for entry in entries where entry.event?.name == "ballotCast" || entry.refusal != nil {
            #expect(!entry.entry.details.contains("\"action\":\"adopt\"") && !entry.entry.details.contains("\"action\":\"fail\""),
                    "\(entry.entry.details)")
            #expect(!entry.entry.details.contains("我赞成"))
        }
        let counted = try #require(ballots.last { $0.refusal == nil })
        #expect(counted.entry.event == "acted")
        // Values in the trail are typed: ["i",4] is the whole number 4.
        #expect(counted.event?.fields["tally"] != nil)
        #expect(counted.entry.details.contains(#"["adopt",["i",4]],["fail",["i",1]],["abstain",["i",0]]"#))
        #expect(!entries.contains { $0.entry.details.contains("chose 'adopt'") || $0.entry.details.contains("chose 'fail'") })
        let documents = try FileManager.default.contentsOfDirectory(atPath: project.root.appendingPathComponent("documents/\(id)").path)
        #expect(documents == ["职工代表大会决议-年休假安排.md"])
        #expect(try engine.replayAll().mismatches.isEmpty)
        #expect(try project.steward(["audit", "verify", "--replay"], now: now).status == 0)
    }

    @Test("an open vote decides as soon as two thirds are reached; reminders skip who voted; a missed deadline tells the office")
    func openVote() throws {
        let project = try P.make("member-congress-decision")
        defer { project.remove() }
        var engine = try project.engine(at: Instant.at("2026-03-02T09:00:00+08:00"))
        let id = try toTheVote(engine, secret: false)
        #expect(try engine.instance(id).currentStates == ["open-vote"])
        for person in Self.delegates.prefix(2) {
            _ = try engine.act(instance: id, action: "adopt", state: nil, fields: [:], comment: nil, actor: P.person(person))
        }
        // Three working days from Monday 09:00 is Thursday 09:00; the reminder a working day before.
        engine = try project.engine(at: Instant.at("2026-03-04T10:00:00+08:00"))
        _ = try engine.tick()
        #expect(try P.notices(engine, to: "chen.jing").allSatisfy { $0.reason != "reminder" }, "who voted is not reminded")
        #expect(try P.notices(engine, to: "wu.qiang").contains { $0.reason == "reminder" })
        engine = try project.engine(at: Instant.at("2026-03-05T10:00:00+08:00"))
        _ = try engine.tick()
        #expect(try P.notices(engine, to: "li.ming").contains { $0.reason == "escalation" })
        for person in Self.delegates.dropFirst(2).prefix(2) {
            _ = try engine.act(instance: id, action: "adopt", state: nil, fields: [:], comment: nil, actor: P.person(person))
        }
        #expect(try engine.instance(id).currentStates != ["open-vote"], "four of five adopt: decided without the fifth")
        let votes = try #require(try engine.instance(id).scopes[0].records["open-vote"]?.votes)
        #expect(votes.map(\.action) == ["adopt", "adopt", "adopt", "adopt"], "an open vote keeps each choice")
    }
}
