import StewardDiagnostics
import StewardTime

/// A workflow definition as its author wrote it, typed and checked field by field.
public struct Workflow: Sendable, Hashable {
    /// The language version (`steward: 1`).
    public let languageVersion: Int
    public let id: Located<String>
    public let title: String?
    public let description: String?
    /// The working-day calendar `workdays` durations count on.
    public let calendar: Located<String>?
    /// The organization's time zone for this workflow, when it differs from the project's.
    public let timezone: Located<String>?
    public let inputs: [FieldSpec]
    /// Roles the workflow declares it uses (optional; checked against the roster).
    public let roles: [Located<String>]
    /// Roles whose members may start and cancel it (`starters:`); empty: anyone on the roster.
    public let starters: [Located<String>]
    public let schedule: [ScheduleEntry]
    /// Values the workflow returns to a parent (`outputs: {name: expression}`).
    public let outputs: [(name: String, value: TemplateText)]
    /// The top-level flow: its start state and its states.
    public let flow: Flow
    /// Who may read an instance (`readers:`): these people and roles, and always whoever holds
    /// or has acted on one of its tasks and the roster's admins. Empty: anyone on the roster.
    public var readers: [Assignee] = []

    public static func == (lhs: Workflow, rhs: Workflow) -> Bool {
        lhs.id == rhs.id && lhs.flow == rhs.flow && lhs.inputs == rhs.inputs
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
    }
}

/// A cron entry that starts an instance, with the inputs to start it with.
public struct ScheduleEntry: Sendable, Hashable {
    public let cron: CronSchedule
    public let inputs: [String: TemplateText]
    public let location: SourceLocation
}

/// A state machine: the top level of a workflow, a parallel branch, or a foreach body.
public struct Flow: Sendable, Hashable {
    public let start: Located<String>
    /// States in the order they are written.
    public let states: [State]
    /// Names of states written in the file but not understood (already reported), so
    /// that references to them are not reported again as unknown.
    public let undecodedStates: [String]
    /// Names of states with a way out that could not be read (already reported), so that
    /// the flow's reachability is not judged on transitions that are missing.
    public let incompleteStates: [String]

    public init(start: Located<String>, states: [State], undecodedStates: [String] = [], incompleteStates: [String] = []) {
        self.start = start
        self.states = states
        self.undecodedStates = undecodedStates
        self.incompleteStates = incompleteStates
    }

    /// The state with this name, if the flow has one.
    public func state(named name: String) -> State? {
        states.first { $0.name == name }
    }
}

/// One named state.
///
/// The fields sit in one shared, immutable box: the checker and the compiled form hold
/// several copies of every state, and copying a box is one retain instead of one per field.
public struct State: Sendable, Hashable {
    private final class Storage: Sendable {
        let name: String
        let location: SourceLocation
        let title: TemplateText?
        let description: String?
        let kind: StateKind

        init(name: String, location: SourceLocation, title: TemplateText?, description: String?, kind: StateKind) {
            self.name = name
            self.location = location
            self.title = title
            self.description = description
            self.kind = kind
        }
    }

    private let storage: Storage

    public var name: String { storage.name }
    /// Where the state's name is written.
    public var location: SourceLocation { storage.location }
    public var title: TemplateText? { storage.title }
    public var description: String? { storage.description }
    public var kind: StateKind { storage.kind }

    init(name: String, location: SourceLocation, title: TemplateText?, description: String?, kind: StateKind) {
        storage = Storage(name: name, location: location, title: title, description: description, kind: kind)
    }

    // Field by field, as for a plain struct of these fields.
    public static func == (lhs: State, rhs: State) -> Bool {
        lhs.name == rhs.name && lhs.location == rhs.location && lhs.title == rhs.title
            && lhs.description == rhs.description && lhs.kind == rhs.kind
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(location)
        hasher.combine(title)
        hasher.combine(description)
        hasher.combine(kind)
    }
}

/// What a state does, by its `type:`.
///
/// Indirect, so that asking a state's kind copies one reference, not the whole spec.
public indirect enum StateKind: Sendable, Hashable {
    case task(TaskSpec)
    case action(ActionSpec)
    case choice(ChoiceSpec)
    case wait(WaitSpec)
    case parallel(ParallelSpec)
    case foreach(ForeachSpec)
    case workflow(SubworkflowSpec)
    case final(FinalSpec)

    /// The names users write after `type:`.
    public static let typeNames = ["task", "action", "choice", "wait", "parallel", "foreach", "workflow", "final"]

    public var typeName: String {
        switch self {
        case .task: "task"
        case .action: "action"
        case .choice: "choice"
        case .wait: "wait"
        case .parallel: "parallel"
        case .foreach: "foreach"
        case .workflow: "workflow"
        case .final: "final"
        }
    }

    /// True for states that move on without any person acting.
    public var isAutomatic: Bool {
        switch self {
        case .action, .choice, .wait: true
        default: false
        }
    }
}
