import StewardExpressions
import Testing

@Suite("Parser")
struct ParserTests {
    @Test("precedence and associativity follow C and JavaScript", arguments: [
        ("1 + 2 * 3", "(1 + (2 * 3))"),
        ("(1 + 2) * 3", "((1 + 2) * 3)"),
        ("1 - 2 - 3", "((1 - 2) - 3)"),
        ("8 / 4 / 2", "((8 / 4) / 2)"),
        ("1 + 2 % 3 * 4", "(1 + ((2 % 3) * 4))"),
        ("a || b && c", "(a || (b && c))"),
        ("a && b || c", "((a && b) || c)"),
        ("!a == b", "((!a) == b)"),
        ("!!a", "(!(!a))"),
        ("-x * 2", "((-x) * 2)"),
        ("-2 * 3", "(-2 * 3)"),
        ("a == b < c", "(a == (b < c))"),
        ("a < b + 1", "(a < (b + 1))"),
        ("x != y && y >= z", "((x != y) && (y >= z))"),
        ("'a' in l == true", "(('a' in l) == true)"),
        ("a + 1 in l", "((a + 1) in l)"),
        ("a ? b : c ? d : e", "(a ? b : (c ? d : e))"),
        ("a ? b ? c : d : e", "(a ? (b ? c : d) : e)"),
        ("a || b ? c : d", "((a || b) ? c : d)"),
        ("a.b[0].c", "a.b[0].c"),
        ("a['k'].b", "a['k'].b"),
        ("len(x) + 1", "(len(x) + 1)"),
        ("f(a, b + 1, [1, 2])", "f(a, (b + 1), [1, 2])"),
        ("[1, 2,]", "[1, 2]"),
        ("states.archive-failed.at", "states.archive-failed.at"),
        ("inputs.year - 1", "(inputs.year - 1)"),
        ("inputs.year-1", "(inputs.year - 1)"),
        ("a <= b >= c", "((a <= b) >= c)"),
        ("inputs.年度 + 1", "(inputs.年度 + 1)"),
        ("map(l, v => v.a + 1)", "map(l, v => (v.a + 1))"),
        ("filter(l, v => v.a == 1 && v.b)", "filter(l, v => ((v.a == 1) && v.b))"),
        ("count(l, v => v.a ? v.b : v.c)", "count(l, v => (v.a ? v.b : v.c))"),
        ("map(l, v => map(v, w => w * 2))", "map(l, v => map(v, w => (w * 2)))"),
        ("sum(map(l, v=>v.hours)) / 2", "(sum(map(l, v => v.hours)) / 2)"),
        ("map(l, 票 => 票.form.分数,)", "map(l, 票 => 票.form.分数)"),
        ("f(a => 1, b)", "f(a => 1, b)"),
        ("a >= b", "(a >= b)"),
    ])
    func precedence(source: String, grouped: String) throws {
        #expect(try Expression.parse(source).description == grouped)
    }

