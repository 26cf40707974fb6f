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

/// `archive`: files the instance's record in the ledger (台账) folder as a JSON package.
public struct ArchiveHandler: StepHandler {
    public let contract = HandlerContract(
        name: "archive", version: "1", summary: "files the instance's documents and trail in the ledger (台账)",
        tier: .builtIn,
        inputs: [HandlerInput("ledger", .text, required: true), HandlerInput("title", .text),
                 HandlerInput("files", .list), HandlerInput("retention", .any)],
        idempotent: true, timeout: .seconds(120))

    public init() {}

    public func call(_ request: StepRequest) async -> StepOutcome {
        guard let ledger = request.text("ledger") else {
            return .failure(kind: "handler", message: "archive needs 'ledger', the ledger's name", retryable: false)
        }
        let folder = request.places.ledger.appendingPathComponent(FileNames.safePath(ledger))
        let file = folder.appendingPathComponent(FileNames.safe(request.instance) + ".json")
        let package = ExpressionObject([
            ("ledger", .string(ledger)), ("instance", .string(request.instance)), ("workflow", .string(request.workflow)),
            ("title", request.argument("title") ?? .null), ("files", request.argument("files") ?? .list([])),
        ])
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try AtomicFile.write(Array(ExpressionValue.object(package).json.utf8), to: file)
        } catch {
            return .failure(kind: "handler", message: "could not write to the ledger: \(FileNames.describe(error))")
        }
        return .success(.object(["path": .string(ledger + "/" + file.lastPathComponent)]))
    }
}

/// File names from ids and ledger names: no separators or dots that could leave the folder.
enum FileNames {
    static func safe(_ text: String) -> String {
        String(text.map { "/\\:*?\"<>|".contains($0) || $0.isNewline ? "_" : $0 }).replacingOccurrences(of: "..", with: "_")
    }

    /// Keeps `/` as folder steps but drops empty, `.` and `..` steps.
    static func safePath(_ text: String) -> String {
        text.split(separator: "/").map(String.init).filter { $0 != "." && $0 != ".." && !$0.isEmpty }.map(safe)
            .joined(separator: "/")
    }

    /// A write failure in a sentence: ours as it is, Foundation's (a folder that cannot be made) by its description.
    static func describe(_ error: any Error) -> String {
        (error as? FileWriteError)?.message ?? error.localizedDescription
    }
}

extension HandlerRegistry {
    /// The core's handlers and the built-ins that ship with Steward.
    public static let builtIn = HandlerRegistry([NotifyHandler(), ArchiveHandler()])
}
