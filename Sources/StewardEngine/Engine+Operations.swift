import Foundation
import StewardAudit
import StewardCore
import StewardExpressions
import StewardModel
import StewardStore
import StewardTime
import StewardYAML

extension Engine {
    /// `steward start`: checks the inputs, pins the definition, starts the instance.
    /// `inputsFile`: a YAML file of inputs (`steward start --inputs-file`); a value given in
    /// `text` (`--input`) wins over the file's.
    public func start(workflow id: String, inputs text: [String: String], inputsFile: YAMLSource? = nil,
                      actor: ActorIdentity) throws(EngineError) -> InstanceState {
        let compiled = try project.compile(workflow: id, handlers: handlers)
        var inputs = try inputsFile.map { source throws(EngineError) in try Self.typedInputs(file: source, compiled.workflow) } ?? [:]
        for (name, value) in try Self.typedInputs(text, compiled.workflow, examples: fieldExamples(person: actor.person)).entries {
            inputs[name] = value
        }
        return try start(compiled, inputs: inputs, actor: actor)
    }

    /// Starts an instance of `compiled` with inputs already typed by its declarations.
    func start(_ compiled: CompiledWorkflow, inputs: ExpressionObject, actor: ActorIdentity) throws(EngineError) -> InstanceState {
        let id = compiled.workflow.id.value
        try checkRosterNames(inputs, specs: compiled.workflow.inputs, reason: "invalid-input")
        let now = clock()
        let instanceID = Self.newInstanceID(workflow: id, now: now, zone: project.zone)
        return try write { tx in
            _ = try tx.insertDefinition(DefinitionRow(hash: compiled.sourceHash, workflowID: id, source: compiled.source,
                                                      createdAt: now.millisecondsSinceEpoch))
            machines[compiled.sourceHash] = WorkflowMachine(workflow: compiled, environment: environment(for: compiled.workflow))
            return try startInstance(workflow: id, inputs: inputs, parent: nil, actor: actor, now: now, tx: tx,
                                     compiled: compiled, instanceID: instanceID)
        }
    }

    /// Starts an instance inside `tx` (also used for child workflows and cron starts).
    @discardableResult
    func startInstance(workflow id: String, inputs: ExpressionObject, parent: ParentLink?, actor: ActorIdentity,
                       now: Instant, tx: WriteTransaction, compiled given: CompiledWorkflow? = nil,
                       instanceID: String? = nil) throws -> InstanceState {
        let compiled = try given ?? project.compile(workflow: id, handlers: handlers)
        _ = try tx.insertDefinition(DefinitionRow(hash: compiled.sourceHash, workflowID: id, source: compiled.source,
                                                  createdAt: now.millisecondsSinceEpoch))
        let machine = try machine(hash: compiled.sourceHash, in: tx)
        let newID = instanceID ?? Self.newInstanceID(workflow: id, now: now, zone: project.zone)
        let step: WorkflowMachine.Step
        do {
            step = try machine.start(id: newID, inputs: inputs, now: now, parent: parent, by: actor.person)
        } catch {
            throw EngineError(error.kind == .workflowError ? .checkFailed : .refused, error.message, reason: error.kind.rawValue)
        }
        var extra = EntryDetails()
        extra.workflow = id
        extra.parent = parent
        extra.rules = step.state.decisionRules?.rawValue
        try persist(step, event: .started(inputs: step.state.inputs, by: actor.person), before: nil, actor: actor,
                    now: now, tx: tx, extra: extra)
        return step.state
    }

    /// `steward act`: a person takes an action on the open task of an instance.
    ///
    /// Reading the instance, checking the action and applying it happen in one write
    /// transaction: nothing can change in between, and one transaction costs less than three.
    public func act(instance id: String, action: String, state: String?, fields: [String: String], comment: String?,
                    actor: ActorIdentity) throws(EngineError) -> InstanceState {
        try act(instance: id, action: action, state: state, fields: fields, typed: nil, comment: comment, actor: actor)
    }

