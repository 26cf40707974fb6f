/// Why the core refused an event; the instance is unchanged and the refusal is recorded.
public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// The person is not among the task's assignees.
        case notEligible = "not-eligible"
        /// The person acted in a state this task must be separate from.
        case fourEyes = "four-eyes"
        /// The task has no such action, or its condition does not hold.
        case actionNotAllowed = "action-not-allowed"
        /// A required field (or the comment) is empty.
        case missingRequired = "missing-required"
        /// A form value does not fit its field.
        case invalidForm = "invalid-form"
        /// The task, timer or step is no longer open (done meanwhile).
        case conflict = "conflict"
        /// No such task, timer or step.
        case notFound = "not-found"
        /// The instance has ended.
        case finished = "finished"
        /// The inputs do not fit the workflow.
        case invalidInput = "invalid-input"
        /// The workflow itself could not do what was asked (an expression of its own failed):
        /// nothing changed, and whoever maintains the workflow must look at it.
        case workflowError = "workflow-error"
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
