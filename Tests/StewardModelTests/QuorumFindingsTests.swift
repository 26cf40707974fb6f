import StewardModel
import StewardYAML
import Testing

/// How `validate` reads a quorum, and what it says about one that is wrong or can go unreached.
@Suite("quorum findings")
struct QuorumFindingsTests {
    func vote(_ quorum: String, actions: String = "approve: { to: done }\n      reject: { to: done }") -> String {
        """
        steward: 1
        id: vote
        inputs:
          quota: { type: integer, default: 3 }
          title: { type: string, default: 表决 }
        start: vote
        states:
          vote:
            type: task
            assignee: { role: congress }
            quorum: \(quorum)
            actions:
              \(actions)
          done: { type: final }

        """
    }

    static let roster = RosterLoader().load(YAMLSource(path: "roster.yaml", bytes: Array("""
        people: { d1: {}, d2: {}, d3: {}, d4: {}, d5: {} }
        roles: { congress: { members: [d1, d2, d3, d4, d5] } }

        """.utf8))).roster

    @Test("the forms an author can write", arguments: [
        "any", "all", "majority", "2/3", "66%", "3", "majority of votes cast", "2/3 of votes cast",
        "{ approve: 2/3, otherwise: reject }", "{ approve: majority of votes cast, otherwise: reject }",
        "{ approve: \"${{ inputs.quota }}\", otherwise: reject }",
    ])
    func accepted(_ quorum: String) {
        let result = validate(vote(quorum))
        #expect(!result.hasErrors, "\(result.diagnostics.map(\.message))")
    }

    @Test("a wrong threshold is bad-quorum at the value, with a hint", arguments: [
        ("\"2\"", "bad-quorum@11:13", "remove the quotes: 2"),
        ("'3'", "bad-quorum@11:13", "remove the quotes: 3"),
        ("majorty", "bad-quorum@11:13", "did you mean 'majority'?"),
        ("0", "bad-quorum@11:13", nil),
        ("3/2", "bad-quorum@11:13", nil),
        ("120%", "bad-quorum@11:13", nil),
        ("3 of votes cast", "bad-quorum@11:13", "write 3 alone"),
        ("{ approve: \"2\", otherwise: reject }", "bad-quorum@11:24", "remove the quotes: 2"),
    ])
    func refused(_ quorum: String, _ finding: String, _ suggestion: String?) {
        let result = validate(vote(quorum))
        #expect(findings(result) == [finding])
        #expect(result.diagnostics.first?.suggestion == suggestion)
    }

    @Test("the actions a quorum names must be the task's choosing actions")
    func unknownActions() {
        let result = validate(vote("{ aprove: 2/3, otherwise: rejct }"))
        #expect(findings(result) == ["unknown-quorum-action@11:15", "unknown-quorum-action@11:39"])
        #expect(result.diagnostics.map(\.suggestion) == ["did you mean 'approve'?", "did you mean 'reject'?"])
        let abstaining = validate(vote("{ approve: 2/3, otherwise: abstain }",
                                       actions: "approve: { to: done }\n      abstain: { kind: abstain }"))
        #expect(findings(abstaining) == ["unknown-quorum-action@11:40"])
        #expect(abstaining.diagnostics.first?.message.contains("an abstention, which decides nothing") == true)
        #expect(findings(validate(vote("{ approve: 2/3, reject: 1/3 }"))) == ["bad-quorum@11:29"])
        #expect(findings(validate(vote("{ otherwise: reject }"))) == ["missing-key@11:13"])
    }

    @Test("a rule that can go unreached without 'otherwise' is a warning naming what then decides")
    func fallbackWarning() {
        let result = validate(vote("majority"))
        #expect(findings(result) == ["quorum-otherwise@11:13"])
        #expect(!result.hasErrors)
        #expect(result.diagnostics.first?.message.contains("'reject' decides (the last action written)") == true)
        #expect(result.diagnostics.first?.suggestion == "quorum: { approve: majority, otherwise: reject }")
        // The first person's action always decides: nothing to warn about.
        #expect(findings(validate(vote("any"))).isEmpty)
        // Unless everyone may abstain.
        #expect(findings(validate(vote("any", actions: "approve: { to: done }\n      abstain: { kind: abstain }")))
            == ["quorum-otherwise@11:13"])
    }

    @Test("an abstention has no 'to'; any other kind is refused")
    func abstentions() {
        #expect(findings(validate(vote("{ approve: 2/3, otherwise: reject }",
                                       actions: "approve: { to: done }\n      reject: { to: done }\n      abstain: { kind: abstain, to: done }")))
            == ["unknown-key@15:33"])
        #expect(findings(validate(vote("any", actions: "approve: { to: done }\n      pass: { kind: skip }"))) == ["bad-value@14:21"])
    }

    @Test("with the roster, a number of people larger than the role is refused; a share is not")
    func tooLarge() {
        let context = ValidationContext(roster: Self.roster)
        let result = validate(vote("{ approve: 6, otherwise: reject }"), context: context)
        #expect(findings(result) == ["quorum-too-large@11:13"])
        #expect(result.diagnostics.first?.message == "the quorum of task 'vote' needs 6 people, but role 'congress' has 5 members")
        #expect(findings(validate(vote("{ approve: 5, otherwise: reject }"), context: context)).isEmpty)
        #expect(findings(validate(vote("{ approve: 2/3, otherwise: reject }"), context: context)).isEmpty)
    }

    @Test("an expression threshold must give a whole number")
    func expressionType() {
        #expect(findings(validate(vote("{ approve: \"${{ inputs.title }}\", otherwise: reject }"))) == ["wrong-type@11:24"])
    }
}