    /// `typed`: form values already typed by their fields (author tests), used instead of `fields`.
    func act(instance id: String, action: String, state: String?, fields: [String: String], typed: ExpressionObject?,
             comment: String?, actor: ActorIdentity) throws(EngineError) -> InstanceState {
        guard let person = actor.person else { throw EngineError(.usage, "say who is acting: --as PERSON or STEWARD_ACTOR") }
        let now = clock()
        return try writeRecordingRefusals(actor: actor, now: now) { tx in
            guard let current = try tx.loadInstance(id: id) else {
                throw EngineError(.notFound, "no instance '\(id)'; 'steward status' lists them")
            }
            let decoded = try Self.decode(current)
            do {
                let event = try actedEvent(on: decoded, definition: current.definitionHash, action: action, state: state,
                                           fields: fields, typed: typed, comment: comment, person: person, actor: actor, tx: tx)
                return try deliver(event, to: id, actor: actor, now: now, tx: tx, known: (current, decoded)).0
            } catch where Self.isRefusal(error) {
                // Asked only once refused: an act that can be taken is never taken for a repeat.
                let machine = try self.machine(hash: current.definitionHash, in: tx)
                guard let repeated = try repeatedAct(by: person, action: action, state: state, fields: fields, comment: comment,
                                                     on: decoded, machine: machine, tx: tx) else { throw error }
                throw EarlyRefusal(error: repeated.error, instance: decoded,
                                   event: machine.recordable(Self.attempted(task: repeated.task, action: action, fields: fields,
                                                                            comment: comment, person: person, actor: actor),
                                                             in: decoded))
            }
        }
    }

    /// One write transaction for a person's request; a refusal found before the core
    /// (`EarlyRefusal`) or by it (`EngineRefusal`) is recorded after the transaction is undone.
    func writeRecordingRefusals(actor: ActorIdentity, now: Instant,
                                _ body: (WriteTransaction) throws -> InstanceState) throws(EngineError) -> InstanceState {
        do {
            return try rawWrite(body)
        } catch let refusal as EarlyRefusal {
            throw try recordRefusal(kind: refusal.error.kind, reason: refusal.error.reason ?? refusal.error.kind.rawValue,
                                    message: refusal.error.message, instance: refusal.instance, event: refusal.event,
                                    actor: actor, now: now)
        } catch let refusal as EngineRefusal {
            throw try recordRefusal(refusal, actor: actor, now: now)
        } catch {
            throw Self.storeError(error)
        }
    }

    /// The event a person's action makes, after the checks the core cannot do (which task,
    /// typed form values); their refusals come out as `EarlyRefusal`.
    private func actedEvent(on decoded: InstanceState, definition: String, action: String, state: String?,
                            fields: [String: String], typed: ExpressionObject?, comment: String?, person: String,
                            actor: ActorIdentity, tx: WriteTransaction) throws -> CoreEvent {
        var taskID = state ?? ""
        do {
            let machine = try self.machine(hash: definition, in: tx)
            let task = try Self.task(in: decoded, state: state, person: person, workflow: machine.workflow)
            taskID = task.id
            let form: ExpressionObject
            if let typed { form = typed } else { form = try formValues(fields, state: task.state, person: person, machine: machine) }
            return CoreEvent.acted(task: task.id, person: person, action: action, form: form, comment: comment,
                                   onBehalfBy: actor.onBehalfBy)
        } catch {
            // Refused before the core (an ended instance, no open task, a value that does not fit
            // its field): every refusal is recorded too, with what was given as text.
            guard error.kind == .refused || error.kind == .conflict else { throw error }
            let attempted = Self.attempted(task: taskID, action: action, fields: fields, comment: comment, person: person,
                                           actor: actor)
            let machine = try self.machine(hash: definition, in: tx)
            throw EarlyRefusal(error: error, instance: decoded, event: machine.recordable(attempted, in: decoded))
        }
    }

    /// What a refused act attempted, for its trail entry: the fields as the text given.
    static func attempted(task: String, action: String, fields: [String: String], comment: String?, person: String,
                          actor: ActorIdentity) -> CoreEvent {
        CoreEvent.acted(task: task, person: person, action: action,
                        form: ExpressionObject(fields.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }),
                        comment: comment, onBehalfBy: actor.onBehalfBy)
    }

    /// A refusal found before the core was asked; recorded after the transaction is undone.
    struct EarlyRefusal: Error {
        let error: EngineError
        let instance: InstanceState
        let event: CoreEvent
    }

    /// `steward cancel`: stops an instance with a reason.
    public func cancel(instance id: String, reason: String, actor: ActorIdentity) throws(EngineError) -> InstanceState {
        try apply(.cancelled(reason: reason, by: actor.person), to: id, actor: actor, now: clock())
    }

    /// Applies one event in its own transaction; a refusal is recorded in the trail and thrown.
    func apply(_ event: CoreEvent, to id: String, actor: ActorIdentity, now: Instant) throws(EngineError) -> InstanceState {
        do {
            return try rawWrite { tx in try deliver(event, to: id, actor: actor, now: now, tx: tx).0 }
        } catch let refusal as EngineRefusal {
            throw try recordRefusal(refusal, actor: actor, now: now)
        } catch {
            throw Self.storeError(error)
        }
    }
}

