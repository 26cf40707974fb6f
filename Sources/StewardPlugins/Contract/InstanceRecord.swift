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
    /// Every state's record at the top level: forms, actions, votes, comments, outputs
    /// (`states.NAME.…`), as the instance stands (an earlier visit's record is in the trail).
    public let states: ExpressionObject
    /// The inputs the instance started with.
    public let inputs: ExpressionObject
    /// The workflow's variables (`vars.NAME`).
    public let vars: ExpressionObject
    /// Each nested flow (a parallel branch, a foreach item), in the order they began: `scope`,
    /// `parent`, `owner` (the state that ran it), `branch`, `item`, `itemIndex`, `outcome` and
    /// its own `states`, so that every item's forms, votes and comments are there.
    public let scopes: [ExpressionObject]
    /// The latest checkpoint of the trail the entries lie under (`seq root`), if any.
    public let checkpoint: String?

    public init(instance: String, workflow: String, definitionHash: String, definitionSource: [UInt8], roster: [UInt8]?,
                trail: [UInt8], states: ExpressionObject, inputs: ExpressionObject, vars: ExpressionObject = [:],
                scopes: [ExpressionObject] = [], checkpoint: String?) {
        self.instance = instance
        self.workflow = workflow
        self.definitionHash = definitionHash
        self.definitionSource = definitionSource
        self.roster = roster
        self.trail = trail
        self.states = states
        self.inputs = inputs
        self.vars = vars
        self.scopes = scopes
        self.checkpoint = checkpoint
    }
}
