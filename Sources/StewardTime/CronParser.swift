/// Reads the text of a cron schedule into a `CronSchedule`, reporting the first problem
/// with its position.
struct CronParser {
    let expression: String

    /// A whitespace-separated piece of the expression and its character offset.
    struct Token {
        let text: String
        let offset: Int
    }

    /// The five fields, in order.
    enum Field: Int, CaseIterable {
        case minute, hour, dayOfMonth, month, dayOfWeek

        var name: String {
            ["minute", "hour", "day-of-month", "month", "day-of-week"][rawValue]
        }

        var range: ClosedRange<Int> {
            [0...59, 0...23, 1...31, 1...12, 0...7][rawValue]
        }

        /// How many distinct values the field has; a step may not exceed it.
        var span: Int { [60, 24, 31, 12, 7][rawValue] }

        var names: [String] {
            switch self {
            case .month: return ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
            case .dayOfWeek: return ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
            default: return []
            }
        }

        /// The value of `names[0]`.
        var firstNameValue: Int { self == .month ? 1 : 0 }

        var hint: String {
            let numbers = "\(range.lowerBound)–\(range.upperBound)"
            switch self {
            case .month: return "a number \(numbers) or a name jan–dec"
            case .dayOfWeek: return "a number \(numbers) (0 and 7 are sunday) or a name sun–sat"
            default: return "a number \(numbers)"
            }
        }
    }

    /// What one field allows.
    struct Value {
        var bits: UInt64 = 0
        var lastDay = false
        var nth: UInt64 = 0
    }

    static let macros: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
        "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]

    func parse() throws(CronScheduleError) -> CronSchedule {
        let tokens = tokenize(expression, from: 0, separator: { $0.isWhitespace })
        guard let first = tokens.first else {
            throw failure("an empty cron schedule never fires; write five fields such as '0 9 * * mon-fri' or a macro such as '@daily'",
                          offset: 0, length: expression.count)
        }
        let whole = (first.offset, expression.count - first.offset)
        var fields = tokens
        if first.text.hasPrefix("@") {
            guard let expansion = CronParser.macros[first.text.lowercased()] else {
                let every = first.text.lowercased() == "@every"
                throw failure(every
                    ? "'@every' is not supported; write a 5-field schedule such as '*/15 * * * *'"
                    : "unknown macro '\(first.text)'; use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly",
                    at: first)
            }
            guard tokens.count == 1 else {
                throw failure("the macro '\(first.text)' stands alone; remove '\(tokens[1].text)'", at: tokens[1])
            }
            fields = expansion.split(separator: " ").map { Token(text: String($0), offset: first.offset) }
        } else if first.text.contains("=") {
            throw failure("time zone prefixes such as '\(first.text)' are not supported; schedules run in the organization's time zone ('timezone:' in steward.yaml)",
                          at: first)
        } else if tokens.count != 5 {
            let extra = tokens.count > 5 ? "; steward has no seconds or year field" : ""
            throw failure("a cron schedule has 5 fields (minute hour day-of-month month day-of-week) but '\(expression.trimmingWhitespace())' has \(tokens.count)\(extra)",
                          offset: whole.0, length: whole.1)
        }
        var values: [Value] = []
        for field in Field.allCases {
            values.append(try parse(fields[field.rawValue], as: field))
        }
        let dayOfMonthText = fields[Field.dayOfMonth.rawValue].text
        let dayOfWeekText = fields[Field.dayOfWeek.rawValue].text
        let either = !dayOfMonthText.hasPrefix("*") && !dayOfMonthText.hasPrefix("?")
            && !dayOfWeekText.hasPrefix("*") && !dayOfWeekText.hasPrefix("?")
        let schedule = CronSchedule(
            expression: expression,
            minutes: values[0].bits, hours: values[1].bits,
            daysOfMonth: values[2].bits, lastDayOfMonth: values[2].lastDay, months: values[3].bits,
            weekdays: values[4].bits, nthWeekdays: values[4].nth,
            eitherDayMatches: either,
            followsWallClock: !fields[0].text.hasPrefix("*") && !fields[1].text.hasPrefix("*")
        )
        if !either && !values[2].lastDay && !CronParser.someMonthHasDay(values[2].bits, months: values[3].bits) {
            let month = fields[Field.month.rawValue].text
            throw failure("day-of-month '\(dayOfMonthText)' never occurs in month '\(month)', so the schedule would never fire; check the day and the month",
                          at: fields[Field.dayOfMonth.rawValue])
        }
        return schedule
    }

    /// Whether some allowed month (29 days for February) has some allowed day.
    static func someMonthHasDay(_ days: UInt64, months: UInt64) -> Bool {
        (1...12).contains { month in
            let length = month == 2 ? 29 : CivilDate.daysIn(month: month, year: 2001)
            return months.has(month) && days & ((UInt64(1) << UInt64(length + 1)) - 2) != 0
        }
    }

    private func parse(_ token: Token, as field: Field) throws(CronScheduleError) -> Value {
        var value = Value()
        for item in tokenize(token.text, from: token.offset, separator: { $0 == "," }, keepEmpty: true) {
            guard !item.text.isEmpty else {
                throw failure("the \(field.name) field '\(token.text)' has an empty list item; remove the extra ','", at: token)
            }
            try add(item, of: field, to: &value)
        }
        return value
    }

