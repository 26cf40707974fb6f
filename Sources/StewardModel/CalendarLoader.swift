import StewardDiagnostics
import StewardTime
import StewardYAML

/// Reads a working-day calendar file (`calendars/cn-workdays.yaml`) into a `WorkingCalendar`.
public struct CalendarLoader: Sendable {
    public init() {}

    public func load(_ source: YAMLSource) -> (calendar: WorkingCalendar?, diagnostics: [Diagnostic]) {
        let (document, yamlFindings) = YAMLLoader().loadSingleDocument(source)
        guard let document else { return (nil, yamlFindings) }
        let reader = SchemaReader(file: source.path)
        guard let top = reader.mapping(document.root, "a calendar file") else { return (nil, reader.diagnostics) }
        reader.checkKeys(top, allowed: ["name", "title", "years", "weekend", "holidays", "workdays", "in_lieu"],
                         required: ["name", "years"], "the calendar")
        let name = top["name"].flatMap { reader.string($0, "'name'") }
        let years = top["years"].flatMap { reader.sequence($0, "'years'") }?.items.compactMap { reader.integer($0, "a year") }
        func entries(_ key: String) -> [WorkingCalendar.Entry] {
            guard let node = top[key] else { return [] }
            if let s = node.scalar, s.isNull { return [] }
            guard let m = reader.mapping(node, "'\(key)'") else { return [] }
            return m.pairs.compactMap { pair in
                guard let date = reader.string(pair.key, "a date in '\(key)'"),
                      let label = reader.string(pair.value, "the name of \(date)") else { return nil }
                return WorkingCalendar.Entry(date: date, name: label)
            }
        }
        guard let name, let years, !reader.diagnostics.contains(where: { $0.severity == .error }) else {
            return (nil, reader.diagnostics)
        }
        let values = WorkingCalendar.Entries(
            name: name, title: top["title"].flatMap { reader.string($0, "'title'") }, years: years,
            weekend: top["weekend"].map { reader.words($0, "'weekend'").map(\.value) },
            holidays: entries("holidays"), workdays: entries("workdays"), inLieu: entries("in_lieu"))
        do {
            return (try WorkingCalendar(parsingEntries: values), reader.diagnostics)
        } catch {
            reader.report(.badValue, at: Self.place(of: error, in: top), "the calendar is not usable: \(error.description)")
            return (nil, reader.diagnostics)
        }
    }
}
