import StewardModel
import StewardPlugins
import StewardYAML
import Testing

/// `validate` checks `with:` against the contract of the handler `uses:` names, built-in or
/// plug-in alike, from the contract alone.
@Suite("handler contract findings")
struct HandlerContractFindingsTests {
    /// A plug-in's contract as its manifest would declare it.
    static let sign = HandlerContract(
        name: "sign", version: "1.2.0", summary: "signs a document", tier: .process,
        inputs: [HandlerInput("document", .text, required: true), HandlerInput("copies", .integer),
                 HandlerInput("urgent", .boolean), HandlerInput("by", .date), HandlerInput("within", .duration),
                 HandlerInput("signers", .list), HandlerInput("token", .text, secret: true)],
        errors: ["seal-missing"], idempotent: false)

    static var context: ValidationContext {
        var registry = HandlerRegistry.builtIn
        registry.declare(sign)
        return ValidationContext(handlers: registry)
    }

    func call(_ with: String) -> String {
        """
        steward: 1
        id: signing
        inputs:
          year: { type: integer, default: 2026 }
          title: { type: string, default: 规划 }
        start: sign
        states:
          sign:
            type: action
            uses: sign
            with: \(with)
            next: done
          done: { type: final }

        """
    }

    @Test("values that fit the contract are accepted", arguments: [
        "{ document: 规划.pdf }",
        "{ document: 规划.pdf, copies: 3, urgent: true, by: 2026-03-01, within: 2 working days }",
        "{ document: \"${{ inputs.title }}.pdf\", copies: \"${{ inputs.year }}\" }",
        "{ document: 规划.pdf, signers: [li.ming, wang.fang] }",
    ])
    func accepted(_ with: String) {
        let result = validate(call(with), context: Self.context)
        #expect(!result.hasErrors, "\(result.diagnostics.map(\.message))")
    }

    @Test("a value of the wrong type is named with the type the input takes", arguments: [
        ("{ document: a.pdf, copies: three }", "handler-argument@11:38", "takes a whole number"),
        ("{ document: a.pdf, urgent: yes-please }", "handler-argument@11:38", "takes true or false"),
        ("{ document: a.pdf, by: 2026-02-31 }", "handler-argument@11:34", "takes a date"),
        ("{ document: a.pdf, within: soon }", "handler-argument@11:38", "takes a duration"),
        ("{ document: a.pdf, signers: li.ming }", "handler-argument@11:39", "takes a list"),
        ("{ document: [a.pdf] }", "handler-argument@11:23", "takes text"),
        ("{ document: a.pdf, copies: \"${{ inputs.title }}\" }", "wrong-type@11:38", "must give a whole number"),
    ])
    func wrongType(_ with: String, _ finding: String, _ words: String) {
        let result = validate(call(with), context: Self.context)
        #expect(findings(result) == [finding], "\(result.diagnostics.map(\.message))")
        #expect(result.diagnostics.first?.message.contains(words) == true, "\(result.diagnostics.map(\.message))")
    }

    @Test("an unknown input gets a did-you-mean, a missing required one is named")
    func unknownAndMissing() {
        let unknown = validate(call("{ document: a.pdf, copys: 2 }"), context: Self.context)
        #expect(findings(unknown) == ["handler-argument@11:30"])
        #expect(unknown.diagnostics.first?.suggestion == "did you mean 'copies'?")
        let missing = validate(call("{ copies: 2 }"), context: Self.context)
        #expect(findings(missing) == ["handler-argument@10:11"])
        #expect(missing.diagnostics.first?.message.contains("needs the argument 'document'") == true)
    }

    @Test("a handler nobody installed is unknown, with the installed ones listed")
    func unknownHandler() {
        let result = validate(call("{ document: a.pdf }"))
        #expect(findings(result) == ["unknown-handler@10:11"])
    }
}