    private func add(_ item: Token, of field: Field, to value: inout Value) throws(CronScheduleError) {
        let text = item.text
        let dayField = field == .dayOfMonth || field == .dayOfWeek
        if text == "?" {
            guard dayField else {
                throw failure("'?' means 'any day' and fits only the day-of-month and day-of-week fields; write '*' in the \(field.name) field", at: item)
            }
            value.bits |= CronParser.bits(field.range, step: 1, field: field)
            return
        }
        if field == .dayOfMonth && text.lowercased() == "l" {
            value.lastDay = true
            return
        }
        if field == .dayOfWeek && text.contains("#") {
            let parts = text.split(separator: "#", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].contains(where: { "-/*".contains($0) }) else {
                throw failure("'#' needs one weekday before it and a week number after it, e.g. 'mon#1'", at: item)
            }
            let weekday = try number(String(parts[0]), of: field, in: item) % 7
            guard parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let week = Int(parts[1]), (1...5).contains(week) else {
                throw failure("the week number after '#' in '\(item.text)' must be 1–5 (the 1st to 5th such weekday of the month)", at: item)
            }
            value.nth |= 1 << UInt64(weekday * 5 + week - 1)
            return
        }
        let slashParts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard slashParts.count <= 2 else {
            throw failure("'\(item.text)' has more than one '/'; write a step as 'range/step', e.g. '*/15'", at: item)
        }
        var step = 1
        if slashParts.count == 2 {
            let stepText = String(slashParts[1])
            guard !stepText.isEmpty, stepText.allSatisfy({ $0.isASCII && $0.isNumber }), stepText.count <= 4, let parsed = Int(stepText) else {
                throw failure("the step '\(stepText)' in '\(item.text)' is not a whole number; write e.g. '*/15'", at: item)
            }
            guard parsed >= 1 else {
                throw failure("a step of 0 in '\(item.text)' never advances; use a step of at least 1", at: item)
            }
            guard parsed <= field.span else {
                throw failure("the step \(parsed) in '\(item.text)' is larger than the \(field.name) field's \(field.span) values", at: item)
            }
            step = parsed
        }
        let base = String(slashParts[0])
        var range: ClosedRange<Int>
        if base == "*" {
            range = field.range
        } else if base.contains("-") {
            let ends = base.split(separator: "-", omittingEmptySubsequences: false)
            guard ends.count == 2, !ends[0].isEmpty, !ends[1].isEmpty else {
                throw failure("'\(item.text)' is not a range; write it as 'first-last', e.g. '1-5'", at: item)
            }
            let low = try number(String(ends[0]), of: field, in: item)
            var high = try number(String(ends[1]), of: field, in: item)
            if field == .dayOfWeek && high == 0 && low > 0 { high = 7 }  // fri-sun
            guard low <= high else {
                throw failure("the range '\(item.text)' runs backwards; write the smaller value first", at: item)
            }
            range = low...high
        } else {
            let start = try number(base, of: field, in: item)
            range = start...(slashParts.count == 2 ? field.range.upperBound : start)
        }
        value.bits |= CronParser.bits(range, step: step, field: field)
    }

    /// The bits for every `step`-th value of `range`; day-of-week 7 becomes 0 (Sunday).
    static func bits(_ range: ClosedRange<Int>, step: Int, field: Field) -> UInt64 {
        var bits: UInt64 = 0
        for value in stride(from: range.lowerBound, through: range.upperBound, by: step) {
            bits |= 1 << UInt64(field == .dayOfWeek ? value % 7 : value)
        }
        return bits
    }

    /// One number or name of `field`, checked against its range.
    private func number(_ text: String, of field: Field, in item: Token) throws(CronScheduleError) -> Int {
        if let index = field.names.firstIndex(of: text.lowercased()) { return index + field.firstNameValue }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw failure(unsupported(text.lowercased(), field: field) ?? "'\(text)' is not a valid \(field.name); write \(field.hint)", at: item)
        }
        guard text.count <= 4, let value = Int(text), field.range.contains(value) else {
            throw failure("\(field.name) \(text) is out of range \(field.range.lowerBound)–\(field.range.upperBound)", at: item)
        }
        return value
    }

    /// A message for a known non-standard extension, if `text` is one.
    private func unsupported(_ text: String, field: Field) -> String? {
        switch field {
        case .dayOfMonth where text == "l":
            return "'L' (the last day of the month) must stand alone as a list item, e.g. '15,L'"
        case .dayOfMonth where text.hasSuffix("w"):
            return "'\(text.uppercased())' (nearest weekday) is a non-standard cron extension that steward does not support; list the days instead"
        case .dayOfMonth where text.contains("l"):
            return "'\(text.uppercased())' is a non-standard cron extension that steward does not support; write 'L' alone for the last day of the month"
        case .dayOfWeek where text.contains("l"):
            return "'\(text.uppercased())' (last weekday of the month) is a non-standard cron extension that steward does not support; use 'weekday#n', e.g. 'fri#1', or list the days"
        default:
            return nil
        }
    }

    private func failure(_ message: String, at token: Token) -> CronScheduleError {
        failure(message, offset: token.offset, length: max(1, token.text.count))
    }

    private func failure(_ message: String, offset: Int, length: Int) -> CronScheduleError {
        CronScheduleError(expression: expression, message: message, offset: offset, length: length)
    }

    /// Splits `text` at separator characters, keeping each piece's character offset
    /// (counted from `base`).
    private func tokenize(_ text: String, from base: Int, separator: (Character) -> Bool, keepEmpty: Bool = false) -> [Token] {
        var tokens: [Token] = []
        var current = ""
        var start = base
        for (index, character) in text.enumerated() {
            if separator(character) {
                if keepEmpty || !current.isEmpty { tokens.append(Token(text: current, offset: start)) }
                current = ""
                start = base + index + 1
            } else {
                current.append(character)
            }
        }
        if keepEmpty || !current.isEmpty { tokens.append(Token(text: current, offset: start)) }
        return tokens
    }
}
