import StewardExpressions
import StewardTime
import Testing

@Suite("Functions")
struct FunctionTests {
    @Test("every function computes", arguments: [
        ("len('党建工作')", ExpressionValue.integer(4)),
        ("len('👍🏽')", .integer(1)),
        ("len('')", .integer(0)),
        ("len(vars.names)", .integer(2)),
        ("len(inputs)", .integer(3)),
        ("contains(vars.names, '李明')", .bool(true)),
        ("contains(vars.names, '王')", .bool(false)),
        ("contains([1, 2], 2.0)", .bool(true)),
        ("contains(inputs.branch, '工会')", .bool(true)),
        ("contains('abc', '')", .bool(true)),
        ("contains('ababc', 'abc')", .bool(true)),
        ("startsWith('党建台账/2026', '党建')", .bool(true)),
        ("startsWith('党建台账/2026', '台账')", .bool(false)),
        ("endsWith('plan.pdf', '.pdf')", .bool(true)),
        ("endsWith('plan.pdf', '.doc')", .bool(false)),
        ("lower('ABC Äb')", .string("abc äb")),
        ("upper('abc äb')", .string("ABC ÄB")),
        ("upper('党建abc')", .string("党建ABC")),
        ("lower('党建ABC')", .string("党建abc")),
        ("trim('  机关工会\u{3000}\n')", .string("机关工会")),
        ("trim('   ')", .string("")),
        ("join(vars.names, ', ')", .string("张伟, 李明")),
        ("join(vars.names)", .string("张伟、李明")),
        ("join([1, 2.5, true, null], '/')", .string("1/2.5/true/")),
        ("join([], '-')", .string("")),
        ("split('a,b,,c', ',')", .list(["a", "b", "", "c"])),
        ("split('党建', '')", .list(["党", "建"])),
        ("split('', ',')", .list([""])),
        ("split('a--b', '--')", .list(["a", "b"])),
        ("default(null, 'x')", .string("x")),
        ("default('', 'x')", .string("x")),
        ("default('y', 'x')", .string("y")),
        ("default(false, true)", .bool(false)),
        ("date('2026-10-01')", .date(date("2026-10-01"))),
        ("date(now)", .date(date("2026-09-30"))),
        ("date(datetime('2026-09-30T20:00:00Z'))", .date(date("2026-10-01"))),
        ("date(inputs.due)", .date(date("2026-10-01"))),
        ("datetime('2026-10-01T09:00:00+08:00')", .datetime(Instant(millisecondsSinceEpoch: 1_790_816_400_000))),
        ("datetime('2026-10-01T01:00:00Z')", .datetime(Instant(millisecondsSinceEpoch: 1_790_816_400_000))),
        ("datetime('2026-10-01 09:00')", .datetime(Instant(millisecondsSinceEpoch: 1_790_816_400_000))),
        ("datetime('2026-10-01T01:00:00.5Z')", .datetime(Instant(millisecondsSinceEpoch: 1_790_816_400_500))),
        ("datetime('2026-10-01T09:00+0800')", .datetime(Instant(millisecondsSinceEpoch: 1_790_816_400_000))),
        ("datetime('2026-10-01')", .datetime(Instant(millisecondsSinceEpoch: 1_790_784_000_000))),
        ("datetime(inputs.due)", .datetime(Instant(millisecondsSinceEpoch: 1_790_784_000_000))),
        ("addDays(date('2026-09-30'), 1)", .date(date("2026-10-01"))),
        ("addDays(inputs.due, -1)", .date(date("2026-09-30"))),
        ("addDays(date('2028-02-28'), 1)", .date(date("2028-02-29"))),
        ("addDays(now, 1)", .datetime(sampleNow.adding(milliseconds: 86_400_000))),
        ("addWorkdays(date('2026-09-30'), 1)", .date(date("2026-10-08"))),
        ("addWorkdays(date('2026-10-08'), 2)", .date(date("2026-10-10"))),
        ("addWorkdays(now, 1)", .date(date("2026-10-08"))),
        ("addWorkdays(date('2026-10-12'), -1)", .date(date("2026-10-10"))),
        ("daysBetween(date('2026-10-01'), date('2026-10-08'))", .integer(7)),
        ("daysBetween(date('2026-10-08'), date('2026-10-01'))", .integer(-7)),
        ("daysBetween(now, inputs.due)", .integer(1)),
        ("isMember(actor, 'union-committee')", .bool(true)),
        ("isMember('li.ming', 'union-committee')", .bool(false)),
        ("toString(2026)", .string("2026")),
        ("string(1.5)", .string("1.5")),
        ("toString(null)", .string("")),
        ("toString(inputs.due)", .string("2026-10-01")),
        ("toString(vars.names)", .string("张伟、李明")),
        ("number('3.5')", .number(3.5)),
        ("number(' 42 ')", .number(42)),
        ("number(2)", .number(2)),
        ("integer('2026')", .integer(2026)),
        ("integer(3.9)", .integer(3)),
        ("integer(-3.9)", .integer(-3)),
        ("integer(7)", .integer(7)),
        ("min(1, 2.5)", .integer(1)),
        ("max(1, 2.5)", .number(2.5)),
        ("min('b', 'a')", .string("a")),
        ("max(inputs.due, date('2026-09-01'))", .date(date("2026-10-01"))),
        ("min(now, datetime('2026-01-01T00:00:00Z'))", .datetime(Instant(millisecondsSinceEpoch: 1_767_225_600_000))),
        ("year(inputs.due)", .integer(2026)),
        ("month(inputs.due)", .integer(10)),
        ("day(inputs.due)", .integer(1)),
        ("day(datetime('2026-09-30T17:00:00Z'))", .integer(1)),
    ])
    func computes(source: String, expected: ExpressionValue) throws {
        #expect(try evaluate(source) == expected)
    }

