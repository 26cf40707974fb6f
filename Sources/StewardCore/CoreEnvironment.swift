import Foundation
import StewardModel
import StewardTime

/// What the core may consult besides the instance: people, working days, the time zone.
///
/// All of it is data handed in; the core reads no clock and no file.
public struct CoreEnvironment: Sendable {
    public var roster: Roster?
    public var calendar: (any WorkdayCalendar)?
    public var zone: TimeZone
    /// Handlers the core runs itself because they are pure (`set`, `log`, `fail`).
    public var inlineHandlers: Set<String>

    public init(roster: Roster? = nil, calendar: (any WorkdayCalendar)? = nil,
                zone: TimeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt,
                inlineHandlers: Set<String> = ["set", "log", "fail"]) {
        self.roster = roster
        self.calendar = calendar
        self.zone = zone
        self.inlineHandlers = inlineHandlers
    }
}
