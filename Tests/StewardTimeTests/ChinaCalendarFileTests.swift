import Foundation
import Testing
@testable import StewardTime

/// The shipped `calendars/cn-workdays.yaml` must hold exactly the suite's facts.
///
/// The file has a fixed one-entry-per-line shape, so a tiny line reader suffices here
/// (the YAML module belongs to another layer).
@Suite struct ChinaCalendarFileTests {
    static let chineseNames = [
        "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节", "Labour Day": "劳动节",
        "Dragon Boat Festival": "端午节", "Mid-autumn Festival": "中秋节", "National Day": "国庆节",
        "Anti-Fascist 70th Day": "抗战胜利纪念日",
    ]

    /// Top-level scalars and the two dated sections of the file, in file order.
    struct CalendarFile {
        var scalars: [String: String] = [:]
        var sections: [String: [(date: String, name: String)]] = [:]

        init(text: String) {
            var section: String?
            for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
                let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
                guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                let parts = line.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                let key = parts[0].trimmingCharacters(in: .whitespaces)
                let value = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
                if line.hasPrefix("  "), let section {
                    sections[section, default: []].append((key, value))
                } else if value.isEmpty {
                    section = key
                } else {
                    section = nil
                    scalars[key] = value
                }
            }
        }

        var entries: WorkingCalendar.Entries {
            func list(_ name: String) -> [WorkingCalendar.Entry] {
                (sections[name] ?? []).map { WorkingCalendar.Entry(date: $0.date, name: $0.name) }
            }
            func numbers(_ text: String?) -> [Int] {
                (text ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "[]")).split(separator: ",")
                    .compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            }
            let weekend = (scalars["weekend"] ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
                .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            return WorkingCalendar.Entries(
                name: scalars["name"] ?? "", title: scalars["title"], years: numbers(scalars["years"]),
                weekend: weekend, holidays: list("holidays"), workdays: list("workdays")
            )
        }
    }

    func loadFile() throws -> CalendarFile {
        CalendarFile(text: try TestData.packageText("calendars/cn-workdays.yaml"))
    }

    @Test func headerNamesTheCalendarAndItsYears() throws {
        let file = try loadFile()
        #expect(file.scalars["name"] == "cn-workdays")
        #expect(file.scalars["title"] == "中国法定工作日")
        #expect(file.scalars["years"] == "[2004, 2026]")
        #expect(file.scalars["weekend"] == "[saturday, sunday]")
        let text = try TestData.packageText("calendars/cn-workdays.yaml")
        #expect(text.contains("chinesecalendar 1.11.0"))
        #expect(text.contains("MIT"))
    }

    @Test func holidaysAreExactlyTheFactsWithChineseNames() throws {
        let facts = try ChinaWorkdayFacts.load()
        let rows = try loadFile().sections["holidays"] ?? []
        #expect(rows.map(\.date) == facts.holidays.keys.sorted())  // same days, sorted, one per line
        for row in rows {
            let english = try #require(facts.holidays[row.date])
            #expect(row.name == Self.chineseNames[english], "\(row.date)")
        }
        #expect(rows.contains { $0.date == "2015-09-03" && $0.name == "抗战胜利纪念日" })
    }

    @Test func makeUpWorkdaysAreExactlyTheFacts() throws {
        let facts = try ChinaWorkdayFacts.load()
        let rows = try loadFile().sections["workdays"] ?? []
        #expect(rows.map(\.date) == facts.adjusted_workdays.keys.sorted())
        for row in rows {
            let english = try #require(facts.adjusted_workdays[row.date])
            #expect(row.name == (Self.chineseNames[english] ?? "?") + "调休", "\(row.date)")
        }
    }

    @Test func theFileBuildsACalendarThatMeetsEveryDeadlineVector() throws {
        let calendar = try WorkingCalendar(parsingEntries: loadFile().entries)
        #expect(calendar.name == "cn-workdays")
        #expect(calendar.coveredYears == 2004...2026)
        for vector in try ChinaWorkdayFacts.load().deadline_vectors.cases {
            #expect(try calendar.adding(workdays: vector.add_workdays, to: date(vector.start)) == date(vector.due), "\(vector)")
        }
        #expect(throws: CalendarError.self) { try calendar.isWorkday(date("2027-01-01")) }
    }
}
