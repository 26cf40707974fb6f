import ArgumentParser
import Foundation
import StewardCore
import StewardEngine
import StewardModel
import StewardStore
import StewardTime

/// `steward status [INSTANCE]`: one instance, or a page of the list with what it leaves out said.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show one instance, or list instances (newest first, a page at a time).")

    /// The page of a list without `--limit`: a screenful or two.
    static let defaultLimit = 200

    @OptionGroup var options: GlobalOptions
    @Argument(help: "An instance id; without it, instances are listed.") var instance: String?
    @Option(help: "Only instances of this workflow (its id).") var workflow: String?
    @Option(help: "Only instances that are running, completed, rejected, cancelled or failed.") var status: String?
    @Option(help: "Only instances started since this date or time (a date starts at midnight in the office's time zone).")
    var since: String?
    @Option(help: "Only instances this person takes part in: a task of theirs is open, or they acted on it.")
    var person: String?
    @Option(help: "At most this many instances (default \(Self.defaultLimit)).") var limit: Int?
    @Option(help: "Go on after this instance: the id a cut list ends with.") var after: String?

    func validate() throws {
        try ListOptions.check(limit: limit)
        if instance != nil, workflow != nil || status != nil || since != nil || person != nil || limit != nil || after != nil {
            throw ValidationError("--workflow, --status, --since, --person, --limit and --after narrow the list; "
                                  + "leave them out to show one instance")
        }
        _ = try statusFilter()
    }

    /// `--status` as the store's value; a misspelt one is refused with the value meant.
    func statusFilter() throws -> StewardStore.InstanceStatus? {
        guard let status else { return nil }
        if let value = StewardStore.InstanceStatus(rawValue: status) { return value }
        let names = StewardStore.InstanceStatus.allCases.map(\.rawValue)
        let guess = Suggestions.didYouMean(status, in: names).map { "; \($0)" } ?? ""
        throw ValidationError("--status takes \(names.joined(separator: ", ")); got '\(status)'\(guess)")
    }

    func run() throws {
        let session = try Session(options, readOnly: true)
        let reader = try session.actor(options, required: false).person
        let zone = session.project.zone
        let filter = InstanceFilter(workflow: workflow, status: try statusFilter(),
                                    since: try since.map { try AuditLog.time($0, "--since", zone: zone) }, person: person)
        do {
            if let instance {
                let state = try session.engine.instance(try session.engine.resolveInstance(instance))
                try session.engine.checkReader(reader, state)
                let view = InstanceView(state, zone: zone)
                if options.json { printJSON(view) } else {
                    print(view.text(Display(roster: session.project.roster)), terminator: "")
                }
                return
            }
            let page = try session.engine.instances(filter, after: after, limit: limit ?? Self.defaultLimit)
            // A person named with --as sees only the instances they may read (the workflow's 'readers:').
            var views: [InstanceView] = []
            var hidden = 0
            for state in page.items {
                if let reader, try !session.engine.mayRead(reader, state) { hidden += 1 } else { views.append(InstanceView(state, zone: zone)) }
            }
            if options.json { printJSON(PageJSON(page, items: views)); return }
            if page.total == 0 {
                print(filter == InstanceFilter() ? "no instances yet; 'steward start WORKFLOW' starts one"
                      : "no instances match" + ListOptions.workflowHint(workflow, project: session.project)
                        + ListOptions.personHint(person, project: session.project))
            }
            for view in views {
                let now = view.status == "running" ? view.states.joined(separator: ", ") : view.status
                print(Display.shown("\(view.id)  \(view.workflow)  \(now)"))
            }
            if let note = page.note("instances") { print(note) }
            if hidden > 0, let reader { print("(\(hidden) not shown: \(reader) may not read them)") }
        } catch {
            throw Failure.report(error)
        }
    }
}

