import StewardExpressions
import Testing

@Suite("Checker")
struct CheckerTests {
    func findings(_ source: String, in scope: CheckScope = .sample) throws -> [ExpressionError] {
        try Expression.parse(source).check(in: scope).findings
    }

    func type(_ source: String, in scope: CheckScope = .sample) throws -> ExpressionType {
        let result = try Expression.parse(source).check(in: scope)
        #expect(result.findings.isEmpty, "\(result.findings)")
        return result.type
    }

    @Test("findings have a code, an offset, a message and a suggestion", arguments: [
        ("input.year", ExpressionError.Code.unknownName, 0, "unknown name 'input'", "did you mean 'inputs'?" as String?),
        ("year + 1", .unknownName, 0, "unknown name 'year'", "did you mean 'inputs.year'?"),
        ("len", .unknownName, 0, "'len' is a function", "call it: len(…)"),
        ("inputs.yaer", .unknownMember, 7, "no input named 'yaer'", "did you mean 'year'?"),
        ("states.reveiw.action", .unknownMember, 7, "no state named 'reveiw'", "did you mean 'review'?"),
        ("states.nosuch", .unknownMember, 7, "no state named 'nosuch'", nil),
        ("states.draft.fomr.goals", .unknownMember, 13, "state 'draft' has no 'fomr'", "did you mean 'form'?"),
        ("states.draft.form.nosuch", .unknownMember, 18, "the form of state 'draft' has no field 'nosuch'", nil),
        ("states.draft.form.goal", .unknownMember, 18, "the form of state 'draft' has no field 'goal'", "did you mean 'goals'?"),
        ("states.draft.form.items[0].owners", .unknownMember, 27, "'states.draft.form.items[0]' has no field 'owners'", "did you mean 'owner'?"),
        ("instance.name", .unknownMember, 9, "'instance' has no field 'name'", nil),
        ("inputs.year-inputs.year", .unknownMember, 7, "no input named 'year-inputs'", "to subtract, put spaces around '-'"),
        ("lenn(inputs.branch)", .unknownFunction, 0, "unknown function 'lenn'", "did you mean 'len'?"),
        ("len()", .arity, 0, "function 'len' takes 1 argument, but 0 were given", "write it as len(text or list)"),
        ("contains([1], 1, 2)", .arity, 0, "function 'contains' takes 2 arguments, but 3 were given", nil),
        ("inputs.year + 'x'", .type, 12, "operator '+' cannot combine an integer and a string", nil),
        ("!inputs.branch", .type, 1, "the operand of '!' must be true or false, but 'inputs.branch' is a string", nil),
        ("len(5)", .type, 4, "function 'len' needs a string, list or object as argument 1, but '5' is an integer", nil),
        ("inputs.due < 3", .type, 11, "operator '<' cannot compare a date with an integer", nil),
        ("inputs.due == '2026-10-01'", .type, 11, "comparing a date with a string is always false", nil),
        ("inputs.due != 1", .type, 11, "comparing a date with an integer is always true", nil),
        ("inputs.year ? 1 : 2", .type, 0, "the condition of '?:' must be true or false", nil),
        ("inputs.branch && true", .type, 0, "the left side of '&&' must be true or false", nil),
        ("inputs.year in 5", .type, 15, "'in' needs a list, a string or an object on its right", nil),
        ("1 in inputs.branch", .type, 0, "'in' looks for text in a string", nil),
        ("-inputs.branch", .type, 0, "operator '-' needs a number", nil),
        ("inputs.branch * 2", .type, 14, "operator '*' cannot combine a string and an integer", nil),
        ("states.draft.form.items['x']", .type, 24, "a list is indexed by an integer, not a string", nil),
        ("inputs[1]", .type, 7, "an object is indexed by a field name", nil),
        ("inputs.year[0]", .type, 12, "'inputs.year' is an integer and cannot be indexed", nil),
        ("inputs.year.x", .type, 12, "'inputs.year' is an integer and has no field 'x'", nil),
        ("states.draft.form.items.length", .type, 24, "is a list and has no field 'length'", nil),
        ("lower(inputs.year)", .type, 6, "function 'lower' needs a string as argument 1", nil),
        ("contains(inputs.branch, 1)", .type, 24, "function 'contains' looks for text in text", nil),
        ("max(inputs.due, 1)", .type, 16, "function 'max' cannot compare a date with an integer", nil),
        ("addDays(inputs.year, 1)", .type, 8, "function 'addDays' needs a date or datetime as argument 1", nil),
        ("lower(null)", .type, 6, "but 'null' is null", nil),
        ("date('2026-02-30')", .invalidValue, 5, "'2026-02-30' is not a date", nil),
        ("inputs.due < datetime('tomorrow')", .invalidValue, 22, "'tomorrow' is not a datetime", nil),
        ("integer('x') + 1", .invalidValue, 8, "'x' is not an integer", nil),
        ("lenght(inputs.branch)", .unknownFunction, 0, "unknown function 'lenght'", "did you mean 'len'?"),
        ("item.name", .unknownName, 0, "'item' is only available inside a foreach", nil),
        ("actor", .unknownName, 0, "'actor' is not available here", nil),
    ])
    func finding(source: String, code: ExpressionError.Code, offset: Int, message: String, suggestion: String?) throws {
        let found = try findings(source)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.code == code)
        #expect(found.first?.offset == offset)
        #expect(found.first?.message.contains(message) == true, "\(found)")
        if let suggestion { #expect(found.first?.suggestion == suggestion) }
    }

