import Foundation
import StewardAudit
import StewardCore
import StewardExpressions
import StewardPlugins
import StewardStore

extension Engine {
    /// What the ledger package of `instance` holds, read from the store in one transaction.
    func instanceRecord(_ instance: InstanceState) throws(StepFailure) -> InstanceRecord {
        do {
            return try read { tx -> InstanceRecord in
                let definition = try tx.loadDefinition(hash: instance.definitionHash)
                var trail: [UInt8] = []
                var environment: String?
                try tx.forEachTrailEntry(instance: instance.id) { entry in
                    trail += Array(TrailJSONL.line(for: entry).utf8)
                    if let named = EntryDetails.parse(entry.details)?.environment { environment = named }
                }
                var roster: [UInt8]?
                if let environment { roster = try tx.loadEnvironment(hash: environment) }
                var states: ExpressionObject = [:]
                // Records of every scope (a foreach item's states included), the top scope's last.
                for scope in instance.scopes.reversed() {
                    for (name, record) in scope.records.sorted(by: { $0.key < $1.key }) where states[name] == nil {
                        states[name] = record.value
                    }
                }
                let checkpoint = try tx.latestCheckpoint().map { "\($0.size) \($0.root)" }
                return InstanceRecord(instance: instance.id, workflow: instance.workflowID,
                                      definitionHash: instance.definitionHash, definitionSource: definition?.source ?? [],
                                      roster: roster, trail: trail, states: states, inputs: instance.inputs,
                                      checkpoint: checkpoint)
            }
        } catch {
            throw StepFailure(kind: "handler", message: "could not read the instance's record: \(error.message)")
        }
    }

    /// The values of the secrets a contract's `secret` inputs name: from the project's secrets
    /// file, else a `STEWARD_SECRET_NAME` variable. A secret that is nowhere fails the call,
    /// not retryable, naming the secret and never a value.
    func secretValues(for contract: HandlerContract, arguments: ExpressionValue) throws(StepFailure) -> [String: String] {
        guard !contract.secretInputs.isEmpty, case .object(let args) = arguments else { return [:] }
        var values: [String: String] = [:]
        for input in contract.secretInputs {
            guard case .string(let name)? = args[input] else { continue }
            if let value = try project.secret(named: name) {
                values[input] = value
            } else {
                throw StepFailure(kind: "handler", message: "the secret '\(name)' (input '\(input)') is neither in the secrets file nor in STEWARD_SECRET_\(name)",
                                  retryable: false)
            }
        }
        return values
    }
}
