@testable import StewardModel
import Testing

/// "Did you mean …?" for misspelt keys, states, roles and handlers.
@Suite("suggestions")
struct SuggestionTests {
    @Test("close misspellings are found", arguments: [
        ("asignee", "assignee"), ("reveiw", "review"), ("taks", "task"), ("majorty", "majority"),
        ("notfy", "notify"), ("union-comittee", "union-committee"), ("lable", "label"), ("Title", "title"),
    ])
    func found(_ word: String, _ expected: String) {
        let candidates = ["assignee", "review", "task", "majority", "notify", "union-committee", "label", "title", "all"]
        #expect(Suggestions.closest(to: word, in: candidates) == expected)
        #expect(Suggestions.didYouMean(word, in: candidates) == "did you mean '\(expected)'?")
    }

    @Test("far-off words get no suggestion")
    func notFound() {
        #expect(Suggestions.closest(to: "liu.yang", in: ["li.ming", "zhang.wei"]) == nil)
        #expect(Suggestions.closest(to: "审批", in: StateKind.typeNames) == nil)
        #expect(Suggestions.closest(to: "xyz", in: ["any", "all"]) == nil)
        #expect(Suggestions.didYouMean("anything", in: []) == nil)
    }

    @Test("the nearest candidate wins")
    func nearest() {
        #expect(Suggestions.closest(to: "revew", in: ["reviews", "review"]) == "review")
    }

    @Test("edit distance counts a swap of neighbours as one edit")
    func distance() {
        #expect(Suggestions.distance("review", "reveiw") == 1)
        #expect(Suggestions.distance("", "abc") == 3)
        #expect(Suggestions.distance("kitten", "sitting") == 3)
        #expect(Suggestions.distance("起草规划", "起草计划") == 1)
    }

    @Test("the validator offers them in its findings")
    func inFindings() {
        let result = validate("""
            steward: 1
            id: plan
            start: draft
            states:
              draft:
                type: taks
                assignee: { role: union-office }
                actions: { submit: done }
              done: { type: final }

            """)
        #expect(result.diagnostics.map(\.suggestion) == ["did you mean 'task'?"])
    }
}
