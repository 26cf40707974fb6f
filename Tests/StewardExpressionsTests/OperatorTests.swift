import StewardTime
import Testing
@testable import StewardExpressions

@Suite("Operators")
struct OperatorTests {
    @Test("arithmetic, comparison and logic", arguments: [
        ("1 + 2 * 3", ExpressionValue.integer(7)),
        ("(1 + 2) * 3", .integer(9)),
        ("7 - 10", .integer(-3)),
        ("7 / 2", .number(3.5)),
        ("10 / 2", .number(5)),
        ("7 % 3", .integer(1)),
        ("-7 % 3", .integer(-1)),
        ("7.5 % 2", .number(1.5)),
        ("1 + 0.5", .number(1.5)),
        ("0.5 * 4", .number(2)),
        ("-vars.count", .integer(-3)),
        ("-vars.ratio", .number(-0.5)),
        ("'党建' + '工作'", .string("党建工作")),
        ("[1] + [2, 3]", .list([1, 2, 3])),
        ("1 < 2", .bool(true)),
        ("2 <= 2", .bool(true)),
        ("3 > 4", .bool(false)),
        ("3 >= 4.5", .bool(false)),
        ("1 < 1.5", .bool(true)),
        ("'a' < 'b'", .bool(true)),
        ("'b' < 'a'", .bool(false)),
        ("inputs.due < date('2026-10-02')", .bool(true)),
        ("now > datetime('2026-09-30T09:59:00+08:00')", .bool(true)),
        ("1 == 1.0", .bool(true)),
        ("1 != 1.0", .bool(false)),
        ("'1' == 1", .bool(false)),
        ("inputs.due == '2026-10-01'", .bool(false)),
        ("inputs.due == date('2026-10-01')", .bool(true)),
        ("null == null", .bool(true)),
        ("null == 0", .bool(false)),
        ("null != ''", .bool(true)),
        ("[1, 2] == [1, 2.0]", .bool(true)),
        ("[1, 2] == [2, 1]", .bool(false)),
        ("vars.o1 == vars.o2", .bool(true)),
        ("'党建' == '党建'", .bool(true)),
        ("'e\u{301}' == '\u{E9}'", .bool(true)),
        ("9007199254740993 == 9007199254740992.0", .bool(false)),
        ("9007199254740992 == 9007199254740992.0", .bool(true)),
        ("2 in [1, 2]", .bool(true)),
        ("2.0 in [1, 2]", .bool(true)),
        ("3 in [1, 2]", .bool(false)),
        ("null in [1, null]", .bool(true)),
        ("'工会' in inputs.branch", .bool(true)),
        ("'党' in inputs.branch", .bool(false)),
        ("'year' in inputs", .bool(true)),
        ("'yaer' in inputs", .bool(false)),
        ("!true", .bool(false)),
        ("!(1 > 2)", .bool(true)),
        ("true && false", .bool(false)),
        ("true || false", .bool(true)),
        ("true ? 'yes' : 'no'", .string("yes")),
        ("1 > 2 ? 'yes' : 'no'", .string("no")),
        ("inputs.year >= 2000 && inputs.branch == '机关工会'", .bool(true)),
        ("instance.id", .string("plan-0001")),
        ("actor", .string("zhang.wei")),
        ("states.draft.action", .string("submit")),
        ("states.draft.actor", .string("li.ming")),
        ("states['archive-failed'].action", .string("done")),
        ("states.archive-failed.action", .string("done")),
        ("states.draft.form.items[0].name", .string("学习")),
        ("states.draft.form['goals']", .string("全面加强党建工作")),
        ("vars.names[1]", .string("李明")),
    ])
    func value(source: String, expected: ExpressionValue) throws {
        #expect(try evaluate(source) == expected)
    }

    @Test("&&, || and ?: evaluate only what they need", arguments: [
        ("false && 1 / 0 == 1", ExpressionValue.bool(false)),
        ("true || nosuch", .bool(true)),
        ("true ? 1 : 1 / 0", .integer(1)),
        ("false ? nosuch : 2", .integer(2)),
        ("default(1, 1 / 0)", .integer(1)),
    ])
    func shortCircuit(source: String, expected: ExpressionValue) throws {
        #expect(try evaluate(source) == expected)
    }

