import Foundation
import Testing
@testable import StewardTime

/// The facts file of the calendar suite (chinesecalendar 1.11.0).
struct ChinaWorkdayFacts: Decodable {
    struct DeadlineCase: Decodable, CustomStringConvertible {
        let start: String
        let start_is_workday: Bool
        let add_workdays: Int
        let due: String
        var description: String { "\(start) + \(add_workdays) workdays" }
    }

    struct DeadlineVectors: Decodable {
        let rule: String
        let cases: [DeadlineCase]
    }

    let years: [Int]
    let holidays: [String: String]
    let adjusted_workdays: [String: String]
    let in_lieu_days: [String: String]
    let deadline_vectors: DeadlineVectors

    static func load() throws -> ChinaWorkdayFacts {
        try TestData.decode(ChinaWorkdayFacts.self, suite: "calendar/china_workdays.json")
    }

    /// A calendar built straight from the facts, independent of the shipped YAML file.
    func calendar() throws -> WorkingCalendar {
        func dates(_ entries: [String: String]) throws -> [CivilDate: String] {
            var result: [CivilDate: String] = [:]
            for (text, name) in entries {
                result[try #require(CivilDate(iso: text))] = name
            }
            return result
        }
        return try WorkingCalendar(
            name: "cn-workdays", years: years[0]...years[1],
            holidays: dates(holidays), makeUpWorkdays: dates(adjusted_workdays), inLieuDays: dates(in_lieu_days)
        )
    }
}

func date(_ text: String) throws -> CivilDate { try #require(CivilDate(iso: text)) }

@Suite struct WorkingCalendarTests {
    @Test func everyDeadlineVectorOfTheSuiteHolds() throws {
        let facts = try ChinaWorkdayFacts.load()
        let calendar = try facts.calendar()
        #expect(facts.deadline_vectors.cases.count == 628)
        for vector in facts.deadline_vectors.cases {
            let start = try date(vector.start)
            #expect(try calendar.isWorkday(start) == vector.start_is_workday, "\(vector)")
            #expect(try calendar.adding(workdays: vector.add_workdays, to: start) == date(vector.due), "\(vector)")
        }
    }

    @Test func walkingBackFromADueDateReturnsToAWorkingStart() throws {
        let facts = try ChinaWorkdayFacts.load()
        let calendar = try facts.calendar()
        for vector in facts.deadline_vectors.cases where vector.start_is_workday {
            #expect(try calendar.adding(workdays: -vector.add_workdays, to: date(vector.due)) == date(vector.start), "\(vector)")
        }
    }

    @Test(arguments: [
        ("2025-01-26", true),   // Sunday, make-up working day for the Spring Festival
        ("2025-01-28", false),  // Spring Festival
        ("2025-02-08", true),   // Saturday, make-up working day
        ("2025-02-09", false),  // ordinary Sunday
        ("2025-10-08", false),  // National Day / Mid-autumn holiday
        ("2025-10-09", true),   // ordinary Thursday
    ])
    func workdaysFollowHolidaysAndMakeUpDays(day: String, isWorkday: Bool) throws {
        let calendar = try ChinaWorkdayFacts.load().calendar()
        #expect(try calendar.isWorkday(date(day)) == isWorkday)
    }

    @Test func namedExamples() throws {
        let calendar = try ChinaWorkdayFacts.load().calendar()
        #expect(try calendar.adding(workdays: -1, to: date("2025-02-05")) == date("2025-01-27"))
        #expect(try calendar.adding(workdays: -2, to: date("2025-02-05")) == date("2025-01-26"))
        #expect(try calendar.adding(workdays: 1, to: date("2025-09-30")) == date("2025-10-09"))
        #expect(try calendar.adding(workdays: 0, to: date("2025-10-01")) == date("2025-10-01"))
        #expect(calendar.holidayName(on: try date("2025-10-01")) == "National Day")
    }

    @Test func yearsOutsideTheDataThrowInsteadOfGuessing() throws {
        let calendar = try ChinaWorkdayFacts.load().calendar()
        let uncovered = CalendarError.yearNotCovered(calendar: "cn-workdays", year: 2027, covered: 2004...2026)
        #expect(throws: uncovered) { try calendar.isWorkday(date("2027-01-04")) }
        #expect(throws: uncovered) { try calendar.adding(workdays: 1, to: date("2026-12-31")) }
        #expect(throws: uncovered) { try calendar.adding(workdays: 20, to: date("2026-12-15")) }
        #expect(throws: CalendarError.yearNotCovered(calendar: "cn-workdays", year: 2003, covered: 2004...2026)) {
            try calendar.adding(workdays: -1, to: date("2004-01-01"))
        }
        #expect(uncovered.description == "calendar 'cn-workdays' has no holiday data for 2027 (it covers 2004–2026); add that year's holidays and make-up working days to the calendar file")
    }

    @Test func countsBeyondTenYearsAreRefused() throws {
        let calendar = WorkingCalendar.weekendsOnly(name: "office")
        #expect(throws: CalendarError.countTooLarge(3651)) { try calendar.adding(workdays: 3651, to: date("2026-01-05")) }
        #expect(throws: CalendarError.countTooLarge(-3651)) { try calendar.adding(workdays: -3651, to: date("2026-01-05")) }
        // 3650 working days = 730 weeks exactly, from a Monday.
        #expect(try calendar.adding(workdays: 3650, to: date("2026-01-05")) == date("2026-01-05").adding(days: 730 * 7))
    }

    @Test func weekendsOnlyCoversEveryYearAndSkipsOnlyWeekends() throws {
        let calendar = WorkingCalendar.weekendsOnly(name: "office")
        #expect(calendar.name == "office")
        #expect(try calendar.adding(workdays: 1, to: date("2027-01-01")) == date("2027-01-04"))  // Friday → Monday
        #expect(try calendar.isWorkday(date("2027-10-01")))  // no holidays: National Day is worked
        #expect(try !calendar.isWorkday(date("2300-01-06")))  // a Saturday
        #expect(try calendar.isWorkday(date("2300-01-01")))  // a Monday
    }

    @Test func inconsistentDefinitionsAreRejected() throws {
        let d = try date("2025-01-26")
        #expect(throws: CalendarDefinitionError.holidayAndWorkday(d)) {
            try WorkingCalendar(name: "x", years: 2025...2025, holidays: [d: "a"], makeUpWorkdays: [d: "b"])
        }
        let monday = try date("2025-01-27")
        #expect(throws: CalendarDefinitionError.workdayNotOnWeekend(monday)) {
            try WorkingCalendar(name: "x", years: 2025...2025, holidays: [:], makeUpWorkdays: [monday: "b"])
        }
        #expect(throws: CalendarDefinitionError.dateOutsideYears(section: "holidays", date: monday, covered: 2026...2026)) {
            try WorkingCalendar(name: "x", years: 2026...2026, holidays: [monday: "a"], makeUpWorkdays: [:])
        }
        #expect(CalendarDefinitionError.workdayNotOnWeekend(monday).description
            == "make-up working day 2025-01-27 is a monday, which is a working day anyway; check the date or remove it from 'workdays'")
    }

    @Test func entriesAreCheckedOneByOne() throws {
        func entries(_ holidays: [WorkingCalendar.Entry], years: [Int] = [2025, 2025], name: String = "cn-workdays",
                     weekend: [String]? = nil) -> WorkingCalendar.Entries {
            WorkingCalendar.Entries(name: name, years: years, weekend: weekend, holidays: holidays, workdays: [])
        }
        let newYear = WorkingCalendar.Entry(date: "2025-01-01", name: "元旦")
        #expect(throws: CalendarDefinitionError.badDate(section: "holidays", text: "2025-1-1")) {
            try WorkingCalendar(parsingEntries: entries([.init(date: "2025-1-1", name: "元旦")]))
        }
        #expect(throws: CalendarDefinitionError.duplicateDate(section: "holidays", date: try date("2025-01-01"))) {
            try WorkingCalendar(parsingEntries: entries([newYear, newYear]))
        }
        #expect(throws: CalendarDefinitionError.missingEntryName(section: "holidays", date: try date("2025-01-01"))) {
            try WorkingCalendar(parsingEntries: entries([.init(date: "2025-01-01", name: "  ")]))
        }
        #expect(throws: CalendarDefinitionError.badYears("2026, 2025")) {
            try WorkingCalendar(parsingEntries: entries([newYear], years: [2026, 2025]))
        }
        #expect(throws: CalendarDefinitionError.badName("CN Workdays")) {
            try WorkingCalendar(parsingEntries: entries([newYear], name: "CN Workdays"))
        }
        #expect(throws: CalendarDefinitionError.badWeekday("funday")) {
            try WorkingCalendar(parsingEntries: entries([newYear], weekend: ["saturday", "funday"]))
        }
        let fridays = try WorkingCalendar(parsingEntries: entries([newYear], weekend: ["周五", "星期六"]))
        #expect(fridays.weekendDays == [5, 6])
        #expect(try fridays.isWorkday(date("2025-01-05")))  // a Sunday is worked in this calendar
        #expect(try !fridays.isWorkday(date("2025-01-01")))
    }
}
