import StewardModel
import Testing

/// Scalars are typed by the field they fill (YAML 1.2 core rules), never by YAML 1.1.
@Suite("typing by schema")
struct SchemaTypingTests {
    /// The default of the first input after validating `inputs`.
    func defaultValue(_ line: String) -> FieldValue? {
        let result = validate(workflow(inputs: [line]))
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        return result.workflow?.inputs.first?.defaultValue
    }

    @Test("text fields keep what was written", arguments: [
        ("no", "no"), ("yes", "yes"), ("on", "on"), ("1.10", "1.10"), ("0123", "0123"), ("1e3", "1e3"),
        ("2026-07-01", "2026-07-01"), ("true", "true"), ("0o17", "0o17"), ("\"0123\"", "0123"), ("机关工会", "机关工会"),
    ])
    func textStaysAsWritten(_ written: String, _ kept: String) {
        #expect(defaultValue("  country: { type: string, default: \(written) }") == .string(kept))
        #expect(defaultValue("  note: { type: text, default: \(written) }") == .string(kept))
    }

    @Test("enum values are text too: `no` and `1.10` match as written")
    func enumValues() {
        #expect(defaultValue("  answer: { type: enum, values: [yes, no, 1.10], default: no }") == .string("no"))
        #expect(defaultValue("  answer: { type: enum, values: [yes, no, 1.10], default: 1.10 }") == .string("1.10"))
    }

    @Test("whole numbers, numbers and booleans")
    func typedValues() {
        #expect(defaultValue("  count: { type: integer, default: 12 }") == .integer(12))
        #expect(defaultValue("  count: { type: integer, default: -3 }") == .integer(-3))
        #expect(defaultValue("  count: { type: integer, default: 0 }") == .integer(0))
        #expect(defaultValue("  ratio: { type: number, default: 1.10 }") == .number(1.1))
        #expect(defaultValue("  ratio: { type: number, default: 2 }") == .number(2))
        #expect(defaultValue("  flag: { type: boolean, default: false }") == .boolean(false))
        #expect(defaultValue("  day: { type: date, default: 2026-07-01 }") == .string("2026-07-01"))
        #expect(defaultValue("  topics: { type: list, items: { type: string }, default: [no, 1.10] }")
            == .list([.string("no"), .string("1.10")]))
    }

    /// The one finding of a workflow whose single input is `line` (written on line 4).
    func finding(_ line: String) -> (code: String, line: Int?, column: Int?, message: String, suggestion: String?)? {
        let result = validate(workflow(inputs: [line]))
        #expect(result.diagnostics.count == 1, "\(result.diagnostics)")
        #expect(result.compiled == nil)
        return result.diagnostics.first.map { ($0.code, $0.location?.line, $0.location?.column, $0.message, $0.suggestion) }
    }

    @Test("a fraction in a whole-number field is an error at the value")
    func integerFraction() throws {
        let f = try #require(finding("  count: { type: integer, default: 1.5 }"))
        #expect(f.code == "wrong-type")
        #expect(f.line == 4 && f.column == 36)
        #expect(f.message == "'default' of field 'count' must be a whole number; '1.5' has a fraction")
    }

    @Test("a leading zero in a whole-number field is refused with both readings offered")
    func integerLeadingZero() throws {
        let f = try #require(finding("  code: { type: integer, default: 0123 }"))
        #expect(f.code == "wrong-type")
        #expect(f.line == 4 && f.column == 35)
        #expect(f.suggestion == "write 123, or quote it if it is a code rather than a number")
    }

    @Test("a quoted number in a whole-number field: remove the quotes")
    func integerQuoted() throws {
        let f = try #require(finding("  count: { type: integer, default: \"25\" }"))
        #expect(f.code == "wrong-type")
        #expect(f.line == 4 && f.column == 36)
        #expect(f.suggestion == "remove the quotes: 25")
    }

    @Test("`yes` in a boolean field: write true", arguments: [("yes", "write true"), ("no", "write false"),
                                                             ("on", "write true"), ("是", "write true")])
    func booleanWords(_ written: String, _ hint: String) throws {
        let f = try #require(finding("  flag: { type: boolean, default: \(written) }"))
        #expect(f.code == "wrong-type")
        #expect(f.line == 4 && f.column == 35)
        #expect(f.message == "'default' of field 'flag' must be true or false; got '\(written)'")
        #expect(f.suggestion == hint)
    }

    @Test("text in a number field")
    func numberText() throws {
        let f = try #require(finding("  budget: { type: number, default: 三千 }"))
        #expect(f.code == "wrong-type")
        #expect(f.line == 4 && f.column == 36)
    }

    @Test("dates: a wrong format and a day that does not exist")
    func dates() throws {
        let format = try #require(finding("  day: { type: date, default: 2026/07/01 }"))
        #expect(format.code == "bad-date")
        #expect(format.line == 4 && format.column == 31)
        #expect(format.message.contains("YYYY-MM-DD"))
        let day = try #require(finding("  day: { type: date, default: 2026-02-30 }"))
        #expect(day.code == "bad-date")
        #expect(day.message.contains("not a real date"))
    }

    @Test("an enum value not in 'values', with a did-you-mean")
    func enumValue() throws {
        let f = try #require(finding("  channel: { type: enum, values: [email, sms], default: emial }"))
        #expect(f.code == "bad-value")
        #expect(f.line == 4 && f.column == 57)
        #expect(f.suggestion == "did you mean 'email'?")
    }

    @Test("a minimum, a pattern and a regular expression that does not compile")
    func limits() throws {
        let low = try #require(finding("  year: { type: integer, min: 2000, default: 1999 }"))
        #expect(low.code == "bad-value")
        #expect(low.message == "'default' of field 'year' must be at least 2000; got 1999")
        let mismatch = try #require(finding("  phone: { type: string, pattern: \"1[0-9]{10}\", default: \"12\" }"))
        #expect(mismatch.code == "bad-value")
        let pattern = try #require(finding("  id: { type: string, pattern: \"[0-9\" }"))
        #expect(pattern.code == "bad-pattern")
        #expect(pattern.line == 4 && pattern.column == 32)
    }
}