    @Test("literals", arguments: [
        ("12", ExpressionValue.integer(12)),
        ("-12", .integer(-12)),
        ("1.25", .number(1.25)),
        ("-0.5", .number(-0.5)),
        ("0123", .integer(123)),
        ("true", .bool(true)),
        ("false", .bool(false)),
        ("null", .null),
        ("'single'", .string("single")),
        ("\"double\"", .string("double")),
        (#"'it\'s'"#, .string("it's")),
        (#""say \"hi\"""#, .string("say \"hi\"")),
        (#"'a\\b'"#, .string("a\\b")),
        (#"'a\nb\tc'"#, .string("a\nb\tc")),
        (#"'\u{4E2D}\u{6587}'"#, .string("中文")),
        ("'党建'", .string("党建")),
        ("\"it's\"", .string("it's")),
        ("9223372036854775807", .integer(Int.max)),
    ])
    func literal(source: String, value: ExpressionValue) throws {
        let expression = try Expression.parse(source)
        #expect(expression.kind == .literal(value))
    }

    @Test("nodes know their offsets")
    func offsets() throws {
        let expression = try Expression.parse("a.bc + len(x)")
        guard case let .binary(op, left, right, operatorOffset) = expression.kind else {
            Issue.record("not a binary node: \(expression)")
            return
        }
        #expect(op == .add)
        #expect(operatorOffset == 5)
        #expect(left.offset == 0)
        #expect(right.offset == 7)
        if case let .member(_, name, nameOffset) = left.kind {
            #expect(name == "bc")
            #expect(nameOffset == 2)
        } else {
            Issue.record("not a member node: \(left)")
        }
    }

    @Test("syntax errors say where", arguments: [
        ("1 +", 3, "expression ends where a value was expected"),
        ("(1 + 2", 6, "expected ')'"),
        ("a = b", 2, "unexpected character '='"),
        ("'abc", 0, "string is not closed"),
        ("f(1,, 2)", 4, "expected a value but found ','"),
        ("a.b(1)", 3, "only functions can be called"),
        ("1 2", 2, "unexpected '2' after a complete expression"),
        (#"'a\qb'"#, 2, "unknown escape '\\q'"),
        ("a and b", 2, "unexpected 'and'"),
        ("inputs.year（", 11, "unexpected character '（'"),
        ("99999999999999999999", 0, "number '99999999999999999999' is too large"),
        ("2abc", 1, "unexpected 'a' after the number '2'"),
        ("[1, 2", 5, "expected ']'"),
        ("a ? b", 5, "expected ':'"),
        ("a.1", 2, "expected a field name after '.'"),
        ("a in", 4, "expression ends where a value was expected"),
        ("in a", 0, "expected a value before 'in'"),
        (#"'\u{110000}'"#, 1, "is not a unicode character"),
        (#"'\u{}'"#, 1, "malformed unicode escape"),
        ("a & b", 2, "unexpected character '&'"),
        ("“党建”", 0, "unexpected character '“'"),
        ("v => v.a", 0, "a lambda 'v => …' can only be an argument of count, filter or map"),
        ("[v => 1]", 1, "a lambda 'v => …' can only be an argument of count, filter or map"),
        ("map(l, v => w => 1)", 12, "a lambda 'v => …' can only be an argument of count, filter or map"),
        ("1 + (v => 1)", 5, "a lambda 'v => …' can only be an argument"),
        ("map(l, (v) => 1)", 11, "a lambda's parameter is a single name"),
        ("map(l, v.a => 1)", 11, "a lambda's parameter is a single name"),
        ("map(l, null => 1)", 7, "'null' is a keyword and cannot be a lambda's parameter"),
        ("map(l, true => 1)", 7, "'true' is a keyword"),
        ("map(l, v => )", 12, "expected a value but found ')'"),
        ("map(l, v =>", 11, "expression ends where a value was expected"),
        ("inputs.year => 2026", 12, "unexpected '=>' after a complete expression"),
    ])
    func syntaxError(source: String, offset: Int, message: String) {
        do {
            let expression = try Expression.parse(source)
            Issue.record("parsed as \(expression)")
        } catch {
            #expect(error.code == .syntax)
            #expect(error.offset == offset)
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test("syntax errors suggest the fix", arguments: [
        ("a = b", "use '=='"),
        ("a and b", "use '&&'"),
        ("a or b", "use '||'"),
        ("a & b", "use '&&'"),
        ("“x”", "straight quotes"),
        ("len（x)", "ASCII '('"),
        ("f(a，b)", "ASCII ','"),
        ("inputs.year => 2026", "write '>='"),
        ("year => 2026", "write '>='"),
    ])
    func syntaxSuggestion(source: String, suggestion: String) {
        do {
            _ = try Expression.parse(source)
            Issue.record("parsed")
        } catch {
            #expect(error.suggestion?.contains(suggestion) == true, "\(error)")
        }
    }

    @Test("a lambda is a '=>' node: its parameter on the left, where it starts, and its body on the right")
    func lambdaNode() throws {
        let expression = try Expression.parse("count(states.vote.votes, 票 => 票.action == 'approve')")
        guard case let .call(name, arguments) = expression.kind, arguments.count == 2,
              case let .binary(op, parameter, body, operatorOffset) = arguments[1].kind else {
            Issue.record("not a call with a lambda: \(expression)")
            return
        }
        #expect(name == "count")
        #expect(op == .lambda)
        #expect(parameter.kind == .name("票"))
        #expect(arguments[1].offset == 25)
        #expect(parameter.offset == 25)
        #expect(operatorOffset == 27)
        #expect(body.offset == 30)
        #expect(body.description == "(票.action == 'approve')")
        #expect(expression.reads("states"))
    }

    @Test("an error after Chinese text points at the right scalar")
    func offsetAfterChinese() {
        do {
            _ = try Expression.parse("'党建工作' = 1")
            Issue.record("parsed")
        } catch {
            #expect(error.offset == 7)
        }
    }
}
