extension WorkingCalendar {
    /// One dated line of a calendar file: `2004-01-01: 元旦`.
    public struct Entry: Hashable, Sendable {
        /// The date as written (`2004-01-01`).
        public var date: String
        /// The holiday or make-up day name (`元旦`, `春节调休`).
        public var name: String

        /// Creates an entry from the text of a calendar file.
        public init(date: String, name: String) {
            self.date = date
            self.name = name
        }
    }

    /// The plain values of a calendar file, as the YAML layer reads them.
    ///
    /// ```yaml
    /// name: cn-workdays
    /// title: 中国法定工作日
    /// years: [2004, 2026]
    /// weekend: [saturday, sunday]
    /// holidays:
    ///   2004-01-01: 元旦
    /// workdays:
    ///   2004-01-17: 春节调休
    /// ```
    public struct Entries: Hashable, Sendable {
        /// `name`: how workflows refer to the calendar.
        public var name: String
        /// `title`: a human title, optional.
        public var title: String?
        /// `years`: first and last covered year.
        public var years: [Int]
        /// `weekend`: day names (`saturday`, `sun`, `周六`); nil means Saturday and Sunday.
        public var weekend: [String]?
        /// `holidays`: days off.
        public var holidays: [Entry]
        /// `workdays`: make-up working days (调休).
        public var workdays: [Entry]
        /// `in_lieu`: days off in lieu, information only.
        public var inLieu: [Entry]

        /// Creates the values of a calendar file.
        public init(
            name: String, title: String? = nil, years: [Int], weekend: [String]? = nil,
            holidays: [Entry], workdays: [Entry], inLieu: [Entry] = []
        ) {
            self.name = name
            self.title = title
            self.years = years
            self.weekend = weekend
            self.holidays = holidays
            self.workdays = workdays
            self.inLieu = inLieu
        }
    }

    /// Builds a calendar from a calendar file's plain values, checking every entry.
    public init(parsingEntries entries: Entries) throws(CalendarDefinitionError) {
        guard WorkingCalendar.isValidName(entries.name) else { throw .badName(entries.name) }
        guard entries.years.count == 2, entries.years[0] <= entries.years[1] else {
            throw .badYears(entries.years.map(String.init).joined(separator: ", "))
        }
        var weekendDays: Set<Int> = [6, 7]
        if let names = entries.weekend {
            weekendDays = []
            for text in names {
                guard let day = WorkingCalendar.isoWeekday(named: text) else { throw .badWeekday(text) }
                weekendDays.insert(day)
            }
        }
        try self.init(
            name: entries.name,
            title: entries.title,
            years: entries.years[0]...entries.years[1],
            weekendDays: weekendDays,
            holidays: WorkingCalendar.dated(entries.holidays, section: "holidays"),
            makeUpWorkdays: WorkingCalendar.dated(entries.workdays, section: "workdays"),
            inLieuDays: WorkingCalendar.dated(entries.inLieu, section: "in_lieu")
        )
    }

    private static func dated(_ entries: [Entry], section: String) throws(CalendarDefinitionError) -> [CivilDate: String] {
        var result: [CivilDate: String] = [:]
        for entry in entries {
            guard let date = CivilDate(iso: entry.date) else { throw .badDate(section: section, text: entry.date) }
            guard result[date] == nil else { throw .duplicateDate(section: section, date: date) }
            let name = entry.name.trimmingWhitespace()
            guard !name.isEmpty else { throw .missingEntryName(section: section, date: date) }
            result[date] = name
        }
        return result
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first != "-" else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// ISO weekday number (1 = Monday) for an English or Chinese day name.
    static func isoWeekday(named text: String) -> Int? {
        let key = text.trimmingWhitespace().lowercased()
        let english = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        if let index = english.firstIndex(where: { $0 == key || $0.prefix(3) == key }) { return index + 1 }
        let chinese = ["一", "二", "三", "四", "五", "六", "日"]
        for prefix in ["周", "星期", "礼拜"] where key.hasPrefix(prefix) {
            let rest = String(key.dropFirst(prefix.count))
            if rest == "天" { return 7 }
            if let index = chinese.firstIndex(of: rest) { return index + 1 }
        }
        return nil
    }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace (including the ideographic space U+3000).
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let end = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start...end])
        return String(view)
    }
}