    @Test("several findings come in source order")
    func several() throws {
        let found = try findings("lenn(1) + inputs.yaer + states.x.form.y")
        #expect(found.map(\.code) == [.unknownFunction, .unknownMember, .unknownMember])
        #expect(found.map(\.offset) == [0, 17, 31])
    }

    @Test("inferred types", arguments: [
        ("inputs.year + 1", ExpressionType.integer),
        ("inputs.year / 2", .number),
        ("inputs.year * 1.5", .number),
        ("len(inputs.branch) == 1", .bool),
        ("inputs.branch + '年'", .string),
        ("addDays(inputs.due, 1)", .date),
        ("addDays(now, 1)", .datetime),
        ("states.draft.at", .optional(.datetime)),
        ("states.draft.form.items[0].owner", .person),
        ("[1, 2.5]", .list(of: .number)),
        ("[]", .list(of: .any)),
        ("true ? 1 : null", .optional(.integer)),
        ("default(states.review.form.comment, 'n/a')", .string),
        ("default(states.draft.form.comment, 'n/a')", .string),
        ("split('a', ',')", .list(of: .string)),
        ("now", .datetime),
        ("instance.id", .string),
        ("vars.x", .any),
        ("vars.count", .integer),
        ("vars.x + 1", .any),
        ("states.assign.results", .list(of: .any)),
        ("'x' in states.draft.form.items", .bool),
        ("max(1, 2.5)", .number),
        ("isMember(states.draft.actor, 'union-office')", .bool),
        ("states['draft'].action", .optional(.string)),
        ("states.draft.form.items + [1]", .list(of: .any)),
    ])
    func inferred(source: String, expected: ExpressionType) throws {
        #expect(try type(source) == expected)
    }

    @Test("a condition can be checked to be boolean")
    func conditionType() throws {
        let result = try Expression.parse("len(states.assign.results) == len(states.draft.form.items)").check(in: .sample)
        #expect(result.findings.isEmpty)
        #expect(result.type == .bool)
    }

    @Test("any and open objects are not reported", arguments: [
        "vars.anything + 1", "vars.anything && true", "vars.a.b.c", "states.draft.output.x", "len(vars.anything)",
        "states.draft.form.goals + '!'", "states.draft.actor == 'li.ming'", "inputs.year == 2026.0",
        "inputs.year == null", "states.draft.form.comment == null",
    ])
    func silent(source: String) throws {
        #expect(try findings(source).isEmpty)
    }

    @Test("item and actor where available")
    func itemAndActor() throws {
        var scope = CheckScope.sample
        scope.item = .object(fields: ["name": .string, "owner": .person], isOpen: false)
        scope.actorAvailable = true
        #expect(try type("item.owner", in: scope) == .person)
        #expect(try type("isMember(actor, 'x')", in: scope) == .bool)
        let found = try findings("item.nmae", in: scope)
        #expect(found.first?.suggestion == "did you mean 'name'?")
        scope.itemName = "task"
        #expect(try type("task.name", in: scope) == .string)
        #expect(try findings("itme", in: scope).first?.suggestion == nil)
        #expect(try findings("tsak", in: scope).first?.suggestion == "did you mean 'task'?")
    }
}