    @Test("division and remainder by zero are errors at the operator", arguments: [
        ("1 / 0", 2), ("1 % 0", 2), ("1.5 / 0", 4), ("5 % 0.0", 2), ("vars.count / (vars.count - 3)", 11),
    ])
    func divisionByZero(source: String, offset: Int) {
        let error = failure(source)
        #expect(error?.code == .divisionByZero)
        #expect(error?.offset == offset)
    }

    @Test("integer overflow is an error, not a trap", arguments: [
        "9223372036854775807 + 1",
        "-9223372036854775807 - 2",
        "4611686018427387904 * 2",
        "-(-9223372036854775807 - 1)",
        "(-9223372036854775807 - 1) % -1",
        "integer(number('1e300'))",
        "addDays(inputs.due, 9223372036854775807)",
        "addDays(now, 9223372036854775807)",
        "addDays(inputs.due, 3000000)",
    ])
    func overflow(source: String) {
        #expect(failure(source)?.code == .overflow)
    }

    @Test("reading what is not there gives null", arguments: [
        "states.review.action", "states.review.form.comment", "states.nosuch.form.x", "inputs.nosuch",
        "vars.names[5]", "vars.names[-1]", "states.draft.form.items[3].name", "vars.o1['zz']", "null.x", "null[0]",
    ])
    func missingIsNull(source: String) throws {
        #expect(try evaluate(source) == .null)
    }

    @Test("default fills null and empty text")
    func defaults() throws {
        #expect(try evaluate("default(states.review.form.comment, 'n/a')") == .string("n/a"))
        #expect(try evaluate("default(states.draft.form.comment, '无')") == .string("无"))
        #expect(try evaluate("default(states.draft.form.goals, '无')") == .string("全面加强党建工作"))
        #expect(try evaluate("default(0, 5)") == .integer(0))
        #expect(try evaluate("states.review.action == null") == .bool(true))
    }

    @Test("using a missing value is an error naming its path", arguments: [
        ("states.review.form.score + 1", 0, "'states.review.form.score'"),
        ("1 + states.review.form.score", 4, "'states.review.form.score'"),
        ("!states.review.form.ok", 1, "'states.review.form.ok'"),
        ("states.review.form.ok && true", 0, "'states.review.form.ok'"),
        ("states.review.form.ok ? 1 : 2", 0, "'states.review.form.ok'"),
        ("len(states.review.results)", 4, "'states.review.results'"),
        ("inputs.nosuch < 3", 0, "'inputs.nosuch'"),
        ("-vars.nothing", 1, "'vars.nothing'"),
        ("'a' in vars.nothing", 7, "'vars.nothing'"),
        ("vars.names[vars.nothing]", 11, "'vars.nothing'"),
        ("lower(null)", 6, "'null'"),
    ])
    func missingValue(source: String, offset: Int, path: String) {
        let error = failure(source)
        #expect(error?.code == .missingValue)
        #expect(error?.offset == offset)
        #expect(error?.message.contains(path) == true, "\(String(describing: error))")
        #expect(error?.message.contains("has no value") == true)
    }

    @Test("a missing path suggests default")
    func missingSuggestion() {
        #expect(failure("states.review.form.score * 2")?.suggestion == "give a fallback with default(states.review.form.score, …)")
    }

    @Test("operators reject values of the wrong type at run time", arguments: [
        ("inputs.year + 'x'", 12, "operator '+' cannot combine an integer and a string"),
        ("'x' - 1", 4, "operator '-' cannot combine a string and an integer"),
        ("!inputs.branch", 1, "the operand of '!' must be true or false"),
        ("-'a'", 0, "operator '-' needs a number"),
        ("inputs.due < 3", 11, "operator '<' cannot compare a date with an integer"),
        ("inputs.due + 1", 11, "operator '+' cannot combine a date and an integer"),
        ("1 && true", 0, "the left side of '&&' must be true or false"),
        ("false || 'x'", 9, "the right side of '||' must be true or false"),
        ("1 ? 2 : 3", 0, "the condition of '?:' must be true or false"),
        ("1 in 5", 5, "'in' needs a list, a string or an object"),
        ("1 in 'abc'", 0, "'in' looks for text in text"),
        ("inputs.year.x", 12, "'inputs.year' is an integer and has no field 'x'"),
        ("vars.names['a']", 11, "a list is indexed by an integer"),
        ("inputs[1]", 7, "an object is indexed by a field name"),
        ("inputs.year[0]", 12, "'inputs.year' is an integer and cannot be indexed"),
        ("[1] < [2]", 4, "cannot compare a list with a list"),
    ])
    func typeError(source: String, offset: Int, message: String) {
        let error = failure(source)
        #expect(error?.code == .type)
        #expect(error?.offset == offset)
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }

