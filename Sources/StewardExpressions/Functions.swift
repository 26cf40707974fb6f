/// The built-in functions of the expression language.
///
/// Every function is checked for its number of arguments and, where the types are known, their types,
/// both by the checker (at `validate` time) and when evaluated. A null argument where a value is needed
/// is an `expr-missing-value` error (use `default` first).
///
/// | function | result | example |
/// |---|---|---|
/// | `len(x)` — characters of a string, elements of a list, fields of an object | integer | `len('党建工作')` → `4` |
/// | `contains(list, x)` — the list has an element equal to x; `contains(text, part)` — text contains part | boolean | `contains(['a', 'b'], 'b')` → `true` |
/// | `startsWith(text, prefix)` | boolean | `startsWith('党建台账/2026', '党建')` → `true` |
/// | `endsWith(text, suffix)` | boolean | `endsWith('plan.pdf', '.pdf')` → `true` |
/// | `lower(text)` | string | `lower('ABC')` → `'abc'` |
/// | `upper(text)` | string | `upper('abc')` → `'ABC'` |
/// | `trim(text)` — removes spaces (full-width too) and line breaks at both ends | string | `trim('  机关工会　')` → `'机关工会'` |
/// | `join(list, separator)` — the elements' texts; separator `、` when omitted | string | `join(['张伟', '李明'], ', ')` → `'张伟, 李明'` |
/// | `split(text, separator)` — keeps empty parts; `''` splits into characters | list of string | `split('a,b', ',')` → `['a', 'b']` |
/// | `default(x, fallback)` — x, unless x is null or `''` | type of x | `default(states.review.form.comment, '无')` |
/// | `date(x)` — from `'YYYY-MM-DD'`, or the local day of a datetime | date | `date('2026-10-01')`, `date(now)` |
/// | `datetime(x)` — from ISO 8601 text (no zone: local time), or local midnight of a date | datetime | `datetime('2026-10-01T09:00:00+08:00')` |
/// | `addDays(d, n)` — n calendar days later (earlier when negative); a datetime moves by n × 24 h | date or datetime | `addDays(date('2026-09-30'), 1)` → `2026-10-01` |
/// | `addWorkdays(d, n)` — the n-th working day after d on the workflow's calendar | date | `addWorkdays(date('2026-09-30'), 1)` → `2026-10-08` (cn-workdays) |
/// | `daysBetween(a, b)` — calendar days from a to b (negative when b is earlier) | integer | `daysBetween(date('2026-10-01'), date('2026-10-08'))` → `7` |
/// | `isMember(person, role)` — the roster lists the person in the role | boolean | `isMember(actor, 'branch-secretary')` |
/// | `toString(x)`, `string(x)` — the text a template would show | string | `toString(2026)` → `'2026'` |
/// | `number(x)` — from an integer, a number, or text such as `'3.5'` | number | `number('3.5')` → `3.5` |
/// | `integer(x)` — from text such as `'2026'`, or a number (towards zero) | integer | `integer(3.9)` → `3` |
/// | `min(a, b)`, `max(a, b)` — of two numbers, strings, dates or datetimes | the same type | `max(1, 2.5)` → `2.5` |
/// | `year(d)`, `month(d)`, `day(d)` — of a date, or the local date of a datetime | integer | `year(date('2026-10-01'))` → `2026` |
/// | `min(list)`, `max(list)` — its least / greatest element (the first of equal ones); null when empty | the element type | `max(['2026-03', '2026-10'])` → `'2026-10'` |
/// | `sum(list)` — its numbers added as `+` adds them; `0` when empty | integer, or number if any is | `sum([1, 2.5])` → `3.5` |
/// | `avg(list)` — `sum(list) / len(list)`; null when empty | number | `avg([80, 90, 95])` → `88.33…` |
/// | `count(list)` — elements; `count(list, v => condition)` — elements for which it is true | integer | `count(states.vote.votes, v => v.action == 'approve')` |
/// | `filter(list, v => condition)` — the elements for which it is true, in order | list | `filter([3, 8, 5], n => n > 4)` → `[8, 5]` |
/// | `map(list, v => value)` — the value for each element, in order | list | `map(states.report.votes, v => v.form.hours)` |
///
/// `v => …` is a lambda (see `Lambda`): only `count`, `filter` and `map` take one, as their last argument.
/// A null element is an `expr-missing-value` error in `sum`, `avg`, `min` and `max`.
public enum ExpressionFunctions {
    /// The names of all built-in functions, sorted.
    public static let names: [String] = table.keys.sorted()

    /// The functions by name.
    static let table: [String: ExpressionFunction] = {
        var table: [String: ExpressionFunction] = [:]
        for function in textFunctions + timeFunctions + valueFunctions + listFunctions { table[function.name] = function }
        return table
    }()

    /// The functions that take a lambda, sorted: `count`, `filter`, `map`.
    static let lambdaFunctionNames: [String] = names.filter { table[$0]?.lambda != nil }

    /// The function called `name`, if there is one.
    static func named(_ name: String) -> ExpressionFunction? { table[name] }

    /// Common names from other languages, mapped to ours, for suggestions.
    static let aliases: [String: String] = [
        "length": "len", "lenght": "len", "size": "len", "includes": "contains", "has": "contains",
        "average": "avg", "mean": "avg", "where": "filter", "total": "sum",
        "lowercase": "lower", "toLower": "lower", "toLowerCase": "lower", "uppercase": "upper", "toUpper": "upper",
        "toUpperCase": "upper", "strip": "trim", "coalesce": "default", "ifnull": "default", "str": "toString",
        "int": "integer", "float": "number", "starts_with": "startsWith", "ends_with": "endsWith",
    ]

    /// `did you mean 'len'?` for an unknown function name.
    static func suggestion(for name: String) -> String? {
        if let alias = aliases[name] { return "did you mean '\(alias)'?" }
        return Suggestion.didYouMean(name, among: names)
    }
}
