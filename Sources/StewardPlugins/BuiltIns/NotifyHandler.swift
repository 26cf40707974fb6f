import Foundation
import StewardExpressions

/// `notify`: tells people something. `to` names people and roles, expanded to the people of
/// the roster; the text is `body`, or a template's; each message goes to the delivery channels
/// (steward.yaml `channels:`, or this step's `channel`) and comes back as the call's notice, which
/// the engine records in the trail and writes to the outbox, so that it shows in each person's
/// `steward notices` and `steward tasks`.
///
/// Idempotent: a call made again (a retry, or after a crash) hands the channels the same notice
/// id, the operation key, for them to recognise.
public struct NotifyHandler: StepHandler {
    public let contract = HandlerContract(
        name: "notify", version: "2", summary: "tells people and roles a message (outbox, inbox and delivery channels)",
        tier: .builtIn,
        inputs: [HandlerInput("to", .recipients, required: true, summary: "people and roles"),
                 HandlerInput("subject", .text, required: true),
                 HandlerInput("body", .text, summary: "the message; or a template"),
                 HandlerInput("template", .text, summary: "a file in the templates folder whose text is the message"),
                 HandlerInput("data", .object, summary: "the values a template's {{name}} places take"),
                 HandlerInput("channel", .text, summary: "the channel to deliver through, instead of steward.yaml's channels")],
        outputs: [HandlerInput("to", .list), HandlerInput("subject", .text), HandlerInput("channels", .list)],
        errors: ["unknown-recipient", "no-recipients", "template", "delivery"],
        idempotent: true, timeout: .seconds(60))

    public init() {}

    public func call(_ request: StepRequest) async -> StepOutcome {
        guard let context = request.context else {
            return .failure(kind: "handler", message: "notify was called without the project's roster", retryable: false)
        }
        let people: [String]
        let body: String
        do throws(StepFailure) {
            guard let roster = context.roster else {
                throw StepFailure(kind: "unknown-recipient", message: "the project has no roster to find the people of 'to' in",
                                  retryable: false)
            }
            people = try Recipients.people(in: request.argument("to") ?? .null, roster: roster)
            body = try Self.body(of: request)
        } catch {
            return StepOutcome(.failure(error))
        }
        let subject = request.argument("subject")?.text ?? ""
        let channels = request.text("channel").map { [$0] } ?? context.channels
        let notice = HandlerNotice(people: people, subject: subject, body: body)
        let delivery = await NoticeDelivery(request: request, context: context).deliver(notice, through: channels)
        if case .failure(let failure) = delivery.result {
            return StepOutcome(.failure(failure), logs: delivery.logs)
        }
        let output = ExpressionObject([("to", .list(people.map { .string($0) })), ("subject", .string(subject)),
                                       ("channels", .list(channels.map { .string($0) }))])
        return .success(.object(output), logs: delivery.logs, notices: [notice])
    }

    /// `body`, or the text of `template` with its places filled; not both.
    static func body(of request: StepRequest) throws(StepFailure) -> String {
        let body = request.argument("body").flatMap { $0.isNull ? nil : $0.text }
        guard let name = request.text("template") else { return body ?? "" }
        guard body == nil else {
            throw StepFailure(kind: "template", message: "notify takes 'body' or 'template', not both", retryable: false)
        }
        var values = ExpressionObject([("instance", .string(request.instance)), ("workflow", .string(request.workflow)),
                                       ("state", .string(request.state))])
        if case .object(let data)? = request.argument("data") {
            for (key, value) in data.entries { values[key] = value }
        }
        let template = try NoticeTemplate(named: name, in: request.places.templates)
        return try template.fill(with: values)
    }
}

/// File names from ids and ledger names: no separators or dots that could leave the folder.
enum FileNames {
    static func safe(_ text: String) -> String {
        String(text.map { "/\\:*?\"<>|".contains($0) || $0.isNewline ? "_" : $0 }).replacingOccurrences(of: "..", with: "_")
    }

    /// A write failure in a sentence: ours as it is, Foundation's (a folder that cannot be made) by its description.
    static func describe(_ error: any Error) -> String {
        (error as? FileWriteError)?.message ?? error.localizedDescription
    }
}

extension HandlerRegistry {
    /// The core's handlers and the built-ins that ship with Steward.
    public static let builtIn = HandlerRegistry([NotifyHandler(), RenderHandler(), ArchiveHandler(), WebhookHandler()])
}
