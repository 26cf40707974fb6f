import StewardExpressions
import StewardModel
import StewardTime

/// Where an instance stands: the projection of its trail, rebuilt exactly by replaying it.
public struct InstanceState: Codable, Sendable, Equatable {
    public var id: String
    public var workflowID: String
    public var definitionHash: String
    public var status: InstanceStatus
    public var inputs: ExpressionObject
    public var vars: ExpressionObject
    /// Flows being run: index 0 is the top level; parallel branches and foreach items add more.
    public var scopes: [Scope]
    public var tasks: [OpenTask]
    public var timers: [Timer]
    /// Automatic steps waiting for their handler's result.
    public var steps: [PendingStep]
    public var outputs: ExpressionObject
    /// Why the instance failed or was cancelled.
    public var reason: String?
    public var startedAt: Instant
    /// The parent instance and its waiting state, for a child started by a `workflow` state.
    public var parent: ParentLink?
    /// Counter for ids of tasks, timers and steps, so ids never depend on a clock or randomness.
    public var serial: Int
    /// The decision rules the instance started under; nil for instances started before they
    /// were recorded, which keep `DecisionRules.mostChosen`.
    public var decisionRules: DecisionRules?

    /// The decision rules in force for this instance.
    public var rules: DecisionRules { decisionRules ?? .mostChosen }

    public init(id: String, workflowID: String, definitionHash: String, inputs: ExpressionObject, startedAt: Instant,
                parent: ParentLink? = nil, rules: DecisionRules? = .current) {
        self.id = id
        self.workflowID = workflowID
        self.definitionHash = definitionHash
        status = .running
        self.inputs = inputs
        vars = [:]
        scopes = []
        tasks = []
        timers = []
        steps = []
        outputs = [:]
        reason = nil
        self.startedAt = startedAt
        self.parent = parent
        serial = 0
        decisionRules = rules
    }

    /// The states people see: the current state of every running scope, top level first.
    public var currentStates: [String] {
        scopes.filter { $0.status == nil }.compactMap(\.current).map(\.name)
    }

    mutating func nextID(_ kind: String) -> String {
        serial += 1
        // Appended in place: interpolation costs more than the rest of opening a task.
        var text = id
        text.reserveCapacity(id.utf8.count + kind.utf8.count + 12)
        text.append(".")
        text.append(kind)
        text.append(String(serial))
        return text
    }
}

/// How an instance stands overall.
public enum InstanceStatus: String, Codable, Sendable, Equatable {
    case running, completed, rejected, cancelled, failed

    init(_ outcome: Outcome) {
        switch outcome {
        case .completed: self = .completed
        case .rejected: self = .rejected
        case .cancelled: self = .cancelled
        case .failed: self = .failed
        }
    }
}

/// The instance and state a child workflow reports back to.
public struct ParentLink: Codable, Sendable, Equatable {
    public let instance: String
    public let scope: Int
    public let state: String

    public init(instance: String, scope: Int, state: String) {
        self.instance = instance
        self.scope = scope
        self.state = state
    }
}

/// One flow being run: the top level, a parallel branch, or one foreach item.
public struct Scope: Codable, Sendable, Equatable {
    public let index: Int
    /// Index into `CompiledWorkflow.flows`.
    public let flow: Int
    public let parent: Int?
    /// The parallel or foreach state of the parent scope that runs this one.
    public let owner: String?
    public let branch: String?
    public let item: ExpressionValue?
    public let itemIndex: Int?
    public var current: Position?
    /// Set when the scope reached a final state (or was cancelled).
    public var status: Outcome?
    /// What each state of this scope recorded when it ran.
    public var records: [String: StateRecord]
    public var children: [Int]
}

/// The state a scope is in, since when, and which attempt (for retried steps).
public struct Position: Codable, Sendable, Equatable {
    public let name: String
    public let index: Int
    public let since: Instant
    public var attempt: Int
    /// In an action state, the serial of this visit's first handler call: every attempt of the
    /// visit shares it in its operation key. 0 until the first call (and in states stored before it was kept).
    public var visit: Int

