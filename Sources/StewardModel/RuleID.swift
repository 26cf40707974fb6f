import StewardDiagnostics

/// The stable ids of the validator's rules; docs/language.md lists each with an example.
public enum RuleID: String, Sendable, CaseIterable {
    // Shape and types of the file.
    case unknownKey = "unknown-key"
    case missingKey = "missing-key"
    case wrongType = "wrong-type"
    case badValue = "bad-value"
    case languageVersion = "language-version"
    case badID = "bad-id"
    case reservedID = "reserved-id"
    case misindentedKey = "misindented-key"
    // States and transitions.
    case unknownStateType = "unknown-state-type"
    case duplicateState = "duplicate-state"
    case unknownTarget = "unknown-target"
    case unreachableState = "unreachable-state"
    case noPathToFinal = "no-path-to-final"
    case taskWithoutActions = "task-without-actions"
    case missingNext = "missing-next"
    case automaticCycle = "automatic-cycle"
    case joinTooLarge = "join-too-large"
    case emptyFlow = "empty-flow"
    // Tasks.
    case separateFromUnknown = "separate-from-unknown"
    case separateFromLater = "separate-from-later"
    case requireUnknownField = "require-unknown-field"
    case unknownEscalationAction = "unknown-escalation-action"
    case badQuorum = "bad-quorum"
    case unknownQuorumAction = "unknown-quorum-action"
    case quorumOtherwise = "quorum-otherwise"
    case quorumTooLarge = "quorum-too-large"
    // Data flow.
    case maybeUnsetValue = "maybe-unset-value"
    case conditionNotBoolean = "condition-not-boolean"
    // Handlers, people, time.
    case unknownHandler = "unknown-handler"
    case handlerArgument = "handler-argument"
    case handlerNotAllowed = "handler-not-allowed"
    case unknownRole = "unknown-role"
    case unknownPerson = "unknown-person"
    case badCron = "bad-cron"
    case badDuration = "bad-duration"
    case badDate = "bad-date"
    case badPattern = "bad-pattern"
    case badTimezone = "bad-timezone"
    case workdaysWithoutCalendar = "workdays-without-calendar"
    case unknownCalendar = "unknown-calendar"
    case unknownInput = "unknown-input"
    case unknownWorkflow = "unknown-workflow"
    case sharedAccount = "shared-account"

    /// Warnings are worth fixing; errors stop a workflow from being used.
    public var severity: Severity {
        switch self {
        case .maybeUnsetValue, .unreachableState, .sharedAccount, .quorumOtherwise: .warning
        default: .error
        }
    }
}