    @Test("type errors suggest conversions")
    func typeSuggestions() {
        #expect(failure("inputs.year + 'x'")?.suggestion?.contains("toString") == true)
        #expect(failure("inputs.due + 1")?.suggestion == "use addDays(date, n)")
        #expect(failure("inputs.due - inputs.due")?.suggestion == "use daysBetween(a, b)")
        #expect(failure("inputs.due < '2026-10-01'")?.suggestion?.contains("date('YYYY-MM-DD')") == true)
    }

    @Test("unknown names at run time")
    func unknownNames() {
        let error = failure("input.year")
        #expect(error?.code == .unknownName)
        #expect(error?.suggestion == "did you mean 'inputs'?")
        #expect(failure("item.name")?.code == .unknownName)
        #expect(failure("nosuch(1)")?.code == .unknownFunction)
    }

    @Test("the foreach item can be renamed")
    func itemName() throws {
        var context = EvaluationContext.sample
        context.item = ["name": "学习"]
        context.itemName = "task"
        #expect(try evaluate("task.name", in: context) == .string("学习"))
        #expect(failure("item.name", in: context)?.code == .unknownName)
    }

    @Test("language equality versus Swift equality")
    func equalsVersusSwiftEquality() {
        #expect(ExpressionValue.integer(1).equals(.number(1)))
        #expect(ExpressionValue.integer(1) != .number(1))
        #expect(!ExpressionValue.date(date("2026-10-01")).equals(.string("2026-10-01")))
        #expect(!ExpressionValue.date(date("2026-10-01")).equals(.datetime(Instant(millisecondsSinceEpoch: 0))))
    }
}

/// Objects keep their fields in order; from 16 fields on they also index them by name.
@Suite("objects")
struct ObjectTests {
    @Test("set, replace, remove and read back, below and above the size where names get an index",
          arguments: [3, 15, 16, 40])
    func fields(count: Int) {
        var object = ExpressionObject()
        for i in 0..<count { object["f\(i)"] = .integer(i) }
        #expect(object.keys == (0..<count).map { "f\($0)" })
        object["f1"] = .string("一")
        #expect(object["f1"] == .string("一"))
        #expect(object.keys.count == count)
        object["f0"] = nil
        #expect(object["f0"] == nil)
        #expect(object.keys.first == "f1")
        for i in 1..<count where i != 1 { #expect(object["f\(i)"] == .integer(i)) }
        object["f0"] = .bool(true)
        #expect(object.keys.last == "f0")
        #expect(object["missing"] == nil)
        let rebuilt = ExpressionObject(object.entries.map { ($0.key, $0.value) })
        #expect(rebuilt == object)
        var reordered = ExpressionObject()
        for (key, value) in object.entries.reversed() { reordered[key] = value }
        #expect(reordered != object)
    }
}

/// The lexer answers whitespace for ASCII without the Unicode tables; it must agree with them.
@Suite("lexer whitespace")
struct LexerWhitespaceTests {
    @Test("every ASCII scalar and a few others: the same answer as Unicode's White_Space")
    func agreesWithUnicode() {
        for value in UInt32(0)..<0x80 {
            let scalar = Unicode.Scalar(value)!
            #expect(ExpressionLexer.isWhitespace(scalar) == scalar.properties.isWhitespace, "U+\(String(value, radix: 16))")
        }
        for scalar: Unicode.Scalar in ["\u{85}", "\u{A0}", "\u{3000}", "\u{2028}", "审"] {
            #expect(ExpressionLexer.isWhitespace(scalar) == scalar.properties.isWhitespace)
        }
    }
}