/// `steward tasks`: the inbox, a page at a time, with what it leaves out said.
struct Tasks: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List open tasks waiting for the acting person (or --all).")

    /// The page of an inbox without `--limit`: more than anyone works through at once.
    static let defaultLimit = 1000

    @OptionGroup var options: GlobalOptions
    @Flag(help: "Every open task, whoever it waits for.") var all = false
    @Option(help: "Only tasks of instances of this workflow (its id).") var workflow: String?
    @Option(help: "Only tasks opened since this date or time (a date starts at midnight in the office's time zone).")
    var since: String?
    @Option(help: "At most this many tasks (default \(Self.defaultLimit)).") var limit: Int?
    @Option(help: "Go on after this task: the id a cut list ends with.") var after: String?
    @Flag(help: "One line per task: without why, the actions and the form.") var brief = false

    struct Item: Encodable {
        let instance: String, task: String, state: String, title: String, assignees: [String], due: String?, overdue: Bool
        /// Why the person has it, its actions and form; nil once the task closed meanwhile.
        let detail: TaskDetailView?
    }

    func validate() throws {
        try ListOptions.check(limit: limit)
    }

    func run() throws {
        let session = try Session(options, readOnly: true)
        let person = all ? nil : try session.actor(options).person
        // `--all --as P` leaves out the tasks of instances P may not read.
        let reader = all ? try session.actor(options, required: false).person : nil
        let zone = session.project.zone
        let now = session.engine.now
        let filter = TaskFilter(person: person, workflow: workflow,
                                since: try since.map { try AuditLog.time($0, "--since", zone: zone) })
        do {
            let page = try session.engine.inbox(filter, after: after, limit: limit ?? Self.defaultLimit)
            var readable: [String: Bool] = [:]
            var shown: [InboxItem] = []
            for item in page.items {
                if let reader, readable[item.instance] == nil {
                    readable[item.instance] = try session.engine.mayRead(reader, instance: item.instance)
                }
                if readable[item.instance] ?? true { shown.append(item) }
            }
            var titles: [String: [String: String]] = [:]
            let items = try shown.map { item throws(EngineError) in
                let details = brief && !options.json ? nil : try session.engine.taskDetails(instance: item.instance, task: item.task)
                if let details { titles[item.task] = details.stateTitles }
                return Item(instance: item.instance, task: item.task, state: item.state, title: item.title,
                            assignees: item.assignees,
                            due: item.dueAt.map { Instant(millisecondsSinceEpoch: $0).iso8601(in: zone) },
                            overdue: item.dueAt.map { $0 < now.millisecondsSinceEpoch } ?? false,
                            detail: details.map(TaskDetailView.init))
            }
            // The first page also holds the admins' flagged steps and the person's recent messages.
            let also = after == nil ? try InboxExtras(session, person: person, workflow: workflow, since: since) : InboxExtras()
            if options.json { printJSON(TasksJSON(page: PageJSON(page, items: items), extras: also)); return }
            if page.total == 0, also.flagged.isEmpty {
                let narrowed = workflow != nil || since != nil
                let none = person.map { "nothing\(narrowed ? " that matches" : "") waits for \($0)" }
                    ?? "no open tasks\(narrowed ? " match" : "")"
                print(none + ListOptions.workflowHint(workflow, project: session.project))
            }
            let display = Display(roster: session.project.roster)
            let shared = Display.sharedStates(items.map { ($0.instance, $0.state) })
            for item in items {
                // Where one state has several tasks (a foreach), the handle tells them apart for `act --state`.
                let handle = shared.contains(Display.Key(instance: item.instance, state: item.state))
                    ? " [\(Display.handle(item.task, in: item.instance))]" : ""
                print(Display.shown("\(item.instance)  \(item.state)\(handle) 「\(item.title)」 \(display.people(item.assignees))"
                    + Display.due(item.due, overdue: item.overdue)))
                for line in item.detail?.lines(display, titles: titles[item.task] ?? [:]) ?? [] { print(Display.shown(line)) }
            }
            if let note = page.note("tasks") { print(note) }
            also.print()
        } catch {
            throw Failure.report(error)
        }
    }
}