extension Engine {
    /// Records a refusal: the only change is the trail entry (guarantee 2: refusals are entries too).
    func recordRefusal(_ refusal: EngineRefusal, actor: ActorIdentity, now: Instant) throws(EngineError) -> EngineError {
        let kind: EngineError.Kind
        switch refusal.refusal.kind {
        case .conflict, .finished: kind = .conflict
        case .notFound: kind = .notFound
        case .workflowError: kind = .checkFailed
        default: kind = .refused
        }
        return try recordRefusal(kind: kind, reason: refusal.refusal.kind.rawValue, message: refusal.refusal.message,
                                 instance: refusal.instance, event: refusal.event, actor: actor, now: now)
    }

    /// Appends a `refused` entry for `event` on `state` and returns the error to throw.
    func recordRefusal(kind: EngineError.Kind, reason: String, message: String, instance state: InstanceState,
                       event: CoreEvent, actor: ActorIdentity, now: Instant) throws(EngineError) -> EngineError {
        var details = EntryDetails()
        details.event = event
        details.refusal = reason
        // A refused vote on a secret ballot: the person is told why; the trail keeps only that a
        // vote was refused, since the reason's words may name the choice ('aprove' …).
        if case .ballotCast = event {
            details.message = "a vote on a secret ballot was refused (\(reason))"
        } else {
            details.message = message
        }
        details.onBehalfBy = actor.onBehalfBy
        try write { tx in
            try appendNote("refused", instance: state.id, definition: state.definitionHash,
                           states: state.currentStates.joined(separator: ","), actor: actor, details: details, at: now, tx: tx)
        }
        return EngineError(kind, message, reason: reason)
    }

    /// The open task meant: the only one, the one in `--state`, or among several (foreach
    /// items) the one waiting for this person.
    /// `workflow` tells a misspelt `--state` apart from a state that is simply not open now.
    static func task(in state: InstanceState, state name: String?, person: String,
                     workflow: CompiledWorkflow) throws(EngineError) -> OpenTask {
        // A task is named by its state, or (when one state has several, as a foreach does) by
        // its handle `task7` that `steward tasks` shows, or by its whole id.
        func named(_ task: OpenTask, _ name: String) -> Bool {
            task.state == name || task.id == name || Self.handle(of: task, in: state.id) == name
        }
        if let name, !state.tasks.contains(where: { named($0, name) }),
           !workflow.flows.contains(where: { $0.index(of: name) != nil }) {
            // The names are gathered only here, for the suggestion: this runs on every act.
            let hint = Suggestions.didYouMean(name, in: workflow.flows.flatMap { $0.states.map(\.state.name) })
                .map { "; \($0)" } ?? ""
            throw EngineError(.notFound, "workflow '\(state.workflowID)' has no state '\(name)'\(hint)", reason: "unknown-state")
        }
        guard state.status == .running else {
            throw EngineError(.conflict, "instance \(state.id) has ended (\(state.status.rawValue))", reason: "finished")
        }
        var open = name.map { n in state.tasks.filter { named($0, n) } } ?? state.tasks
        let mine = open.filter { $0.assignees.contains(person) }
        if open.count > 1, !mine.isEmpty { open = mine }
        if open.count == 1, let only = open.first { return only }
        if open.isEmpty {
            let what = name.map { "in state '\($0)'" } ?? "at all"
            throw EngineError(.conflict, "instance \(state.id) has no open task \(what); it is in \(state.currentStates.joined(separator: ", "))",
                              reason: "no-open-task")
        }
        let choices = open.map { "\(Self.handle(of: $0, in: state.id)) 「\($0.title)」 (\($0.state))" }
        throw EngineError(.usage, "instance \(state.id) has several open tasks: \(choices.joined(separator: ", ")); "
                              + "say which with --state, e.g. --state \(Self.handle(of: open[0], in: state.id))")
    }

    /// `task7`: a task's id without its instance's, short enough to type.
    public static func handle(of task: OpenTask, in instance: String) -> String { handle(ofTask: task.id, in: instance) }

    public static func handle(ofTask id: String, in instance: String) -> String {
        id.hasPrefix(instance + ".") ? String(id.dropFirst(instance.count + 1)) : id
    }

