import StewardExpressions
import StewardTime
import Testing

@Suite("Limits")
struct LimitTests {
    let roomy = ExpressionLimits(maximumLength: 1_000_000)

    @Test("10,000 nested parentheses are refused cleanly")
    func deepParentheses() {
        let source = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        do {
            _ = try Expression.parse(source, limits: roomy)
            Issue.record("parsed")
        } catch {
            #expect(error.code == .limit)
            #expect(error.message.contains("nested more than 64 levels"))
            #expect(error.offset < 100)
        }
        // With the default limits the length is refused first.
        #expect(templateFailure("${{ " + source + " }}")?.code == .limit)
    }

    @Test("deep nesting of every kind is refused", arguments: [
        String(repeating: "!", count: 10_000) + "true",
        String(repeating: "-", count: 10_000) + "x",
        String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000),
        String(repeating: "len(", count: 10_000) + "1" + String(repeating: ")", count: 10_000),
        String(repeating: "a[", count: 5_000) + "0" + String(repeating: "]", count: 5_000),
        String(repeating: "a ? b : ", count: 5_000) + "c",
        "a" + String(repeating: ".b", count: 10_000),
        Array(repeating: "1", count: 5_000).joined(separator: " + "),
        Array(repeating: "x", count: 5_000).joined(separator: " && "),
    ])
    func deepNesting(source: String) {
        do {
            _ = try Expression.parse(source, limits: roomy)
            Issue.record("parsed")
        } catch {
            #expect(error.code == .limit)
        }
    }

    @Test("nesting up to the limit is accepted")
    func nestingWithinLimit() throws {
        let parentheses = String(repeating: "(", count: 60) + "1" + String(repeating: ")", count: 60)
        #expect(try evaluate(parentheses) == .integer(1))
        let sum = Array(repeating: "1", count: 60).joined(separator: " + ")
        #expect(try evaluate(sum) == .integer(60))
        let tooLong = Array(repeating: "1", count: 100).joined(separator: " + ")
        #expect(failure(tooLong)?.code == .limit)
    }

    @Test("expressions longer than the limit are refused at their start")
    func length() {
        let long = "'" + String(repeating: "党", count: 5_000) + "'"
        let error = templateFailure("标题：${{ " + long + " }}")
        #expect(error?.code == .limit)
        #expect(error?.offset == 3)
        #expect(templateFailure("${{ '" + String(repeating: "党", count: 4_000) + "' }}") == nil)
    }

    @Test("strings longer than the limit are refused")
    func longStrings() {
        let context = EvaluationContext.sample(vars: ["long": .string(String(repeating: "党", count: 40_000))])
        #expect(failure("vars.long + vars.long", in: context)?.code == .limit)
        #expect(failure("join([vars.long, vars.long], '')", in: context)?.code == .limit)
        #expect(failure("toString([vars.long, vars.long])", in: context)?.code == .limit)
        #expect((try? evaluate("len(vars.long + 'x')", in: context)) == .integer(40_001))
        let template = try? ExpressionTemplate.parse("${{ vars.long }}${{ vars.long }}")
        #expect(throws: ExpressionError.self) { try template?.evaluate(in: context) }
    }

    @Test("text of a huge list is refused before it is built")
    func hugeListText() {
        let long = ExpressionValue.string(String(repeating: "a", count: 60_000))
        let context = EvaluationContext.sample(vars: ["many": .list(Array(repeating: long, count: 10_000))])
        #expect(failure("toString(vars.many)", in: context)?.code == .limit)
        #expect(failure("join(vars.many, '')", in: context)?.code == .limit)
        let template = try? ExpressionTemplate.parse("名单：${{ vars.many }}")
        do {
            _ = try template?.evaluate(in: context)
            Issue.record("no error")
        } catch {
            #expect(error.code == .limit)
            #expect(error.offset == 7)
        }
    }

    @Test("extreme limits and instants do not trap")
    func extremes() throws {
        let context = EvaluationContext.sample(limits: ExpressionLimits(maximumSteps: .max))
        #expect(try evaluate("1 + 1", in: context) == .integer(2))
        var farAway = EvaluationContext.sample
        farAway.now = Instant(millisecondsSinceEpoch: .min)
        #expect(try evaluate("toString(now)", in: farAway) != .string(""))
        #expect(try evaluate("year(now)", in: farAway) == .integer(1))
        farAway.utcOffset = { _ in .max }
        #expect(try evaluate("date(now)", in: farAway) == .date(date("0001-01-01")))
    }

    @Test("lists larger than the limit are refused")
    func bigLists() {
        let big = ExpressionValue.list(Array(repeating: 1, count: 6_000))
        let context = EvaluationContext.sample(vars: ["big": big, "text": .string(String(repeating: "a", count: 20_000))])
        #expect(failure("vars.big + vars.big", in: context)?.code == .limit)
        #expect(failure("split(vars.text, '')", in: context)?.code == .limit)
        #expect((try? evaluate("len(vars.big + [2])", in: context)) == .integer(6_001))
        #expect((try? evaluate("vars.big == vars.big", in: context)) == .bool(true))
    }

    @Test("evaluation steps are bounded")
    func steps() {
        let big = ExpressionValue.list(Array(repeating: 1, count: 5_000))
        var context = EvaluationContext.sample(vars: ["big": big])
        context.limits = ExpressionLimits(maximumSteps: 1_000)
        let error = failure("contains(vars.big, 2)", in: context)
        #expect(error?.code == .limit)
        #expect(error?.message.contains("1000 evaluation steps") == true)
        #expect(failure("2 in vars.big", in: context)?.code == .limit)
        #expect(failure("vars.big == vars.big", in: context)?.code == .limit)
        #expect(failure("contains(vars.big, 1)", in: context) == nil)
    }
}
