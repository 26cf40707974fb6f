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

        init(_ sent: SentNotice, zone: TimeZone) {
            seq = sent.seq
            at = Instant(millisecondsSinceEpoch: sent.at).iso8601(in: zone)
            instance = sent.instance
            to = sent.notice.people
            reason = sent.notice.reason
            subject = sent.notice.subject
            body = sent.notice.body
        }
    }

    func run() throws {
        let session = try Session(options, readOnly: true, calendarWarnings: false)
        let person = all ? nil : try session.actor(options).person
        let zone = session.project.zone
        let now = session.engine.now
        let from = try since.map { try AuditLog.time($0, "--since", zone: zone) }
            ?? now.adding(milliseconds: -30 * 86_400_000).millisecondsSinceEpoch
        // With --all, a person named with --as sees only the notices of instances they may read
        // (the workflow's 'readers:'): a notice's words carry what the instance is about.
        let reader = all ? try session.actor(options, required: false).person : nil
        var readable: [String: Bool] = [:]
        var sent: [SentNotice] = []
        var hidden = 0
        do {
            try session.engine.notices(to: person, since: from) { sent.append($0) }
            for notice in sent {
                if let reader, readable[notice.instance] == nil {
                    readable[notice.instance] = try session.engine.mayRead(reader, instance: notice.instance)
                }
                if readable[notice.instance] == false { hidden += 1 }
            }
        } catch {
            throw Failure.report(error)
        }
        let items = sent.filter { readable[$0.instance] != false }.map { Item($0, zone: zone) }
        if options.json { printJSON(items); return }
        if items.isEmpty { print(person.map { "no notices for \($0)" } ?? "no notices") }
        let display = Display(roster: session.project.roster)
        for item in items {
            let whom = person == nil ? "  to \(display.people(item.to))" : ""
            print(Display.shown("\(Display.moment(item.at))  \(item.subject)  [\(item.reason)]  \(item.body)\(whom)"))
        }
        if hidden > 0, let reader { print("(\(hidden) not shown: \(reader) may not read their instances)") }
    }
}
