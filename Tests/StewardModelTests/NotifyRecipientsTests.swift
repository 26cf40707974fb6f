import StewardModel
import StewardYAML
import Testing

/// `validate` with a roster checks the people and roles written out in a handler's `with:`
/// (`notify`'s `to`), as it does those of tasks.
@Suite("recipients in with:")
struct NotifyRecipientsTests {
    static let roster = RosterLoader().load(YAMLSource(path: "roster.yaml", bytes: Array("""
        people: { li.ming: { name: 李明 }, office: { name: 办公室 } }
        roles: { union-committee: { members: [li.ming] }, office: { members: [li.ming] } }

        """.utf8))).roster

    static func plan(to: String) -> String {
        """
        steward: 1
        id: plan
        start: tell
        states:
          tell:
            type: action
            uses: notify
            with:
              to: \(to)
              subject: 通知
            next: done
          done: { type: final }

        """
    }

    @Test("names the roster lacks are findings at their place, with the name meant", arguments: [
        ("[li.mign, { role: union-comittee }]", ["unknown-person@9:12", "unknown-role@9:29"],
         ["did you mean 'li.ming'?", "did you mean 'union-committee'?"]),
        ("{ person: [li.ming, zhang.wei] }", ["unknown-person@9:31"], [nil]),
        ("office", ["bad-value@9:11"], ["write { person: office } or { role: office }"]),
    ])
    func unknownNames(to: String, expected: [String], suggestions: [String?]) {
        #expect(findings(validate(Self.plan(to: to))).isEmpty, "without a roster nothing is checked")
        let result = validate(Self.plan(to: to), context: ValidationContext(roster: Self.roster))
        #expect(findings(result) == expected)
        #expect(result.diagnostics.map(\.suggestion) == suggestions)
    }

    @Test("people, roles, lists and expressions that fit pass")
    func fitting() {
        let to = "[li.ming, { role: union-committee }, { person: \"${{ inputs.who }}\" }]"
        let text = Self.plan(to: to).replacingOccurrences(of: "start: tell", with: "inputs: { who: { type: string } }\nstart: tell")
        #expect(findings(validate(text, context: ValidationContext(roster: Self.roster))).isEmpty)
    }

    @Test("a mapping that is neither { role: R } nor { person: P } is a handler-argument error, roster or not")
    func badShape() {
        let result = validate(Self.plan(to: "[{ group: union-committee }]"))
        #expect(findings(result) == ["handler-argument@9:11"])
        #expect(result.diagnostics.first?.message.contains("{ role: R } or { person: P }") == true)
    }
}
