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
                let checkpoint = try tx.latestCheckpoint().map { "\($0.size) \($0.root)" }
                return InstanceRecord(instance: instance.id, workflow: instance.workflowID,
                                      definitionHash: instance.definitionHash, definitionSource: definition?.source ?? [],
                                      roster: roster, trail: trail, states: Self.stateRecords(instance.scopes.first),
                                      inputs: instance.inputs, vars: instance.vars,
                                      scopes: instance.scopes.dropFirst().map(Self.scopeRecord), checkpoint: checkpoint)
            }
        } catch {
            throw StepFailure(kind: "handler", message: "could not read the instance's record: \(error.message)")
        }
    }

    /// A scope's state records by name (`states.NAME`), sorted by name.
    static func stateRecords(_ scope: Scope?) -> ExpressionObject {
        ExpressionObject((scope?.records ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value.value) })
    }

    /// A nested flow (a branch, a foreach item): where it comes from and what its states recorded.
    static func scopeRecord(_ scope: Scope) -> ExpressionObject {
        ExpressionObject([
            ("scope", .integer(scope.index)), ("parent", scope.parent.map { .integer($0) } ?? .null),
            ("owner", scope.owner.map(ExpressionValue.string) ?? .null),
            ("branch", scope.branch.map(ExpressionValue.string) ?? .null), ("item", scope.item ?? .null),
            ("itemIndex", scope.itemIndex.map { .integer($0) } ?? .null),
            ("outcome", scope.status.map { .string($0.rawValue) } ?? .null),
            ("states", .object(stateRecords(scope))),
        ])
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
