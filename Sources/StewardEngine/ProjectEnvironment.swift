import Foundation
import StewardDiagnostics
import StewardModel
import StewardTime
import StewardYAML

/// The roster and calendar files as one snapshot, stored by hash with the trail's entries so
/// that replaying an old trail decides with the people and working days of its time, not
/// with today's files (an edited roster would otherwise look like tampering).
public struct ProjectEnvironment: Sendable, Equatable {
    /// The roster file's text, if the project has one that loads.
    public let roster: String?
    /// Each calendar file's text by the calendar's name.
    public let calendars: [String: String]
    /// The stored form: JSON, keys sorted; its SHA-256 is the snapshot's name.
    public let source: [UInt8]
    public let hash: String

    public init(roster: String?, calendars: [String: String]) {
        self.roster = roster
        self.calendars = calendars
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        source = Array((try? encoder.encode(Stored(roster: roster, calendars: calendars))) ?? Data())
        hash = CompiledWorkflow.hash(source)
    }

    /// The snapshot in `bytes`, or nil when they are not one.
    public init?(source bytes: [UInt8]) {
        guard let stored = try? JSONDecoder().decode(Stored.self, from: Data(bytes)) else { return nil }
        self.init(roster: stored.roster, calendars: stored.calendars)
    }

    private struct Stored: Codable {
        let roster: String?
        let calendars: [String: String]
    }

    /// What a project's roster and calendar files give, and their snapshot: the one place
    /// either a project's files or a stored snapshot are turned into people and calendars.
    /// A roster with errors is left out, as is a calendar that does not load.
    static func load(roster file: YAMLSource?, calendars files: [YAMLSource])
        -> (roster: Roster?, calendars: [String: WorkingCalendar], findings: [Diagnostic], environment: ProjectEnvironment) {
        var findings: [Diagnostic] = []
        var roster: Roster?
        var rosterText: String?
        if let file {
            let (loaded, rosterFindings) = RosterLoader().load(file)
            findings += rosterFindings
            if !rosterFindings.contains(where: { $0.severity == .error }) {
                roster = loaded
                rosterText = String(decoding: file.bytes, as: UTF8.self)
            }
        }
        var calendars: [String: WorkingCalendar] = [:]
        var calendarTexts: [String: String] = [:]
        for file in files {
            let (calendar, calendarFindings) = CalendarLoader().load(file)
            findings += calendarFindings
            guard let calendar else { continue }
            calendars[calendar.name] = calendar
            calendarTexts[calendar.name] = String(decoding: file.bytes, as: UTF8.self)
        }
        return (roster, calendars, findings, ProjectEnvironment(roster: rosterText, calendars: calendarTexts))
    }

    /// The roster and calendars read from the snapshot's texts.
    func load(label: String) -> (roster: Roster?, calendars: [String: WorkingCalendar]) {
        let loaded = Self.load(
            roster: roster.map { YAMLSource(path: "\(label) roster", bytes: Array($0.utf8)) },
            calendars: calendars.sorted { $0.key < $1.key }.map { name, text in
                YAMLSource(path: "\(label) calendar \(name)", bytes: Array(text.utf8))
            })
        return (loaded.roster, loaded.calendars)
    }
}
