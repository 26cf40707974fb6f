import ArgumentParser
import Foundation
import StewardAudit
import StewardCore
import StewardEngine
import StewardTime

/// `steward notices`: what Steward told a person lately (new tasks, reminders, escalations,
/// reassignments, problems for admins), read from the trail, which records every notice;
/// for offices whose outbox is not delivered anywhere yet.
struct Notices: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the notices sent to the acting person (or --all), in the order the trail recorded them.")

    @OptionGroup var options: GlobalOptions
    @Flag(help: "Every notice, whoever it was for.") var all = false
    @Option(help: "From this date or time (default: 30 days ago; a date starts at midnight in the office's time zone).")
    var since: String?

    struct Item: Encodable {
        let seq: Int64, at: String, instance: String, to: [String], reason: String, subject: String, body: String
    }

    func run() throws {
        let session = try Session(options, readOnly: true, calendarWarnings: false)
        let person = all ? nil : try session.actor(options).person
        let zone = session.project.zone
        let now = session.engine.now
        let from = try since.map { try AuditLog.time($0, "--since", zone: zone) }
            ?? now.adding(milliseconds: -30 * 86_400_000).millisecondsSinceEpoch
        var items: [Item] = []
        do {
            try session.engine.trail(instance: nil, person: nil, since: from, until: nil) { entry in
                guard entry.details.contains("\"notices\""), let notices = EntryDetails.parse(entry.details)?.notices else { return }
                let at = Instant(millisecondsSinceEpoch: entry.at).iso8601(in: zone)
                for notice in notices where person.map(notice.people.contains) ?? true {
                    items.append(Item(seq: entry.seq, at: at, instance: entry.instance, to: notice.people, reason: notice.reason,
                                      subject: notice.subject, body: notice.body))
                }
            }
        } catch {
            throw Failure.report(error)
        }
        if options.json { printJSON(items); return }
        if items.isEmpty { print(person.map { "no notices for \($0)" } ?? "no notices") }
        let display = Display(roster: session.project.roster)
        for item in items {
            let whom = person == nil ? "  to \(display.people(item.to))" : ""
            print(Display.shown("\(Display.moment(item.at))  \(item.subject)  [\(item.reason)]  \(item.body)\(whom)"))
        }
    }
}
