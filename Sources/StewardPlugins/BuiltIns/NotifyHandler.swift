import Foundation
import StewardExpressions

/// `notify`: writes a message for people or roles into the outbox folder, one file per call.
///
/// Delivery (mail, SMS, a messaging app) is whatever reads the outbox; the file name is
/// the idempotency key, so a repeated call rewrites the same file.
public struct NotifyHandler: StepHandler {
    public let contract = HandlerContract(
        name: "notify", version: "1", summary: "writes a message for people or roles to the outbox", tier: .builtIn,
        inputs: [HandlerInput("to", .recipients, required: true), HandlerInput("subject", .text, required: true),
                 HandlerInput("body", .text), HandlerInput("channel", .text)],
        idempotent: true, timeout: .seconds(30))

    public init() {}

    public func call(_ request: StepRequest) async -> StepOutcome {
        guard case .object(let args) = request.arguments else {
            return .failure(kind: "handler", message: "notify needs 'to' and 'subject'", retryable: false)
        }
        let message = ExpressionObject([
            ("to", args["to"] ?? .null), ("subject", args["subject"] ?? .null), ("body", args["body"] ?? .null),
            ("instance", .string(request.instance)), ("state", .string(request.state)),
        ])
        let file = request.places.outbox.appendingPathComponent(FileNames.safe(request.key) + ".json")
        do {
            try FileManager.default.createDirectory(at: request.places.outbox, withIntermediateDirectories: true)
            try AtomicFile.write(Array(ExpressionValue.object(message).json.utf8), to: file)
        } catch {
            return .failure(kind: "handler", message: "could not write to the outbox: \(FileNames.describe(error))")
        }
        return .success(.object(["file": .string(file.lastPathComponent)]))
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
    public static let builtIn = HandlerRegistry([NotifyHandler(), RenderHandler(), ArchiveHandler()])
}
