import StewardCore
import StewardModel
import StewardStore

extension Engine {
    /// `steward reassign`: a roster admin hands an open task to people, or to a role's
    /// members as the roster has them now. The refusals (not an admin, nobody to give it
    /// to, the four-eyes rule) are recorded like any other.
    public func reassign(instance id: String, state: String?, people named: [String], role: String?, reason: String,
                         actor: ActorIdentity) throws(EngineError) -> InstanceState {
        guard let admin = actor.person else {
            throw EngineError(.usage, "say who is reassigning: --as PERSON (one of the roster's admins)")
        }
        var people = named
        var roles: [String] = []
        if let role {
            guard let members = project.roster?.roles[role]?.members else {
                let hint = project.roster.flatMap { Suggestions.didYouMean(role, in: $0.roles.keys) }.map { "; \($0)" } ?? ""
                throw EngineError(.notFound, "the roster has no role '\(role)'\(hint)")
            }
            people += members.filter { !people.contains($0) }
            roles = [role]
        }
        let now = clock()
        return try writeRecordingRefusals(actor: actor, now: now) { tx in
            guard let current = try tx.loadInstance(id: id) else {
                throw EngineError(.notFound, "no instance '\(id)'; 'steward status' lists them")
            }
            let decoded = try Self.decode(current)
            let machine = try self.machine(hash: current.definitionHash, in: tx)
            var event = CoreEvent.reassigned(task: state ?? "", people: people, roles: roles, by: admin, reason: reason)
            do throws(EngineError) {
                let task = try Self.task(in: decoded, state: state, person: admin, workflow: machine.workflow)
                event = .reassigned(task: task.id, people: people, roles: roles, by: admin, reason: reason)
                guard project.roster?.admins.contains(admin) == true else {
                    throw EngineError(.refused, "only the roster's admins may reassign a task; \(admin) is not one",
                                      reason: "not-admin")
                }
            } catch {
                guard error.kind == .refused || error.kind == .conflict else { throw error }
                throw EarlyRefusal(error: error, instance: decoded, event: event)
            }
            return try deliver(event, to: id, actor: actor, now: now, tx: tx, known: (current, decoded)).0
        }
    }
}
