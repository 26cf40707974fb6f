import ArgumentParser
import Foundation
import StewardCore
import StewardEngine
import StewardTime

/// `steward status [INSTANCE]`.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show one instance, or list instances.")

    @OptionGroup var options: GlobalOptions
    @Argument(help: "An instance id; without it, instances are listed.") var instance: String?

    func run() throws {
        let session = try Session(options, readOnly: true)
        let zone = session.project.zone
        do {
            if let instance {
                let view = InstanceView(try session.engine.instance(try session.engine.resolveInstance(instance)), zone: zone)
                if options.json { printJSON(view) } else {
                    print(view.text(Display(roster: session.project.roster)), terminator: "")
                }
                return
            }
            let views = try session.engine.instances().map { InstanceView($0, zone: zone) }
            if options.json { printJSON(views); return }
            if views.isEmpty { print("no instances yet; 'steward start WORKFLOW' starts one") }
            for view in views {
                let now = view.status == "running" ? view.states.joined(separator: ", ") : view.status
                print("\(view.id)  \(view.workflow)  \(now)")
            }
        } catch {
            throw Failure.report(error)
        }
    }
}

/// `steward tasks`: the inbox.
struct Tasks: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List open tasks waiting for the acting person (or --all).")

    @OptionGroup var options: GlobalOptions
    @Flag(help: "Every open task, whoever it waits for.") var all = false

    struct Item: Encodable {
        let instance: String, task: String, state: String, title: String, assignees: [String], due: String?, overdue: Bool
    }

    func run() throws {
        let session = try Session(options, readOnly: true)
        let person = all ? nil : try session.actor(options).person
        let zone = session.project.zone
        let now = try Session.clock(session.environment).0()
        do {
            let items = try session.engine.inbox(person: person).map { item in
                Item(instance: item.instance, task: item.task, state: item.state, title: item.title,
                     assignees: item.assignees,
                     due: item.dueAt.map { Instant(millisecondsSinceEpoch: $0).iso8601(in: zone) },
                     overdue: item.dueAt.map { $0 < now.millisecondsSinceEpoch } ?? false)
            }
            if options.json { printJSON(items); return }
            if items.isEmpty { print(person.map { "nothing waits for \($0)" } ?? "no open tasks") }
            let display = Display(roster: session.project.roster)
            let shared = Display.sharedStates(items.map { ($0.instance, $0.state) })
            for item in items {
                // Where one state has several tasks (a foreach), the handle tells them apart for `act --state`.
                let handle = shared.contains(Display.Key(instance: item.instance, state: item.state))
                    ? " [\(Display.handle(item.task, in: item.instance))]" : ""
                print("\(item.instance)  \(item.state)\(handle) 「\(item.title)」 \(display.people(item.assignees))"
                    + Display.due(item.due, overdue: item.overdue))
            }
        } catch {
            throw Failure.report(error)
        }
    }
}
