import Foundation
import StewardModel
import StewardTime
import StewardYAML

/// The roster and calendar files as one snapshot, stored by hash with the trail's entries so
/// that replaying an old trail decides with the people and working days of its time, not
/// with today's files (an edited roster would otherwise look like tampering).
public struct ProjectEnvironment: Sendable, Equatable {
    /// The roster file's text, if the project has one.
    public let roster: String?
    /// Each calendar file's text by the calendar's name.
    public let calendars: [String: String]

    public init(roster: String?, calendars: [String: String]) {
        self.roster = roster
        self.calendars = calendars
    }

    /// The stored form: JSON, keys sorted; its SHA-256 is the snapshot's name.
    public var source: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(Stored(roster: roster, calendars: calendars))) ?? Data())
    }

    public var hash: String { CompiledWorkflow.hash(source) }

    /// The snapshot in `bytes`, or nil when they are not one.
    public init?(source bytes: [UInt8]) {
        guard let stored = try? JSONDecoder().decode(Stored.self, from: Data(bytes)) else { return nil }
        self.init(roster: stored.roster, calendars: stored.calendars)
    }

    private struct Stored: Codable {
        let roster: String?
        let calendars: [String: String]
    }

    /// The roster and calendars read from the snapshot's texts (files that no longer load
    /// are left out, as a project leaves them out when it loads).
    func load(label: String) -> (roster: Roster?, calendars: [String: WorkingCalendar]) {
        var loadedRoster: Roster?
        if let roster {
            let (loaded, findings) = RosterLoader().load(YAMLSource(path: "\(label) roster", bytes: Array(roster.utf8)))
            if !findings.contains(where: { $0.severity == .error }) { loadedRoster = loaded }
        }
        var loadedCalendars: [String: WorkingCalendar] = [:]
        for (name, text) in calendars.sorted(by: { $0.key < $1.key }) {
            if let calendar = CalendarLoader().load(YAMLSource(path: "\(label) calendar \(name)", bytes: Array(text.utf8))).calendar {
                loadedCalendars[calendar.name] = calendar
            }
        }
        return (loadedRoster, loadedCalendars)
    }
}
