import StewardExpressions
import StewardModel

/// Something that happens to an instance. Each event is recorded in the trail with the
/// time it was applied, so replaying the trail's events rebuilds the instance exactly.
public enum CoreEvent: Codable, Sendable, Equatable {
    /// The instance starts with typed inputs.
    case started(inputs: ExpressionObject, by: String?)
    /// A person takes an action on a task (with a quorum, this is a vote).
    case acted(task: String, person: String, action: String, form: ExpressionObject, comment: String?, onBehalfBy: String?)
    /// A person voted on a secret ballot, as the trail records it: who, never the choice; the
    /// vote that completes the ballot carries the tally (votes per action), which decides.
    case ballotCast(task: String, person: String, onBehalfBy: String?, tally: ExpressionObject?)
    /// A timer came due.
    case timerFired(timer: String)
    /// A step handler finished.
    case handlerSucceeded(step: String, output: ExpressionValue)
    /// A step handler failed; `kind` is matched against `catch` (`timeout`, `handler`, or the handler's own kind).
    /// `retryable` is false when the handler said trying again cannot help (the step's `retry:`
    /// is skipped); nil, as in entries from before it was kept, means it may be retried.
    case handlerFailed(step: String, kind: String, message: String, retryable: Bool?)
    /// A child instance (started by a `workflow` state) ended.
    case childFinished(scope: Int, state: String, child: String, outcome: Outcome, outputs: ExpressionObject)
    /// Someone stopped the instance.
    case cancelled(reason: String, by: String?)
    /// A named signal from outside, kept in `vars.signals`.
    case signalled(name: String, payload: ExpressionValue)
    /// An admin hands an open task to other people (resolved from `roles` by the engine,
    /// so replaying the trail needs no roster of the time), saying why.
    case reassigned(task: String, people: [String], roles: [String], by: String, reason: String)
    /// The calendars in force changed (a year's working days were added): place the deadlines,
    /// reminders and escalations a calendar gap left out, counted from when each task opened.
    case calendarUpdated

    /// The event's name in the trail.
    public var name: String {
        switch self {
        case .started: "started"
        case .acted: "acted"
        case .ballotCast: "ballot-cast"
        case .timerFired: "timer-fired"
        case .handlerSucceeded: "handler-succeeded"
        case .handlerFailed: "handler-failed"
        case .childFinished: "child-finished"
        case .cancelled: "cancelled"
        case .signalled: "signalled"
        case .reassigned: "reassigned"
        case .calendarUpdated: "calendar-updated"
        }
    }
}

extension Outcome: Codable {}
