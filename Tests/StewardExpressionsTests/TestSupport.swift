import StewardExpressions
import StewardTime

/// Parses and evaluates one expression.
func evaluate(_ source: String, in context: EvaluationContext = .sample) throws(ExpressionError) -> ExpressionValue {
    try Expression.parse(source, limits: context.limits).evaluate(in: context)
}

/// The error that parsing or evaluating `source` throws, or nil when it succeeds.
func failure(_ source: String, in context: EvaluationContext = .sample) -> ExpressionError? {
    do {
        _ = try evaluate(source, in: context)
        return nil
    } catch {
        return error
    }
}

/// The error that parsing a template throws, or nil.
func templateFailure(_ text: String, limits: ExpressionLimits = .default) -> ExpressionError? {
    do {
        _ = try ExpressionTemplate.parse(text, limits: limits)
        return nil
    } catch {
        return error
    }
}

func date(_ text: String) -> CivilDate {
    CivilDate(iso: text) ?? CivilDate(dayNumber: 0)
}

/// `2026-09-30T02:00:00Z`, 10:00 in Shanghai.
let sampleNow = Instant(millisecondsSinceEpoch: Int64(date("2026-09-30").dayNumber) * 86_400_000 + 2 * 3_600_000)

/// Weekends off, 2026-10-01…07 off, Saturday 2026-10-10 a make-up working day; knows only 2026.
struct TestCalendar: WorkdayCalendar {
    var name: String { "test-cn" }

    func isWorkday(_ date: CivilDate) throws(CalendarError) -> Bool {
        guard date.year == 2026 else { throw .yearNotCovered(calendar: name, year: date.year, covered: 2026...2026) }
        if date.year == 2026, date.month == 10, (1...7).contains(date.day) { return false }
        if date.year == 2026, date.month == 10, date.day == 10 { return true }
        return !date.isWeekend
    }

    func adding(workdays count: Int, to start: CivilDate) throws(CalendarError) -> CivilDate {
        guard abs(count) <= 3650 else { throw .countTooLarge(count) }
        var day = start
        var remaining = abs(count)
        while remaining > 0 {
            day = day.adding(days: count > 0 ? 1 : -1)
            if try isWorkday(day) { remaining -= 1 }
        }
        return day
    }
}

extension EvaluationContext {
    /// A plan-drafting instance in Shanghai: the draft was submitted, the review has not run yet.
    static var sample: EvaluationContext {
        EvaluationContext(
            inputs: ["year": 2026, "branch": "机关工会", "due": .date(date("2026-10-01"))],
            vars: [
                "count": 3, "names": ["张伟", "李明"], "ratio": 0.5, "empty": "",
                "o1": ["a": 1, "b": "x"], "o2": ["b": "x", "a": 1.0],
            ],
            states: [
                "draft": StateValues(
                    form: [
                        "goals": "全面加强党建工作",
                        "comment": "",
                        "items": [["name": "学习", "owner": "li.ming", "deadline": .date(date("2026-10-15"))]],
                    ],
                    action: "submit", actor: "li.ming", at: sampleNow.adding(milliseconds: -3_600_000)),
                "archive-failed": StateValues(action: "done"),
                // An assessment group's scores, a committee's vote, volunteers' hours (integers and decimals).
                "score": StateValues(votes: [
                    vote("zhang.wei", "submit", ["score": 90, "remark": "优秀"]),
                    vote("li.ming", "submit", ["score": 85, "remark": "良好"], comment: "材料齐全"),
                    vote("wang.fang", "submit", ["score": 70, "remark": "合格"]),
                ]),
                "vote": StateValues(votes: [
                    vote("zhang.wei", "approve", [:], minutesAgo: 30),
                    vote("li.ming", "decline", ["reason": "预算偏高"], comment: "建议压缩经费", minutesAgo: 20),
                    vote("wang.fang", "approve", [:], minutesAgo: 40),
                    vote("zhao.lei", "decline", ["reason": "时间冲突"], minutesAgo: 10),
                ]),
                "report": StateValues(votes: [
                    vote("zhang.wei", "submit", ["hours": 2]),
                    vote("li.ming", "submit", ["hours": 3.5]),
                    vote("wang.fang", "submit", ["hours": 4]),
                ]),
                // One member of the group has not given a score.
                "late": StateValues(votes: [
                    vote("zhang.wei", "submit", ["score": 90]),
                    vote("li.ming", "submit", [:]),
                ]),
            ],
            instanceID: "plan-0001",
            actor: "zhang.wei",
            now: sampleNow,
            utcOffset: { _ in 8 * 3600 },
            calendar: TestCalendar(),
            isMember: { person, role in person == "zhang.wei" && role == "union-committee" }
        )
    }

    /// One person's action on a task, as `states.NAME.votes` holds it.
    static func vote(_ person: String, _ action: String, _ form: ExpressionObject, comment: String? = nil,
                     minutesAgo: Int64 = 0) -> ExpressionValue {
        .object([
            "person": .string(person), "action": .string(action), "form": .object(form),
            "comment": comment.map(ExpressionValue.string) ?? .null,
            "at": .datetime(sampleNow.adding(milliseconds: -minutesAgo * 60_000)),
        ])
    }

    /// The sample with other limits.
    static func sample(limits: ExpressionLimits) -> EvaluationContext {
        var context = EvaluationContext.sample
        context.limits = limits
        return context
    }

    /// The sample with extra variables.
    static func sample(vars extra: [String: ExpressionValue]) -> EvaluationContext {
        var context = EvaluationContext.sample
        for (key, value) in extra { context.vars[key] = value }
        return context
    }
}

extension CheckScope {
    /// The scope matching `EvaluationContext.sample`, in a task's action.
    static var sample: CheckScope {
        CheckScope(
            inputs: ["year": .integer, "branch": .string, "due": .date],
            vars: ["count": .integer],
            states: [
                "draft": StateScope(form: [
                    "goals": .string, "comment": .optional(.string),
                    "items": .list(of: .object(fields: ["name": .string, "owner": .person, "deadline": .date],
                                               isOpen: false)),
                ]),
                "review": StateScope(form: ["comment": .string, "score": .integer]),
                "assign": StateScope(),
                "score": StateScope(form: ["score": .integer, "remark": .string]),
                "vote": StateScope(form: ["reason": .string]),
                "report": StateScope(form: ["hours": .number]),
                "late": StateScope(form: ["score": .integer]),
            ]
        )
    }
}
