import StewardModel
import StewardYAML
import Testing

/// How `validate` reads `secret: true` on a quorum and a workflow's `readers:`.
@Suite("secret ballot and readers findings")
struct SecretBallotAndReadersFindingsTests {
    static let roster = RosterLoader().load(YAMLSource(path: "roster.yaml", bytes: Array("""
        people: { d1: {}, d2: {}, d3: {}, worker: {} }
        roles: { congress: { members: [d1, d2, d3] }, union-office: { members: [d1] } }

        """.utf8))).roster

    func vote(_ quorum: String, extra: String = "", reject: String = "reject: { to: done }") -> String {
        """
        steward: 1
        id: vote
        start: vote
        states:
          vote:
            type: task
            assignee: { role: congress }
            quorum: \(quorum)
        \(extra)
            actions:
              approve: { to: done }
              \(reject)
          done: { type: final }

        """
    }

    @Test("secret: true is read into the quorum; secret: false and no key leave it open")
    func secretRead() throws {
        let secret = validate(vote("{ approve: 2/3, otherwise: reject, secret: true }"))
        #expect(!secret.hasErrors, "\(secret.diagnostics.map(\.message))")
        guard case .task(let spec)? = secret.workflow?.flow.states.first?.kind else { Issue.record("no task"); return }
        #expect(spec.quorum.secret)
        #expect(spec.quorum.description == "{ approve: 2/3, otherwise: reject, secret: true }")
        let open = validate(vote("{ approve: 2/3, otherwise: reject, secret: false }"))
        guard case .task(let openSpec)? = open.workflow?.flow.states.first?.kind else { Issue.record("no task"); return }
        #expect(!openSpec.quorum.secret)
    }

    @Test("secret must be true or false")
    func secretNotBoolean() {
        #expect(findings(validate(vote("{ approve: 2/3, otherwise: reject, secret: yes }"))) == ["wrong-type@8:56"])
    }

    @Test("a secret ballot with a form or a required comment is refused at the key")
    func secretKeepsNothingToTell() {
        let withForm = validate(vote("{ approve: 2/3, otherwise: reject, secret: true }",
                                     extra: "    form:\n          reason: { type: text }"))
        #expect(findings(withForm) == ["bad-quorum@10:11"])
        let withComment = validate(vote("{ approve: 2/3, otherwise: reject, secret: true }",
                                        reject: "reject: { to: done, require: [comment] }"))
        #expect(findings(withComment) == ["bad-quorum@12:37"])
        #expect(withComment.diagnostics.first?.message.contains("secret ballot takes no comment") == true)
    }

    static let request = """
        steward: 1
        id: request
        inputs:
          worker: { type: person, required: true }
        readers:
          - { role: union-office }
          - { person: "${{ inputs.worker }}" }
          - { person: d2 }
        start: triage
        states:
          triage:
            type: task
            assignee: { role: union-office }
            actions: { ok: done }
          done: { type: final }

        """

    @Test("readers are roles, people and expressions, checked against the roster")
    func readers() {
        let result = validate(Self.request, context: ValidationContext(roster: Self.roster))
        #expect(!result.hasErrors, "\(result.diagnostics.map(\.message))")
        #expect(result.workflow?.readers.count == 3)
        let wrong = Self.request.replacingOccurrences(of: "role: union-office }\n  - { person: \"", with: "role: union-ofice }\n  - { person: \"")
            .replacingOccurrences(of: "person: d2", with: "person: d9")
            .replacingOccurrences(of: "inputs.worker }}", with: "inputs.wroker }}")
        #expect(findings(validate(wrong, context: ValidationContext(roster: Self.roster)))
                    == ["unknown-role@6:13", "expr-unknown-member@7:27", "unknown-person@8:15"])
        #expect(findings(validate(Self.request.replacingOccurrences(of: "  - { person: d2 }", with: "  - d2"))) == ["wrong-type@8:5"])
    }
}
