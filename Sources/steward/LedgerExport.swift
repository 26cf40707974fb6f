import ArgumentParser
import Foundation
import StewardAudit
import StewardEngine
import StewardStore

/// `steward ledger …`: the office's records as a table for a spreadsheet.
struct Ledger: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export the instances or tasks as a table (CSV) for a spreadsheet.",
        subcommands: [LedgerExport.self])
}

struct LedgerExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write one row per instance or per task as CSV: UTF-8 with a byte order mark, office time zone, form values as columns.",
        discussion: """
            csv keeps every value exactly (RFC 4180), for programs; xlsx-csv is the same but puts a ' before a value \
            that starts with = + - @, a tab or CR, so a spreadsheet shows it as text and never runs it as a formula.
            """)

    enum Format: String, ExpressibleByArgument { case csv, xlsxCSV = "xlsx-csv" }
    enum Per: String, ExpressibleByArgument { case instance, task }

    @OptionGroup var options: GlobalOptions
    @Option(help: "csv or xlsx-csv.") var format: Format = .csv
    @Option(help: "One row per instance or per task.") var per: Per = .instance
    @Option(help: "Only instances of this workflow id.") var workflow: String?
    @Option(help: "Only instances with a trail entry from this date or time on (office time zone); tasks opened from then.")
    var since: String?
    @Option(help: "Only up to this date or time (exclusive).") var until: String?
    @Option(name: [.customLong("out"), .customLong("output")],
            help: "Write to this file instead of standard output (an existing file only with --force).")
    var out: String?
    @Flag(help: "Replace the file --out names if it exists.") var force = false

    func run() throws {
        let session = try Session(options, readOnly: true, calendarWarnings: false)
        try Output.checkWritable(out, force: force, store: session.engine.store.location)
        let zone = session.project.zone
        let from = try since.map { try AuditLog.time($0, "--since", zone: zone) }
        let to = try until.map { try AuditLog.time($0, "--until", zone: zone) }
        // A person named with --as gets only the instances they may read (the workflows' 'readers:').
        let reader = try session.actor(options, required: false).person
        let table: LedgerTable
        do {
            table = try rows(session, reader: reader, from: from, to: to)
        } catch {
            throw Failure.report(error)
        }
        let inert = format == .xlsxCSV
        try Output.write(table.csv(per: per, cell: { inert ? TrailCSV.quoted(TrailCSV.inert($0)) : TrailCSV.quoted($0) }), to: out)
    }

    /// The instances with a trail entry in the period (of the workflow asked for), or their
    /// tasks opened in it.
    private func rows(_ session: Session, reader: String?, from: Int64?, to: Int64?) throws(EngineError) -> LedgerTable {
        let engine = session.engine
        var table = LedgerTable(zone: session.project.zone)
        var ids: [String] = []
        var seen = Set<String>()
        try engine.trail(instance: nil, person: nil, since: from, until: to) { entry in
            if !entry.instance.isEmpty, seen.insert(entry.instance).inserted { ids.append(entry.instance) }
        }
        var builder = ReportBuilder(engine: engine, project: session.project)
        for id in ids {
            if let reader, try !engine.mayRead(reader, instance: id) { continue }
            let instance = try builder.instance(id)
            if let workflow, instance.workflowID != workflow { continue }
            guard per == .task else {
                table.add(instance)
                continue
            }
            for task in try engine.tasks(ofInstance: id) {
                if let from, task.openedAt < from { continue }
                if let to, task.openedAt >= to { continue }
                table.add(task, of: instance)
            }
        }
        return table
    }
}

/// The rows of a ledger export; the form fields' columns are the union of the fields the
/// rows hold, in the order first met, each headed by its id and label.
struct LedgerTable {
    let zone: TimeZone
    private(set) var rows: [(fixed: [String], fields: [String: String])] = []
    private(set) var fieldColumns: [(id: String, label: String?)] = []

    init(zone: TimeZone) { self.zone = zone }

    private func time(_ ms: Int64?) -> String {
        // `2026-11-02 09:00:00`: a spreadsheet reads it as a date and time; the header names the zone.
        ms.map { String(ReportText.time($0, zone).prefix(19)) } ?? ""
    }

    private mutating func note(_ field: ReportInstance.Field, into values: inout [String: String], prefix: String = "") {
        let id = prefix + field.id
        if !fieldColumns.contains(where: { $0.id == id }) { fieldColumns.append((id, field.label)) }
        values[id] = field.value
    }

    mutating func add(_ instance: ReportInstance) {
        var values: [String: String] = [:]
        for input in instance.inputs { note(input, into: &values, prefix: "input.") }
        // The latest value of each field over the instance's acts (a resubmitted form replaces the first).
        for vote in instance.decisions.flatMap(\.votes).sorted(by: { $0.seq < $1.seq }) {
            for field in vote.form { note(field, into: &values) }
        }
        let startedBy = instance.rows.first { $0.event == "started" }?.person ?? ""
        rows.append(([instance.id, instance.workflowID, instance.workflowTitle ?? "", instance.status, time(instance.startedAt),
                      startedBy, time(instance.lastAt), "\(instance.decisions.count)", "\(instance.missedDeadlines)",
                      instance.definitions.joined(separator: " ")], values))
    }

    mutating func add(_ task: TaskRow, of instance: ReportInstance) {
        let decision = instance.decisions.first { $0.task == task.id }
        var values: [String: String] = [:]
        for vote in decision?.votes ?? [] { for field in vote.form { note(field, into: &values) } }
        let votes = decision?.votes ?? []
        let choices = votes.map { vote in vote.action.map { "\(vote.person): \($0)" } ?? "\(vote.person): voted" }
        let comments = votes.compactMap { vote in vote.comment.map { "\(vote.person): \($0)" } }
        let lastAct = votes.last?.at
        let onTime: String = if let due = task.dueAt, let lastAct { lastAct <= due ? "met" : "missed" } else { "" }
        rows.append(([instance.id, instance.workflowID, task.id, task.state, task.title, task.status.rawValue,
                      time(task.openedAt), time(task.dueAt), time(lastAct), onTime, decision?.outcome ?? "",
                      choices.joined(separator: "; "), comments.joined(separator: "; ")], values))
    }

    func csv(per: LedgerExport.Per, cell: (String) -> String) -> String {
        let zoneName = zone.identifier
        let fixed = switch per {
        case .instance: ["instance", "workflow", "title", "status", "started (\(zoneName))", "started by",
                         "last entry (\(zoneName))", "decisions", "deadlines missed", "definition"]
        case .task: ["instance", "workflow", "task", "state", "title", "status", "opened (\(zoneName))", "due (\(zoneName))",
                     "acted (\(zoneName))", "deadline", "decided", "choices", "comments"]
        }
        let header = fixed + fieldColumns.map { column in column.label.map { "\(column.id) (\($0))" } ?? column.id }
        var out = "\u{FEFF}" + header.map(cell).joined(separator: ",") + "\r\n"
        for row in rows {
            let cells = row.fixed + fieldColumns.map { row.fields[$0.id] ?? "" }
            out += cells.map(cell).joined(separator: ",") + "\r\n"
        }
        return out
    }
}
