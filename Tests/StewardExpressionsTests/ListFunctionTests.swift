import StewardExpressions
import StewardTime
import Testing

/// sum, avg, min and max of a list, count, filter and map, on the votes of `EvaluationContext.sample`:
/// `score` (an assessment group: 90, 85, 70), `vote` (approve, decline, approve, decline),
/// `report` (volunteers' hours 2, 3.5, 4) and `late` (a score missing).
@Suite("List functions")
struct ListFunctionTests {
    @Test("the examples of 'Several people's answers' compute", arguments: [
        ("avg(map(states.score.votes, v => v.form.score))", ExpressionValue.number(245.0 / 3)),
        ("avg(map(states.score.votes, v => v.form.score)) >= 80", .bool(true)),
        ("count(states.vote.votes, v => v.action == 'approve')", .integer(2)),
        ("sum(map(states.report.votes, v => v.form.hours))", .number(9.5)),
        ("map(filter(states.vote.votes, v => v.action == 'decline'), v => v.person)", .list(["li.ming", "zhao.lei"])),
        ("join(map(filter(states.vote.votes, v => v.action == 'decline'), v => v.form.reason), '；')",
         .string("预算偏高；时间冲突")),
        ("map(states.vote.votes, v => default(v.comment, '无'))", .list(["无", "建议压缩经费", "无", "无"])),
        ("max(map(states.vote.votes, v => v.at))", .datetime(sampleNow.adding(milliseconds: -10 * 60_000))),
        ("min(map(states.vote.votes, v => v.at))", .datetime(sampleNow.adding(milliseconds: -40 * 60_000))),
        ("sum(map(filter(states.score.votes, v => v.form.score >= 80), v => v.form.score))", .integer(175)),
        ("max(map(states.score.votes, v => v.form.score))", .integer(90)),
        ("avg(filter(map(states.late.votes, v => v.form.score), s => s != null))", .number(90)),
        ("avg(map(states.late.votes, v => default(v.form.score, 0)))", .number(45)),
        ("count(states.score.votes) > 0 && avg(map(states.score.votes, v => v.form.score)) >= 80", .bool(true)),
        ("count(states.vote.votes)", .integer(4)),
        // Before a state has run its votes are empty (null), like its other fields.
        ("count(default(states.review.votes, []))", .integer(0)),
    ])
    func votes(source: String, expected: ExpressionValue) throws {
        #expect(try evaluate(source) == expected)
    }

    @Test("every list function computes", arguments: [
        ("sum([1, 2, 3])", ExpressionValue.integer(6)),
        ("sum([1, 2.5])", .number(3.5)),
        ("sum([1, 2, 3.0])", .number(6)),
        ("sum([0.5, 0.5])", .number(1)),
        ("sum([-3, 3])", .integer(0)),
        ("avg([1, 2])", .number(1.5)),
        ("avg([2, 4])", .number(3)),
        ("avg([2.5])", .number(2.5)),
        ("avg([80, 90])", .number(85)),
        ("avg([80, 90, 95])", .number(265.0 / 3)),
        ("sum([2, 3.5, 4])", .number(9.5)),
        ("max(['2026-03', '2026-10'])", .string("2026-10")),
        ("min([3, 1.5, 2])", .number(1.5)),
        ("max([3, 1.5, 2])", .integer(3)),
        ("min([2, 2.0])", .integer(2)),
        ("max([2.0, 2])", .number(2)),
        ("min(['张伟', '李明', '王芳'])", .string("张伟")),
        ("max(['张伟', '李明', '王芳'])", .string("王芳")),
        ("min([date('2026-10-08'), inputs.due])", .date(date("2026-10-01"))),
        ("max(vars.names)", .string("李明")),
        ("min(1, 2.5)", .integer(1)),
        ("max('a', 'b')", .string("b")),
        ("count([1, 2, 3], n => n > 1)", .integer(2)),
        ("count([null, null])", .integer(2)),
        ("count(states.draft.form.items, i => i.owner == 'li.ming')", .integer(1)),
        ("filter([3, 8, 5], n => n > 4)", .list([8, 5])),
        ("filter(['党建工作', '工会活动', '党费收缴'], 项 => startsWith(项, '党'))", .list(["党建工作", "党费收缴"])),
        ("filter([2025, 2026, 2027], y => y <= inputs.year)", .list([2025, 2026])),
        ("map([1, 2], n => n * 2)", .list([2, 4])),
        ("map([null, 1], x => x == null)", .list([true, false])),
        ("map(states.score.votes, v => v.form.remark + '：' + v.person)",
         .list(["优秀：zhang.wei", "良好：li.ming", "合格：wang.fang"])),
        ("map([1, 2], a => count([1, 2, 3], b => b > a))", .list([2, 1])),
        ("len(filter(states.vote.votes, v => v.comment != null))", .integer(1)),
        ("map(vars.names, len => len)", .list(["张伟", "李明"])),
    ])
    func computes(source: String, expected: ExpressionValue) throws {
        #expect(try evaluate(source) == expected)
    }

    @Test("empty lists: sum and count give 0, avg, min and max null, filter and map an empty list", arguments: [
        ("sum([])", ExpressionValue.integer(0)),
        ("avg([])", .null),
        ("min([])", .null),
        ("max([])", .null),
        ("count([])", .integer(0)),
        ("count([], n => n > 1)", .integer(0)),
        ("filter([], n => n > 1)", .list([])),
        ("map([], n => n * 2)", .list([])),
        ("default(avg([]), 0)", .integer(0)),
        ("default(max([]), '无')", .string("无")),
        ("avg(map(filter(states.score.votes, v => v.form.score > 95), v => v.form.score)) == null", .bool(true)),
    ])
    func empty(source: String, expected: ExpressionValue) throws {
        #expect(try evaluate(source) == expected)
    }

