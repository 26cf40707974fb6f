import StewardExpressions
import StewardTestSupport
import Testing
@testable import StewardCore

/// An admin hands an open task to other people.
@Suite("reassigning a task")
struct ReassignTests {
    static let review = """
    steward: 1
    id: review
    start: draft
    states:
      draft:
        type: task
        title: 起草
        assignee: { role: union-office }
        actions: { submit: review }
      review:
        type: task
        title: 审议
        assignee: { role: union-committee }
        quorum: all
        separate_from: [draft]
        actions:
          approve: done
          reject: draft
      done: { type: final }
    """

    @Test("the notices name people as the roster does: 李明, not li.ming")
    func noticesNamePeople() throws {
        var driver = try drive(Self.review)
        try driver.act("wang.fang", "submit", on: "draft")
        let id = try #require(driver.task("review")?.id)
        let effects = try driver.apply(.reassigned(task: id, people: ["li.ming"], roles: [], by: "li.ming", reason: "委员出差"))
        let bodies = effects.compactMap { effect -> String? in
            if case .notify(let notice) = effect { return notice.body }
            return nil
        }
        #expect(bodies == ["李明 转交：请办理「审议」（委员出差）", "「审议」已由 李明 改派 李明 办理，您无需再办理"])
    }

    @Test func theTaskGoesToTheNewPeopleTheVotesSoFarLapseAndTheyAreTold() throws {
        var driver = try drive(Self.review)
        try driver.act("li.ming", "submit", on: "draft")
        try driver.act("zhang.wei", "approve", on: "review")
        let id = try #require(driver.task("review")?.id)
        let effects = try driver.apply(.reassigned(task: id, people: ["sun.hong", "zhou.min"], roles: [], by: "sun.hong",
                                                   reason: "委员出差"))
        let task = try #require(driver.task("review"))
        #expect(task.assignees == ["sun.hong", "zhou.min"])
        #expect(task.roles.isEmpty)
        #expect(task.votes.isEmpty)
        #expect(effects == [
            .openTask(task),
            .notify(Notice(people: ["sun.hong", "zhou.min"], subject: "转办：审议", body: "sun.hong 转交：请办理「审议」（委员出差）",
                           reason: "reassigned", task: "i1.task2")),
            // The committee it was taken from is told.
            .notify(Notice(people: ["zhang.wei", "chen.jing", "zhao.lei"], subject: "已转办：审议",
                           body: "「审议」已由 sun.hong 改派 sun.hong、zhou.min 办理，您无需再办理", reason: "taken", task: "i1.task2")),
        ])
        #expect(driver.lastNotes.map(\.what) == ["reassigned to sun.hong, zhou.min by sun.hong: 委员出差"])
        // The old people may no longer act; the new ones decide (quorum all of two).
        #expect(throws: Refusal.self) { try driver.act("chen.jing", "approve", on: "review") }
        try driver.act("sun.hong", "approve", on: "review")
        try driver.act("zhou.min", "approve", on: "review")
        #expect(driver.state.status == .completed)
        #expect(try driver.replayed() == driver.state)
    }

    struct Refused: Sendable, CustomTestStringConvertible {
        let label: String
        let people: [String]
        let kind: Refusal.Kind
        var testDescription: String { label }
    }

    @Test("refused, changing nothing", arguments: [
        Refused(label: "nobody", people: [], kind: .notEligible),
        Refused(label: "someone not in the roster", people: ["nobody.here"], kind: .notEligible),
        Refused(label: "the drafter, barred by four-eyes", people: ["zhou.min", "li.ming"], kind: .fourEyes),
    ])
    func refused(_ c: Refused) throws {
        var driver = try drive(Self.review)
        try driver.act("li.ming", "submit", on: "draft")
        let id = try #require(driver.task("review")?.id)
        let before = driver.state
        let refusal = #expect(throws: Refusal.self) {
            try driver.apply(.reassigned(task: id, people: c.people, roles: [], by: "sun.hong", reason: "r"))
        }
        #expect(refusal?.kind == c.kind)
        #expect(driver.state == before)
    }

    @Test func aTaskAlreadyDecidedIsAConflict() throws {
        var driver = try drive(Self.review)
        let id = try #require(driver.task("draft")?.id)
        try driver.act("li.ming", "submit", on: "draft")
        let refusal = #expect(throws: Refusal.self) {
            try driver.apply(.reassigned(task: id, people: ["wang.fang"], roles: [], by: "sun.hong", reason: "r"))
        }
        #expect(refusal?.kind == .conflict)
    }
}
