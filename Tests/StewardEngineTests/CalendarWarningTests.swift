import Foundation
import StewardEngine
import StewardTime
import Testing

/// Organizers are told, ahead of time, that a calendar's holiday data is running out.
@Suite("calendar data running out")
struct CalendarWarningTests {
    @Test("within 45 days of the last covered year's end, and after it, each command warns; before, none")
    func warnings() throws {
        let project = try TestProject(workflows: ["sign-off": TestProject.signOff])
        defer { project.remove() }
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let calendars = project.root.appendingPathComponent("calendars")
        try FileManager.default.createDirectory(at: calendars, withIntermediateDirectories: true)
        // The package's file is a link into the templates: copy what it holds.
        try Data(contentsOf: package.appendingPathComponent("calendars/cn-workdays.yaml"))
            .write(to: calendars.appendingPathComponent("cn-workdays.yaml"))
        let loaded = try Project.load(configFile: project.configFile)
        try loaded.checkSound()
        let covered = try #require(loaded.calendars["cn-workdays"]?.coveredYears)
        let last = covered.upperBound
        // Shanghai dates; 31 December of the last year is day 0.
        #expect(loaded.calendarWarnings(at: .at("\(last)-11-01T09:00:00+08:00")).isEmpty)
        let soon = loaded.calendarWarnings(at: .at("\(last)-11-25T09:00:00+08:00"))
        #expect(soon.count == 1)
        #expect(soon.first?.contains("calendar 'cn-workdays' has holiday data up to \(last) only") == true)
        #expect(soon.first?.contains("add \(last + 1)'s holidays") == true)
        #expect(loaded.calendarWarnings(at: .at("\(last + 1)-03-01T09:00:00+08:00")).count == 1)

        // The command organizers run says it; cron's tick does not.
        let status = try project.steward(["status"], now: .at("\(last)-12-20T09:00:00+08:00"))
        #expect(status.stderr.contains("has holiday data up to \(last) only"), "\(status)")
        let tick = try project.steward(["tick"], now: .at("\(last)-12-20T09:00:00+08:00"))
        #expect(tick.status == 0)
        #expect(!tick.stderr.contains("holiday data"), "\(tick)")
    }
}
