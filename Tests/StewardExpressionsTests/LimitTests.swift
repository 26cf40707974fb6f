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

    @Test("each element a list function visits costs a step, and its lambda's steps come on top")
    func listFunctionSteps() throws {
        let ten = ExpressionValue.list(Array(repeating: 1, count: 10))
        // The call, `vars` and `.ten` are 3 steps; each element 1, and the body `true` 1 more.
        var context = EvaluationContext.sample(vars: ["ten": ten])
        context.limits = ExpressionLimits(maximumSteps: 23)
        #expect(try evaluate("count(vars.ten, x => true)", in: context) == .integer(10))
        #expect(try evaluate("map(vars.ten, x => true)", in: context) == .list(Array(repeating: true, count: 10)))
        context.limits = ExpressionLimits(maximumSteps: 22)
        for source in ["count(vars.ten, x => true)", "filter(vars.ten, x => true)", "map(vars.ten, x => true)"] {
            #expect(failure(source, in: context)?.code == .limit, "\(source)")
        }
        // Without a lambda, the 10 visits alone: 13 steps.
        context.limits = ExpressionLimits(maximumSteps: 12)
        for source in ["sum(vars.ten)", "avg(vars.ten)", "min(vars.ten)", "max(vars.ten)"] {
            #expect(failure(source, in: context)?.code == .limit, "\(source)")
        }
        context.limits = ExpressionLimits(maximumSteps: 13)
        #expect(try evaluate("max(vars.ten)", in: context) == .integer(1))
    }

    @Test("a hostile lambda stops at the step limit")
    func runaway() throws {
        let big = ExpressionValue.list(Array(repeating: 1, count: 10_000))
        let context = EvaluationContext.sample(vars: ["big": big])
        for source in [
            "count(vars.big, a => count(vars.big, b => true) > 0)",
            "map(vars.big, a => map(vars.big, b => b))",
            "sum(map(vars.big, a => sum(vars.big)))",
            "filter(vars.big, a => len(filter(vars.big, b => a == b)) > 0)",
        ] {
            let error = failure(source, in: context)
            #expect(error?.code == .limit, "\(source)")
            #expect(error?.message.contains("100000 evaluation steps") == true)
        }
        #expect(try evaluate("sum(map(vars.big, a => a * 2))", in: context) == .integer(20_000))
    }

    @Test("text costs a step per 256 bytes where a node gives it and where == compares it")
    func textSteps() throws {
        let text = ExpressionValue.string(String(repeating: "a", count: 512))
        var context = EvaluationContext.sample(vars: ["t": text, "o": ["t": text]])
        // `vars.t` and `vars` are 2 steps, its 512 bytes 2 more.
        context.limits = ExpressionLimits(maximumSteps: 4)
        #expect(try evaluate("vars.t", in: context) == text)
        context.limits = ExpressionLimits(maximumSteps: 3)
        #expect(failure("vars.t", in: context)?.code == .limit)
        // `==` and both sides are 5 steps, the field 1, comparing its text 2.
        context.limits = ExpressionLimits(maximumSteps: 8)
        #expect(try evaluate("vars.o == vars.o", in: context) == .bool(true))
        context.limits = ExpressionLimits(maximumSteps: 7)
        #expect(failure("vars.o == vars.o", in: context)?.code == .limit)
    }

    @Test("a lambda that works through a long text for each element stops at the step limit")
    func longTextInLambda() {
        let long = ExpressionValue.string(String(repeating: "党", count: 65_000))
        let big = ExpressionValue.list(Array(repeating: 1, count: 10_000))
        let context = EvaluationContext.sample(vars: ["big": big, "long": long, "o": ["t": long]])
        for source in [
            "count(vars.big, x => contains(vars.long, '建'))", "len(map(vars.big, x => vars.long + 'x'))",
            "len(map(vars.big, x => len(vars.long)))", "count(vars.big, x => vars.o == vars.o)",
        ] {
            #expect(failure(source, in: context)?.code == .limit, "\(source)")
        }
    }

    @Test("reading every state costs a step for each, since a lambda may read them once per element")
    func statesCost() throws {
        let count = EvaluationContext.sample.states.count
        // The call and `states`, then one per state.
        let enough = EvaluationContext.sample(limits: ExpressionLimits(maximumSteps: 2 + count))
        #expect(try evaluate("len(states)", in: enough) == .integer(count))
        let short = EvaluationContext.sample(limits: ExpressionLimits(maximumSteps: 1 + count))
        #expect(failure("len(states)", in: short)?.code == .limit)
        #expect(try evaluate("states.draft.action", in: short) == .string("submit"))
    }

    @Test("a list a lambda makes is held to the list limit")
    func mapResultLimit() throws {
        let big = ExpressionValue.list(Array(repeating: 1, count: 20))
        let context = EvaluationContext.sample(vars: ["big": big])
        var small = context
        small.limits = ExpressionLimits(maximumListSize: 10)
        #expect(failure("map(vars.big, x => x)", in: small)?.code == .limit)
        #expect(failure("filter(vars.big, x => true)", in: small)?.code == .limit)
        #expect(try evaluate("len(filter(vars.big, x => false))", in: small) == .integer(0))
    }
}
