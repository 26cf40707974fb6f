import StewardExpressions
import Testing

/// What `validate` finds in calls of the list functions and in lambdas, before anything runs.
@Suite("Checker: lists and lambdas")
struct ListCheckerTests {
    func findings(_ source: String, in scope: CheckScope = .sample) throws -> [ExpressionError] {
        try Expression.parse(source).check(in: scope).findings
    }

    @Test("findings in lambdas and list functions", arguments: [
        ("map(states.score.votes, v => v.form.scor)", ExpressionError.Code.unknownMember, 36,
         "'v.form' has no field 'scor'", "did you mean 'score'?" as String?),
        ("count(states.vote.votes, v => v.actoin == 'approve')", .unknownMember, 32,
         "'v' has no field 'actoin'", "did you mean 'action'?"),
        ("map(states.vote.votes, vote => vtoe.person)", .unknownName, 31, "unknown name 'vtoe'", "did you mean 'vote'?"),
        ("filter(states.score.votes, v => v.form.score)", .type, 32,
         "the condition of 'filter' must be true or false, but 'v.form.score' is an integer", nil),
        ("count(states.vote.votes, v => v.action)", .type, 30,
         "the condition of 'count' must be true or false, but 'v.action' is a string", "compare it, for example: x == 'yes'"),
        ("sum(map(states.vote.votes, v => v.comment))", .type, 4,
         "function 'sum' needs a number for each element, but got a list of string", nil),
        ("avg(states.score.votes)", .type, 4, "function 'avg' needs a number for each element, but got a list of object",
         "take a value from each element first: avg(map(list, v => v.field))"),
        ("sum(vars.count)", .type, 4, "function 'sum' needs a list as argument 1, but 'vars.count' is an integer", nil),
        ("min(inputs.year)", .type, 4, "function 'min' compares two values, or the elements of a list, but got only an integer",
         "write it as min(a, b) or min(list)"),
        ("min(states.score.votes)", .type, 4,
         "function 'min' needs a number, string, date or datetime for each element, but got a list of object", nil),
        ("max([1], 2)", .type, 4, "function 'max' cannot compare a list of integer with an integer",
         "for the greatest element of a list, write max(list)"),
        ("max(map(states.vote.votes, v => v.at), now)", .type, 4, "function 'max' cannot compare a list of datetime", nil),
        ("filter(states.vote.votes, 'approve')", .type, 26, "function 'filter' needs a lambda 'v => …' as argument 2",
         "write it as filter(list, v => condition)"),
        ("map(states.vote.votes)", .arity, 0, "function 'map' takes 2 arguments, but 1 was given",
         "write it as map(list, v => value)"),
        ("len(v => 1)", .type, 4, "function 'len' does not take a lambda; only count, filter or map do", nil),
        ("mapp(states.vote.votes, v => v.person)", .unknownFunction, 0, "unknown function 'mapp'", "did you mean 'map'?"),
        ("map(states.score.votes, item => item.form)", .syntax, 24,
         "'item' already names something here and cannot be a lambda's parameter", "choose another name, such as 'x'"),
        ("map([1], states => 1)", .syntax, 9, "'states' already names something here", nil),
        ("map([[1]], x => map(x, x => x))", .syntax, 23, "'x' already names something here", "choose another name, such as 'v'"),
        ("count(states.vote.votes, v => v.action == 'approve') > '2'", .type, 53,
         "operator '>' cannot compare an integer with a string", nil),
    ])
    func finding(source: String, code: ExpressionError.Code, offset: Int, message: String, suggestion: String?) throws {
        let found = try findings(source)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.code == code)
        #expect(found.first?.offset == offset, "\(found)")
        #expect(found.first?.message.contains(message) == true, "\(found)")
        if let suggestion { #expect(found.first?.suggestion == suggestion, "\(found)") }
    }

    @Test("inferred types", arguments: [
        ("map(states.score.votes, v => v.form.score)", ExpressionType.list(of: .optional(.integer))),
        ("sum(map(states.score.votes, v => v.form.score))", .integer),
        ("sum(map(states.report.votes, v => v.form.hours))", .number),
        ("sum([1, 2.5])", .number),
        ("sum(vars.anything)", .any),
        ("avg(map(states.score.votes, v => v.form.score))", .optional(.number)),
        ("avg(map(states.score.votes, v => v.form.score)) >= 80", .bool),
        ("default(avg([]), 0)", .number),
        ("count(states.vote.votes, v => v.action == 'approve')", .integer),
        ("count(states.vote.votes)", .integer),
        ("map(filter(states.vote.votes, v => v.action == 'decline'), v => v.person)", .list(of: .person)),
        ("min(map(states.vote.votes, v => v.at))", .optional(.datetime)),
        ("max([1, 2.5])", .optional(.number)),
        ("min(1, 2.5)", .number),
        ("map([1, 2], n => n * 2)", .list(of: .integer)),
        ("filter([], n => n > 1)", .list(of: .any)),
        ("filter(states.draft.form.items, i => i.owner == 'li.ming')[0].deadline", .date),
        ("map(states.draft.form.items, i => count(states.vote.votes, v => v.person == i.owner))", .list(of: .integer)),
        ("map(vars.anything, v => v.x.y + 1)", .list(of: .any)),
    ])
    func inferred(source: String, expected: ExpressionType) throws {
        let result = try Expression.parse(source).check(in: .sample)
        #expect(result.findings.isEmpty, "\(result.findings)")
        #expect(result.type == expected)
    }

    @Test("a lambda can read the foreach's item, but not take its name")
    func foreachItem() throws {
        var scope = CheckScope.sample
        scope.item = .object(fields: ["name": .string, "owner": .person], isOpen: false)
        scope.itemName = "task"
        #expect(try findings("filter(states.vote.votes, v => v.person == task.owner)", in: scope).isEmpty)
        let shadowing = try findings("map(states.vote.votes, task => task.person)", in: scope)
        #expect(shadowing.map(\.code) == [.syntax])
        #expect(shadowing.first?.message.contains("'task' already names something here") == true)
        // `item` is reserved even where the foreach calls its element otherwise.
        #expect(try findings("map(states.vote.votes, item => item.person)", in: scope).map(\.code) == [.syntax])
        scope.outerItems = [(name: "branch", type: .string)]
        #expect(try findings("map(states.vote.votes, branch => branch.person)", in: scope).map(\.code) == [.syntax])
    }

    @Test("findings inside a lambda come in source order with the others")
    func order() throws {
        let found = try findings("sum(map(states.score.votes, v => v.form.scor)) + inputs.yaer")
        #expect(found.map(\.code) == [.unknownMember, .unknownMember])
        #expect(found.map(\.offset) == [40, 56])
    }
}
