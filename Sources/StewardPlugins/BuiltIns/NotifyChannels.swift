import StewardExpressions

/// Hands a `notify` message to its delivery channels: handlers of the registry (an office's
/// mail or messaging system, as a plug-in), called one after the other with
///
///     { to: [{ id, name, email?, phone? }], subject, body, notice }
///
/// where `notice` is the call's operation key: the same for every attempt, so a channel asked
/// again (a retry, a crash) recognises a message it already sent. A channel must therefore be
/// idempotent; one whose contract says otherwise is refused.
struct NoticeDelivery {
    /// The inputs a channel is given; it must take them all and need no other.
    static let inputs = ["to", "subject", "body", "notice"]

    let request: StepRequest
    let context: HandlerContext

    struct Report {
        let result: Result<Void, StepFailure>
        let logs: [HandlerLog]
    }

    func deliver(_ notice: HandlerNotice, through channels: [String]) async -> Report {
        var logs: [HandlerLog] = []
        for name in channels {
            guard let channel = context.handlers.handler(named: name) else {
                return Report(result: .failure(StepFailure(
                    kind: "plugin-missing", message: "no delivery channel named '\(name)' is installed", retryable: false)),
                              logs: logs)
            }
            if let problem = Self.problem(with: channel.contract) {
                return Report(result: .failure(StepFailure(kind: "delivery", message: "'\(name)' cannot be a channel: \(problem)",
                                                           retryable: false)), logs: logs)
            }
            let outcome = await channel.call(channelRequest(notice, deadline: channel.contract.timeout))
            logs += outcome.logs.map { HandlerLog(level: $0.level, message: "channel \(name): \($0.message)") }
            if case .failure(let failure) = outcome.result {
                return Report(result: .failure(StepFailure(
                    kind: "delivery", message: "channel '\(name)' failed (\(failure.kind)): \(failure.message)",
                    retryable: failure.retryable)), logs: logs)
            }
        }
        return Report(result: .success(()), logs: logs)
    }

    /// Why a handler cannot deliver notices, or nil.
    static func problem(with contract: HandlerContract) -> String? {
        guard contract.idempotent else { return "it is not idempotent, and a message may be handed to it again" }
        if !contract.openInputs, let missing = inputs.first(where: { contract.input(named: $0) == nil }) {
            return "it does not take '\(missing)'"
        }
        if let extra = contract.required.first(where: { !inputs.contains($0) }) {
            return "it requires '\(extra)', which notify does not give"
        }
        return nil
    }

    private func channelRequest(_ notice: HandlerNotice, deadline limit: Duration) -> StepRequest {
        let people = notice.people.map { id -> ExpressionValue in
            let person = context.roster?.people[id]
            var entry = ExpressionObject([("id", .string(id)), ("name", .string(person?.name ?? id))])
            if let email = person?.email { entry["email"] = .string(email) }
            if let phone = person?.phone { entry["phone"] = .string(phone) }
            return .object(entry)
        }
        let arguments = ExpressionObject([("to", .list(people)), ("subject", .string(notice.subject)),
                                          ("body", .string(notice.body)), ("notice", .string(request.operationKey))])
        return StepRequest(key: request.key, operationKey: request.operationKey, instance: request.instance,
                           workflow: request.workflow, state: request.state, attempt: request.attempt,
                           arguments: .object(arguments), places: request.places,
                           deadline: min(request.deadline, .now + limit))
    }
}

extension HandlerRegistry {
    /// Why the handler `name` cannot deliver `notify`'s messages (none is installed, or its
    /// contract does not fit), or nil: what `validate` says of `channels:` in steward.yaml.
    public func channelProblem(_ name: String) -> String? {
        guard let contract = contract(named: name) else {
            return "no step handler named '\(name)' is installed to deliver notify's messages"
        }
        return NoticeDelivery.problem(with: contract).map { "'\(name)' cannot deliver notify's messages: \($0)" }
    }
}
