import ArgumentParser
import Foundation
import StewardCore
import StewardEngine
import StewardExpressions
import StewardYAML

/// `steward start WORKFLOW`: starts an instance.
struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start an instance of a workflow.")

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The workflow id (its 'id:'), from the project's workflows folder.")
    var workflow: String
    @Option(name: .customLong("input"), help: "An input as name=value (repeatable); values are typed by the workflow.")
    var inputs: [String] = []
    @Option(help: "A YAML file of inputs (name: value lines).")
    var inputsFile: String?

    func run() throws {
        let session = try Session(options, create: true)
        let actor = try session.actor(options)
        let given = try KeyValues.parse(inputs, what: "--input")
        var file: YAMLSource?
        if let inputsFile {
            do {
                file = try YAMLSource.read(path: inputsFile, limit: YAMLLimits.default.maxInputBytes)
            } catch {
                let kind: EngineError.Kind = error == .notFound ? .notFound : .refused
                throw Failure.report(EngineError(kind, "cannot read the inputs file '\(inputsFile)': \(error.message)", reason: "invalid-input"))
            }
        }
        do {
            let state = try session.engine.start(workflow: workflow, inputs: given, inputsFile: file, actor: actor)
            if options.json { printJSON(InstanceView(state, zone: session.project.zone)) } else {
                print("started \(state.id): \(state.currentStates.joined(separator: ", "))")
            }
        } catch {
            throw Failure.report(error)
        }
    }
}

/// `steward act INSTANCE ACTION`: a person decides on an open task.
struct Act: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Take an action on an instance's open task (approve, reject, submit …).")

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The instance id.") var instance: String
    @Argument(help: "The action, as the task names it.") var action: String
    @Option(help: "The task's state, when the instance has several open tasks.") var state: String?
    @Option(name: .customLong("field"), help: "A form field as name=value (repeatable).") var fields: [String] = []
    @Option(help: "A comment (required by some actions).") var comment: String?

    func run() throws {
        let session = try Session(options)
        let instance = try session.instanceID(self.instance)
        let actor = try session.actor(options, on: instance)
        let values = try KeyValues.parse(fields, what: "--field")
        do {
            let result = try session.engine.act(instance: instance, action: action, state: state, fields: values,
                                                comment: comment, actor: actor)
            if options.json { printJSON(InstanceView(result, zone: session.project.zone)) } else {
                let now = result.status == .running ? result.currentStates.joined(separator: ", ") : result.status.rawValue
                print("\(instance): \(action) recorded; now \(now)")
            }
        } catch {
            throw Failure.report(error)
        }
    }
}

/// `steward cancel INSTANCE --reason T`.
struct Cancel: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Stop an instance, with a reason.")

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The instance id.") var instance: String
    @Option(help: "Why (recorded in the trail).") var reason: String

    func run() throws {
        let session = try Session(options)
        let instance = try session.instanceID(self.instance)
        let actor = try session.actor(options, on: instance)
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--reason must say why") }
        do {
            let state = try session.engine.cancel(instance: instance, reason: reason, actor: actor)
            if options.json { printJSON(InstanceView(state, zone: session.project.zone)) } else { print("\(instance): cancelled") }
        } catch {
            throw Failure.report(error)
        }
    }
}

/// `steward reassign INSTANCE`: an admin hands an open task to other people.
struct Reassign: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Hand an open task to other people (roster admins only), with a reason.")

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The instance id.") var instance: String
    @Option(help: "The task's state, when several tasks are open.") var state: String?
    @Option(name: .customLong("to"), help: "A person to give the task to (repeatable).") var people: [String] = []
    @Option(help: "A role whose members, as the roster has them now, get the task.") var role: String?
    @Option(help: "Why (recorded in the trail and told to the new people).") var reason: String

    func validate() throws {
        guard !people.isEmpty || role != nil else { throw ValidationError("say who gets the task: --to PERSON or --role ROLE") }
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--reason must say why") }
    }

    func run() throws {
        let session = try Session(options)
        let instance = try session.instanceID(self.instance)
        let actor = try session.actor(options, on: instance)
        do {
            let before = try session.engine.instance(instance).tasks
            let state = try session.engine.reassign(instance: instance, state: state, people: people, role: role,
                                                    reason: reason, actor: actor)
            if options.json { printJSON(InstanceView(state, zone: session.project.zone)); return }
            // What changed, in the office's words: which task, from whom, to whom, why.
            let display = Display(roster: session.project.roster)
            for task in state.tasks {
                guard let old = before.first(where: { $0.id == task.id }),
                      old.assignees != task.assignees || old.roles != task.roles else { continue }
                let to = role.map { id in
                    (session.project.roster?.roles[id]?.title).map { "\($0) (\(id)): " } ?? "\(id): "
                } ?? ""
                print(Display.shown("\(instance): 「\(task.title)」 (\(task.state)) handed from \(display.people(old.assignees)) "
                      + "to \(to)\(display.people(task.assignees)); reason: \(reason)"))
            }
        } catch {
            throw Failure.report(error)
        }
    }
}

/// `name=value` options into a dictionary.
enum KeyValues {
    static func parse(_ pairs: [String], what: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw ValidationError("\(what) takes name=value; got '\(pair)'")
            }
            result[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        return result
    }

    /// `name: value` lines of a small YAML file, each value kept as text for typing by the workflow.
}
