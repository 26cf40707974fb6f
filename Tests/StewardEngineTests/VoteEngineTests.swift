import Foundation
import StewardCore
import StewardEngine
import StewardStore
import StewardTime
import Testing

/// A vote taken through the engine is decided by its threshold, recorded with its rules, and
/// replays to the same instance.
@Suite("votes through the engine")
struct VoteEngineTests {
    static let vote = """
        steward: 1
        id: vote
        start: vote
        states:
          vote:
            type: task
            assignee: { role: voters }
            quorum: { approve: 4, otherwise: reject }
            form:
              score: { type: integer }
            actions:
              approve: { to: passed }
              reject: { to: failed }
              abstain: { kind: abstain }
          passed: { type: final }
          failed: { type: final, outcome: rejected }

        """

    @Test("a threshold of 4 of 5 is rejected as soon as it is out of reach; the start records its rules; replay agrees")
    func thresholdThroughTheEngine() throws {
        let project = try TestProject(workflows: ["vote": Self.vote])
        defer { project.remove() }
        let now = Instant.at("2026-03-02T09:00:00+08:00")
        let engine = try project.engine(at: now)
        let started = try engine.start(workflow: "vote", inputs: [:], actor: ActorIdentity(person: "boss", account: "b", host: "h"))
        let ballots = [("ann", "approve"), ("bob", "abstain"), ("cat", "approve"), ("dan", "reject")]
        for (i, (person, action)) in ballots.enumerated() {
            _ = try engine.act(instance: started.id, action: action, state: nil, fields: ["score": "\(80 + i)"], comment: nil,
                               actor: ActorIdentity(person: person, account: person, host: "h"))
        }
        let ended = try engine.instance(started.id)
        #expect(ended.status == .rejected, "with one voter left, two approvals can never reach four")
        let late = #expect(throws: EngineError.self) {
            try engine.act(instance: started.id, action: "approve", state: nil, fields: [:], comment: nil,
                           actor: ActorIdentity(person: "eve", account: "eve", host: "h"))
        }
        #expect(late?.kind == .conflict)
        let votes = try #require(ended.scopes[0].records["vote"]?.votes)
        #expect(votes.map(\.person) == ["ann", "bob", "cat", "dan"])
        #expect(votes.map(\.action) == ["approve", "abstain", "approve", "reject"])
        #expect(votes.map { $0.form["score"] } == (80...83).map { .integer($0) }, "every voter's form is kept")

        let first = try #require(try project.readStore().entries(instance: started.id).first)
        #expect(first.event?.name == "started")
        #expect(first.details["rules"] as? Int == DecisionRules.thresholds.rawValue)
        let replay = try engine.replayAll()
        #expect(replay.checked == 1)
        #expect(replay.mismatches.isEmpty, "\(replay.mismatches)")
        #expect(try project.steward(["audit", "verify", "--replay"]).status == 0)
    }
}