    @Test("errors name the element and the fix", arguments: [
        ("sum(map(states.late.votes, v => v.form.score))", ExpressionError.Code.missingValue, 4,
         "element [1] of 'map(states.late.votes, v => v.form.score)' has no value"),
        ("avg([1, null])", .missingValue, 4, "element [1] of '[1, null]' has no value"),
        ("max([null, 1])", .missingValue, 4, "element [0] of '[null, 1]' has no value"),
        ("sum(vars.names)", .type, 4, "function 'sum' needs a number for each element, but element [0] of 'vars.names' is a string"),
        ("avg([1, true])", .type, 4, "function 'avg' needs a number for each element, but element [1] of '[1, true]' is a boolean"),
        ("min([1, 'a'])", .type, 4, "function 'min' cannot compare integer with string (element [1])"),
        ("max([[1]])", .type, 4, "function 'max' needs a number, string, date or datetime for each element, but element [0] of '[[1]]' is a list"),
        ("max(5)", .type, 4, "function 'max' needs a list (or two values to compare) as argument 1, but got integer"),
        ("min([1], 2)", .type, 9, "function 'min' cannot compare list with integer"),
        ("sum(null)", .missingValue, 4, "argument 1 of 'sum' ('null') has no value"),
        ("sum(1, 2)", .arity, 0, "function 'sum' takes 1 argument, but 2 were given"),
        ("min()", .arity, 0, "function 'min' takes 1 or 2 arguments, but 0 were given"),
        ("filter([1])", .arity, 0, "function 'filter' takes 2 arguments, but 1 was given"),
        ("filter([1], true)", .type, 12, "function 'filter' needs a lambda 'v => …' as argument 2"),
        ("len(x => 1)", .type, 4, "function 'len' does not take a lambda; only count, filter or map do"),
        ("map(x => 1, [1])", .type, 4, "function 'map' takes its lambda as argument 2"),
        ("count(states.review.votes)", .missingValue, 6, "argument 1 of 'count' ('states.review.votes') has no value"),
        ("filter([1, 2], n => n)", .type, 20, "the condition of 'filter' must be true or false, but 'n' is an integer"),
        ("count([1], n => null)", .missingValue, 16, "the condition of 'count' ('null') has no value"),
        ("count([1, null], n => n > 0)", .missingValue, 22, "the left side of '>' ('n') has no value"),
        ("sum([9223372036854775807, 1])", .overflow, 0, "the result of '+' is too large"),
        ("avg([9223372036854775807, 1])", .overflow, 0, "the result of '+' is too large"),
        ("map([1], n => m)", .unknownName, 14, "unknown name 'm'"),
        ("mapp([1], n => n)", .unknownFunction, 0, "unknown function 'mapp'"),
    ])
    func failing(source: String, code: ExpressionError.Code, offset: Int, message: String) {
        let error = failure(source)
        #expect(error?.code == code, "\(String(describing: error))")
        #expect(error?.offset == offset, "\(String(describing: error))")
        #expect(error?.message == message, "\(String(describing: error))")
    }

    @Test("errors suggest the fix", arguments: [
        ("sum(map(states.late.votes, v => v.form.score))", "leave the empty ones out with filter(list, v => v != null)"),
        ("contains(states.vote.votes, v => v.person == 'li.ming')", "contains(map(list, v => …), …)"),
        ("sum(states.report.votes, v => v.form.hours)", "function 'sum' takes 1 argument"),
        ("max(states.score.votes, v => v.form.score)", "max(map(list, v => …))"),
        ("filter(vars.names, '张伟')", "write it as filter(list, v => condition)"),
        ("map([1], n => nn)", "did you mean 'n'?"),
        ("mapp([1], n => n)", "did you mean 'map'?"),
        ("average([1])", "did you mean 'avg'?"),
    ])
    func suggestion(source: String, expected: String) {
        let error = failure(source)
        let text = [error?.message, error?.suggestion].compactMap { $0 }.joined(separator: "; ")
        #expect(text.contains(expected), "\(String(describing: error))")
    }

    @Test("at run time too, a lambda's name must not hide another, and it reads the foreach's item")
    func shadowingAtRunTime() throws {
        var context = EvaluationContext.sample
        context.item = ["owner": "li.ming"]
        context.itemName = "task"
        context.outerItems = [(name: "branch", value: "机关工会")]
        #expect(try evaluate("map(filter(states.vote.votes, v => v.person == task.owner), v => v.action)", in: context)
            == .list(["decline"]))
        #expect(try evaluate("map([1], v => branch)", in: context) == .list(["机关工会"]))
        for (source, offset) in [("map([1], task => task)", 9), ("map([1], branch => 1)", 9), ("map([1], item => 1)", 9),
                                 ("map([1], now => now)", 9), ("map([[1]], x => map(x, x => x))", 23)] {
            let error = failure(source, in: context)
            #expect(error?.code == .syntax, "\(source)")
            #expect(error?.offset == offset, "\(source)")
            #expect(error?.message.hasSuffix("already names something here and cannot be a lambda's parameter") == true)
        }
    }

    @Test("the values of a call with a lambda are the same at validate time and at run time")
    func typesMatchValues() throws {
        for source in ["sum(map(states.score.votes, v => v.form.score))", "count(states.vote.votes, v => v.action == 'approve')",
                       "sum(map(states.report.votes, v => v.form.hours))", "avg([1, 2])"] {
            let expression = try Expression.parse(source)
            let checked = expression.check(in: .sample)
            #expect(checked.findings.isEmpty, "\(checked.findings)")
            let value = try expression.evaluate(in: .sample)
            #expect(checked.type.unwrapped.description == value.typeName, "\(source)")
        }
    }
}