    @Test("function errors", arguments: [
        ("len()", ExpressionError.Code.arity, 0, "function 'len' takes 1 argument, but 0 were given"),
        ("len(1, 2)", .arity, 0, "function 'len' takes 1 argument, but 2 were given"),
        ("join()", .arity, 0, "function 'join' takes 1 or 2 arguments, but 0 were given"),
        ("1 + lenn('a')", .unknownFunction, 4, "unknown function 'lenn'"),
        ("len(5)", .type, 4, "function 'len' needs a string, list or object as argument 1, but '5' is an integer"),
        ("lower(1)", .type, 6, "function 'lower' needs a string as argument 1"),
        ("contains('abc', 1)", .type, 16, "function 'contains' needs a string (text to look for) as argument 2"),
        ("addDays('2026-10-01', 1)", .type, 8, "function 'addDays' needs a date or datetime as argument 1"),
        ("min(1, 'a')", .type, 7, "function 'min' cannot compare integer with string"),
        ("date('2026-02-30')", .invalidValue, 5, "'2026-02-30' is not a date"),
        ("date('2026/10/01')", .invalidValue, 5, "'2026/10/01' is not a date"),
        ("datetime('tomorrow')", .invalidValue, 9, "'tomorrow' is not a datetime"),
        ("datetime('2026-10-01T25:00')", .invalidValue, 9, "is not a datetime"),
        ("number('abc')", .invalidValue, 7, "'abc' is not a number"),
        ("number('nan')", .invalidValue, 7, "'nan' is not a number"),
        ("integer('3.5')", .invalidValue, 8, "'3.5' is not an integer"),
        ("addWorkdays(date('2027-01-04'), 1)", .calendar, 0, "calendar 'test-cn' has no holiday data for 2027"),
        ("addWorkdays(inputs.due, 5000)", .calendar, 0, "5000 working days is more than the 3650 allowed"),
        ("lower(states.review.form.x)", .missingValue, 6, "argument 1 of 'lower' ('states.review.form.x') has no value"),
    ])
    func failing(source: String, code: ExpressionError.Code, offset: Int, message: String) {
        let error = failure(source)
        #expect(error?.code == code)
        #expect(error?.offset == offset)
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }

    @Test("unknown functions get suggestions", arguments: [
        ("lenn(x)", "did you mean 'len'?"),
        ("length(x)", "did you mean 'len'?"),
        ("startswith(x, y)", "did you mean 'startsWith'?"),
        ("adddays(x, 1)", "did you mean 'addDays'?"),
        ("toLowerCase(x)", "did you mean 'lower'?"),
        ("average(x)", "did you mean 'avg'?"),
        ("where(x, v => true)", "did you mean 'filter'?"),
    ])
    func suggestion(source: String, expected: String) {
        #expect(failure(source)?.suggestion == expected)
    }

    @Test("count is a function now, no longer a name for len")
    func countIsReal() throws {
        #expect(try evaluate("count(vars.names)") == .integer(2))
        #expect(try Expression.parse("count(inputs.branch)").check(in: .sample).findings.map(\.message)
            == ["function 'count' needs a list as argument 1, but 'inputs.branch' is a string"])
    }

    @Test("addWorkdays without a calendar says what to do")
    func noCalendar() {
        var context = EvaluationContext.sample
        context.calendar = nil
        let error = failure("addWorkdays(inputs.due, 1)", in: context)
        #expect(error?.code == .calendar)
        #expect(error?.suggestion?.contains("calendar:") == true)
    }

    @Test("isMember without a roster is unavailable")
    func noRoster() {
        var context = EvaluationContext.sample
        context.isMember = nil
        #expect(failure("isMember(actor, 'x')", in: context)?.code == .unavailable)
    }

    @Test("dates follow the organization's offset")
    func offsets() throws {
        var context = EvaluationContext.sample
        context.now = Instant(millisecondsSinceEpoch: 1_790_784_000_000 - 1)  // 2026-09-30T23:59:59.999 local
        #expect(try evaluate("date(now)", in: context) == .date(date("2026-09-30")))
        context.now = Instant(millisecondsSinceEpoch: 1_790_784_000_000)
        #expect(try evaluate("date(now)", in: context) == .date(date("2026-10-01")))
        context.utcOffset = { _ in 0 }
        #expect(try evaluate("date(now)", in: context) == .date(date("2026-09-30")))
        #expect(try evaluate("datetime('2026-09-30T16:00')", in: context) == .datetime(context.now))
    }

    @Test("every documented function exists")
    func names() {
        let documented = ["len", "contains", "startsWith", "endsWith", "lower", "upper", "trim", "join", "split",
                          "default", "date", "datetime", "addDays", "addWorkdays", "daysBetween", "isMember",
                          "toString", "string", "number", "integer", "min", "max", "year", "month", "day",
                          "sum", "avg", "count", "filter", "map"]
        #expect(ExpressionFunctions.names == documented.sorted())
    }
}
