import StewardDiagnostics
import StewardTime
import StewardYAML

extension CalendarLoader {
    /// Where in the calendar file a rejected value is written: the entry, the weekday or the
    /// key the error names; the file's start only when none is found.
    static func place(of error: CalendarDefinitionError, in top: YAMLMapping) -> SourceLocation {
        func at(_ node: YAMLNode?) -> SourceLocation? { node.map { SchemaReader.location($0.start) } }
        /// The key of the last entry of `section` for `date` (a duplicate is the second one).
        func entry(_ section: String, _ matches: (String) -> Bool) -> SourceLocation? {
            at(top[section]?.mapping?.pairs.last { pair in pair.key.scalar.map { matches($0.text) } ?? false }?.key)
        }
        func dated(_ section: String, _ date: CivilDate) -> SourceLocation? {
            entry(section) { CivilDate(iso: $0) == date }
        }
        let found: SourceLocation?
        switch error {
        case .badName: found = at(top["name"])
        case .badYears: found = at(top["years"])
        case .badWeekday(let text):
            found = at(top["weekend"]?.sequence?.items.first { $0.scalar?.text == text }) ?? at(top["weekend"])
        case .badDate(let section, let text): found = entry(section) { $0 == text }
        case .missingEntryName(let section, let date), .duplicateDate(let section, let date),
             .dateOutsideYears(let section, let date, _):
            found = dated(section, date)
        case .holidayAndWorkday(let date), .workdayNotOnWeekend(let date): found = dated("workdays", date)
        }
        return found ?? SchemaReader.location(top.range.start)
    }
}
