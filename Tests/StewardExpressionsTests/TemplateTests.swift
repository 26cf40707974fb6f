import StewardExpressions
import StewardTime
import Testing

@Suite("Templates")
struct TemplateTests {
    @Test("text without ${{ is a literal")
    func literal() throws {
        #expect(try ExpressionTemplate.parse("年度党建工作规划") == .literal("年度党建工作规划"))
        #expect(try ExpressionTemplate.parse("cost: ${ 5 } }}") == .literal("cost: ${ 5 } }}"))
        #expect(try ExpressionTemplate.parse("") == .literal(""))
    }

    @Test("one expression with only whitespace around keeps its type", arguments: [
        "${{ inputs.year }}", "  ${{ inputs.year }}\n", "${{inputs.year}}",
    ])
    func single(text: String) throws {
        let template = try ExpressionTemplate.parse(text)
        guard case let .single(expression) = template else {
            Issue.record("not single: \(template)")
            return
        }
        #expect(expression.description == "inputs.year")
        #expect(try template.evaluate(in: .sample) == .integer(2026))
    }

    @Test("text around an expression makes a string")
    func interpolated() throws {
        let template = try ExpressionTemplate.parse("${{ inputs.year }}年党建工作规划已发布")
        guard case let .interpolated(parts) = template else {
            Issue.record("not interpolated: \(template)")
            return
        }
        #expect(parts.count == 2)
        #expect(parts.last == .text("年党建工作规划已发布"))
        #expect(try template.evaluate(in: .sample) == .string("2026年党建工作规划已发布"))
    }

    @Test("two adjacent expressions are interpolated")
    func twoExpressions() throws {
        let template = try ExpressionTemplate.parse("${{ inputs.year }}${{ inputs.branch }}")
        #expect(template.expressions.count == 2)
        #expect(try template.evaluate(in: .sample) == .string("2026机关工会"))
    }

    @Test("a '}}' inside a quoted string does not end the expression")
    func bracesInString() throws {
        let template = try ExpressionTemplate.parse("${{ 'a }}b' + \"}}\" }}")
        #expect(try template.evaluate(in: .sample) == .string("a }}b}}"))
        #expect(try ExpressionTemplate.parse("${{ '${{' }}").evaluate(in: .sample) == .string("${{"))
    }

    @Test("template errors", arguments: [
        ("abc ${{ 1 + ", 4, ExpressionError.Code.syntax, "'${{' is not closed"),
        ("x ${{ }} y", 2, .syntax, "empty expression"),
        ("${{}}", 0, .syntax, "empty expression"),
        ("${{ 'abc }}", 4, .syntax, "string is not closed"),
        ("ok ${{ 1 }} then ${{ 1 + }}", 25, .syntax, "expression ends where a value was expected"),
        ("党建${{ 1 = 2 }}", 8, .syntax, "unexpected character '='"),
    ])
    func templateError(text: String, offset: Int, code: ExpressionError.Code, message: String) {
        let error = templateFailure(text)
        #expect(error?.code == code)
        #expect(error?.offset == offset)
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }

    @Test("containsExpression", arguments: [
        ("a ${{ b", true), ("${ {", false), ("$${{x}}", true), ("", false), ("$ {{", false), ("价格 $5", false),
    ])
    func containsExpression(text: String, expected: Bool) {
        #expect(ExpressionTemplate.containsExpression(text) == expected)
    }

    @Test("values become text", arguments: [
        ("${{ inputs.year }}", "2026"),
        ("${{ vars.ratio }}", "0.5"),
        ("${{ 10 / 4 }}", "2.5"),
        ("${{ 10 / 2 }}", "5"),
        ("${{ inputs.due }}", "2026-10-01"),
        ("${{ now }}", "2026-09-30T02:00:00Z"),
        ("${{ true }}", "true"),
        ("${{ null }}", ""),
        ("${{ states.review.action }}", ""),
        ("${{ vars.names }}", "张伟、李明"),
        ("${{ join(vars.names, ', ') }}", "张伟, 李明"),
        ("${{ vars.o1 }}", #"{"a":1,"b":"x"}"#),
        ("${{ [1, 'a\"b', null] }}", "1、a\"b、"),
        ("${{ states.draft.form.items[0] }}", #"{"name":"学习","owner":"li.ming","deadline":"2026-10-15"}"#),
    ])
    func text(template: String, expected: String) throws {
        let value = try ExpressionTemplate.parse("「" + template + "」").evaluate(in: .sample)
        #expect(value == .string("「" + expected + "」"))
    }

    @Test("a single expression keeps lists, dates and nulls")
    func keepsType() throws {
        #expect(try ExpressionTemplate.parse("${{ vars.names }}").evaluate(in: .sample) == ["张伟", "李明"])
        #expect(try ExpressionTemplate.parse("${{ inputs.due }}").evaluate(in: .sample) == .date(date("2026-10-01")))
        #expect(try ExpressionTemplate.parse(" ${{ states.review.action }} ").evaluate(in: .sample) == .null)
        #expect(try ExpressionTemplate.parse("${{ 1.5 }}").evaluate(in: .sample) == .number(1.5))
    }

    @Test("checker offsets count from the start of the whole template, in scalars")
    func checkerOffsetAfterChinese() throws {
        let template = try ExpressionTemplate.parse("规划${{ inputs.yaer }}")
        let result = template.check(in: .sample)
        #expect(result.findings.map(\.offset) == [13])
        #expect(result.findings.first?.suggestion == "did you mean 'year'?")
        #expect(result.type == .string)
    }

    @Test("evaluation errors count from the start of the whole template")
    func evaluationOffset() throws {
        let template = try ExpressionTemplate.parse("党建台账/${{ inputs.year / 0 }}")
        do {
            _ = try template.evaluate(in: .sample)
            Issue.record("no error")
        } catch {
            #expect(error.code == .divisionByZero)
            #expect(error.offset == 21)
        }
    }

    @Test("template check types")
    func checkTypes() throws {
        #expect(try ExpressionTemplate.parse("plain").check(in: .sample).type == .string)
        #expect(try ExpressionTemplate.parse("${{ inputs.due }}").check(in: .sample).type == .date)
        let mixed = try ExpressionTemplate.parse("${{ inputs.year }}-${{ lenn(1) }}-${{ inputs.x }}").check(in: .sample)
        #expect(mixed.type == .string)
        #expect(mixed.findings.map(\.code) == [.unknownFunction, .unknownMember])
    }
}
