import Crypto
import StewardExpressions

/// A validated workflow made ready to run: targets resolved to indexes, expressions
/// parsed once, and the SHA-256 of the exact source bytes that instances are pinned to.
public struct CompiledWorkflow: Sendable {
    public let workflow: Workflow
    /// Lower-case hex SHA-256 of `source`: the definition's identity.
    public let sourceHash: String
    /// The file's bytes, stored with each instance so later edits never change it.
    public let source: [UInt8]
    /// Every flow; index 0 is the top level.
    public let flows: [CompiledFlow]

    /// The hex SHA-256 of some bytes.
    public static func hash(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}

/// One flow with its states addressed by index.
public struct CompiledFlow: Sendable {
    public let start: Int
    public let states: [CompiledState]
    /// The flow and state that own this flow (nil for the top level).
    public let owner: (flow: Int, state: Int)?
    /// The item name, for a foreach body.
    public let itemName: String?

    /// The index of the state with this name.
    public func index(of name: String) -> Int? {
        states.firstIndex { $0.state.name == name }
    }
}

/// A state with its ways out resolved to state indexes in the same flow.
public struct CompiledState: Sendable {
    public let state: State
    public let transitions: [(transition: Transition, target: Int)]
    /// Indexes (into `CompiledWorkflow.flows`) of the flows nested in this state.
    public let nestedFlows: [Int]
}

extension WorkflowChecker {
    /// Builds the compiled form; only called when validation found no errors.
    func compile(source: [UInt8]) -> CompiledWorkflow? {
        var flows: [CompiledFlow] = []
        for place in places {
            let graph = place.graph
            guard let start = graph.startIndex else { return nil }
            var states: [CompiledState] = []
            for (i, state) in place.flow.states.enumerated() {
                var transitions: [(transition: Transition, target: Int)] = []
                for transition in state.transitions {
                    guard let target = graph.index[transition.target.value] else { return nil }
                    transitions.append((transition, target))
                }
                let nested = places.indices.filter { places[$0].owner.map { $0.flow == flows.count && $0.state == i } ?? false }
                states.append(CompiledState(state: state, transitions: transitions, nestedFlows: nested))
            }
            flows.append(CompiledFlow(start: start, states: states, owner: place.owner, itemName: place.item?.name))
        }
        return CompiledWorkflow(workflow: workflow, sourceHash: CompiledWorkflow.hash(source), source: source, flows: flows)
    }
}
