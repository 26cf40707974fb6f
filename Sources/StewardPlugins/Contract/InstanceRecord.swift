import Foundation
import StewardExpressions

/// Everything Steward knows of one instance, gathered by the engine for a handler whose
/// contract asks for it (the ledger package): the handler itself never reads the store.
public struct InstanceRecord: Sendable {
    public let instance: String
    public let workflow: String
    /// The hash and YAML source of the definition the instance runs under.
    public let definitionHash: String
    public let definitionSource: [UInt8]
    /// The roster as it was when the instance's last event was decided (JSON), if recorded.
    public let roster: [UInt8]?
    /// The instance's trail entries, one JSON object per line, in trail order.
    public let trail: [UInt8]
    /// Every state's record: forms, actions, votes, comments, outputs (`states.NAME.…`).
    public let states: ExpressionObject
    /// The inputs the instance started with.
    public let inputs: ExpressionObject
    /// The latest checkpoint of the trail the entries lie under (`seq root`), if any.
    public let checkpoint: String?

    public init(instance: String, workflow: String, definitionHash: String, definitionSource: [UInt8], roster: [UInt8]?,
                trail: [UInt8], states: ExpressionObject, inputs: ExpressionObject, checkpoint: String?) {
        self.instance = instance
        self.workflow = workflow
        self.definitionHash = definitionHash
        self.definitionSource = definitionSource
        self.roster = roster
        self.trail = trail
        self.states = states
        self.inputs = inputs
        self.checkpoint = checkpoint
    }
}