    /// The `--field` values typed by the form of the task in `state`; `person` is the one acting,
    /// whose id the examples in messages use.
    func formValues(_ fields: [String: String], state: String, person: String,
                    machine: WorkflowMachine) throws(EngineError) -> ExpressionObject {
        var spec: TaskSpec?
        for flow in machine.workflow.flows {
            for s in flow.states where s.state.name == state {
                if case .task(let t) = s.state.kind { spec = t }
            }
        }
        var form: ExpressionObject = [:]
        let examples = fieldExamples(person: person)
        for (name, text) in fields.sorted(by: { $0.key < $1.key }) {
            guard let field = spec?.form.first(where: { $0.name == name }) else {
                let names = spec?.form.map(\.name) ?? []
                // A person may type the label they see (工作目标) where the id (goals) is needed.
                let byLabel = spec?.form.first { $0.label == name }.map { "; --field takes the id: --field \($0.name)=…" }
                let hint = byLabel ?? Suggestions.didYouMean(name, in: names).map { "; \($0)" } ?? ""
                let shown = spec?.form.map { f in f.label.map { "\(f.name) (\($0))" } ?? f.name } ?? []
                let has = names.isEmpty ? "it has no form" : "its fields: \(shown.joined(separator: ", "))"
                throw EngineError(.refused, "task '\(state)' has no field '\(name)'\(hint); \(has)", reason: "invalid-form")
            }
            switch FieldInput.parse(text, for: field, as: .field, examples: examples) {
            case .success(let value): form[name] = FieldValueConversion.value(value, spec: field)
            case .failure(let error): throw EngineError(.refused, error.message, reason: "invalid-form")
            }
        }
        try checkRosterNames(form, specs: spec?.form ?? [], reason: "invalid-form")
        return form
    }

    /// The `--input` values typed by the workflow's inputs.
    static func typedInputs(_ text: [String: String], _ workflow: Workflow,
                            examples: FieldExamples) throws(EngineError) -> ExpressionObject {
        var inputs: ExpressionObject = [:]
        for (name, value) in text.sorted(by: { $0.key < $1.key }) {
            guard let field = workflow.inputs.first(where: { $0.name == name }) else {
                let names = workflow.inputs.map(\.name)
                let hint = Suggestions.didYouMean(name, in: names).map { "; \($0)" } ?? ""
                throw EngineError(.refused, "workflow '\(workflow.id.value)' has no input '\(name)'\(hint); its inputs: \(names.joined(separator: ", "))",
                                  reason: "invalid-input")
            }
            switch FieldInput.parse(value, for: field, as: .input, examples: examples) {
            case .success(let typed): inputs[name] = FieldValueConversion.value(typed, spec: field)
            case .failure(let error): throw EngineError(.refused, error.message, reason: "invalid-input")
            }
        }
        return inputs
    }

    /// The inputs in a YAML file, typed by the workflow's inputs; every problem is reported,
    /// each with its line and column.
    static func typedInputs(file source: YAMLSource, _ workflow: Workflow) throws(EngineError) -> ExpressionObject {
        let (values, findings) = FieldInput.parseFile(source, fields: workflow.inputs)
        let errors = findings.filter { $0.severity == .error }
        guard errors.isEmpty else {
            throw EngineError(.refused, "the inputs file does not fit workflow '\(workflow.id.value)':\n"
                                  + errors.prefix(10).map { Project.line($0) }.joined(separator: "\n"), reason: "invalid-input")
        }
        var inputs: ExpressionObject = [:]
        for (name, value) in values {
            guard let field = workflow.inputs.first(where: { $0.name == name }) else { continue }
            inputs[name] = FieldValueConversion.value(value, spec: field)
        }
        return inputs
    }

    /// `party-building-plan-20261125-3f9a2c`: readable, sortable by day, unique by its random tail.
    static func newInstanceID(workflow: String, now: Instant, zone: TimeZone) -> String {
        let day = now.localDate(in: zone).description.replacingOccurrences(of: "-", with: "")
        let tail = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        return "\(workflow)-\(day)-\(String(repeating: "0", count: 8 - tail.count))\(tail)"
    }
}

extension Engine {
    /// Records a refusal of the person itself (unknown, or not the OS account's person),
    /// so an attempt to act as someone else is in the trail even though nothing was touched.
    /// Throws when the store cannot record it, so the caller can say so.
    public func recordIdentityRefusal(instance id: String, declared: String, error: EngineError) throws(EngineError) {
        let now = clock()
        var details = EntryDetails()
        details.refusal = error.reason ?? "identity"
        details.message = error.message
        let declaredActor = ActorIdentity(person: declared, account: identity.account, host: identity.host)
        try write { tx in
            let row = try tx.loadInstance(id: id)
            // A damaged row still gets the refusal; only its states go unnamed.
            var states = ""
            if let row, let decoded = try? Self.decode(row) { states = decoded.currentStates.joined(separator: ",") }
            try appendNote("refused", instance: row == nil ? "" : id, definition: row?.definitionHash ?? "", states: states,
                           actor: declaredActor, details: details, at: now, tx: tx)
        }
    }
}