    public init(name: String, index: Int, since: Instant, attempt: Int, visit: Int = 0) {
        self.name = name
        self.index = index
        self.since = since
        self.attempt = attempt
        self.visit = visit
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        index = try c.decode(Int.self, forKey: .index)
        since = try c.decode(Instant.self, forKey: .since)
        attempt = try c.decode(Int.self, forKey: .attempt)
        visit = try c.decodeIfPresent(Int.self, forKey: .visit) ?? 0
    }
}

/// What a state left behind for expressions: `states.NAME.form`, `.action`, `.actor`, `.at`, `.output`, `.results`.
public struct StateRecord: Codable, Sendable, Equatable {
    public var form: ExpressionObject = [:]
    public var action: String?
    public var actor: String?
    public var at: Instant?
    public var output: ExpressionValue = .null
    public var results: [ExpressionValue]?
    /// Everyone who acted here (voters included), for the four-eyes rule.
    public var actors: [String] = []
    /// The comment given with the deciding action.
    public var comment: String?
    /// Every person's action on the task when it was decided, in the order they acted (nil under
    /// `DecisionRules.mostChosen`, and for states that are not tasks).
    public var votes: [Vote]?

    /// The record as `states.NAME` reads it: form, action, actor, time, output, comment, votes.
    public var value: ExpressionValue { values.value }

    var values: StateValues {
        StateValues(form: form, action: action, actor: actor, at: at, output: output, results: results,
                    comment: comment, votes: votes?.map(\.value) ?? [])
    }
}

/// A task waiting for people.
public struct OpenTask: Codable, Sendable, Equatable {
    public let id: String
    public let scope: Int
    public let state: String
    public var title: String
    /// People who may act, resolved from the roster when the task opened (or reassigned).
    public var assignees: [String]
    /// The roles they were resolved from, for the inbox.
    public var roles: [String]
    public let openedAt: Instant
    public var dueAt: Instant?
    public var votes: [Vote]
    public var overdue: Bool
    /// What the calendar could not place when the task opened (`due`, `reminder:N`,
    /// `escalation:N`), placed once a year's working days are added (`calendarUpdated`).
    public var unplaced: [String]? = nil
    /// A secret ballot's choices so far, sorted, with nobody's name: the trail never holds them
    /// (it holds who voted, and the tally once counted), so replay rebuilds the task without them.
    public var ballots: [String]? = nil

    /// Whoever has acted on the task (a vote, secret or not, or an abstention).
    public var voters: [String] { votes.map(\.person) }
}

/// One person's decision on a task with a quorum.
public struct Vote: Codable, Sendable, Equatable {
    public let person: String
    public let action: String
    public let form: ExpressionObject
    public let comment: String?
    public let at: Instant

    /// A secret ballot's vote: who voted and when, without the choice.
    static func sealed(person: String, at: Instant) -> Vote {
        Vote(person: person, action: "", form: [:], comment: nil, at: at)
    }

    /// True for a secret ballot's vote, which keeps no choice.
    public var isSealed: Bool { action.isEmpty }

    /// The vote as `states.NAME.votes` shows it (a secret one: only who and when).
    var value: ExpressionValue {
        if isSealed { return .object(["person": .string(person), "at": .datetime(at)]) }
        return .object(["person": .string(person), "action": .string(action), "form": .object(form),
                 "comment": comment.map(ExpressionValue.string) ?? .null, "at": .datetime(at)])
    }
}

/// A moment the engine must come back at.
public struct Timer: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case due, reminder, escalation, wait, retry, timeout
    }

    public let id: String
    public let kind: Kind
    public let at: Instant
    public let scope: Int
    public let state: String
    public let task: String?
    /// Which reminder or escalation step of the task.
    public let step: Int?
}

/// An automatic step whose handler has been asked to run.
public struct PendingStep: Codable, Sendable, Equatable {
    /// The idempotency key, unique to this call: `instance/state/scope/attempt/serial`.
    public let key: String
    public let scope: Int
    public let state: String
    public let handler: String
    public let arguments: ExpressionValue
    public let attempt: Int

    /// The key shared by every attempt of one visit to the state (`instance/state/scope/visit`),
    /// for a receiver's idempotency header. `visit` is the position's; 0 (a state stored before
    /// visits were kept) falls back to this attempt's serial.
    public func operationKey(visit: Int) -> String {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 5 else { return key }
        let serial = visit > 0 ? String(visit) : String(parts[parts.count - 1])
        return parts.dropLast(2).joined(separator: "/") + "/" + serial
    }
}
