import Foundation
import StewardCore
import StewardExpressions

/// `notify`: writes a message for people or roles into the outbox folder, one file per call.
///
/// Delivery (mail, SMS, a messaging app) is whatever reads the outbox; the file name is
/// the idempotency key, so a repeated call rewrites the same file.
public struct NotifyHandler: StepHandler {
    public let name = "notify"
    public let isIdempotent = true

    public init() {}

    public func run(_ request: StepRequest) -> StepOutcome {
        guard case .object(let args) = request.arguments else {
            return .failure(kind: "handler", message: "notify needs 'to' and 'subject'")
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
            return .failure(kind: "handler", message: "could not write to the outbox: \(Self.describe(error))")
        }
        return .success(.object(["file": .string(file.lastPathComponent)]))
    }

    /// A write failure in a sentence: ours as it is, Foundation's (a folder that cannot be made) by its description.
    static func describe(_ error: any Error) -> String {
        (error as? FileWriteError)?.message ?? error.localizedDescription
    }
}

/// `archive`: files the instance's record in the ledger (台账) folder as a JSON package.
public struct ArchiveHandler: StepHandler {
    public let name = "archive"
    public let isIdempotent = true

    public init() {}

    public func run(_ request: StepRequest) -> StepOutcome {
        guard case .object(let args) = request.arguments, case .string(let ledger)? = args["ledger"] else {
            return .failure(kind: "handler", message: "archive needs 'ledger', the ledger's name")
        }
        let folder = request.places.ledger.appendingPathComponent(FileNames.safePath(ledger))
        let file = folder.appendingPathComponent(FileNames.safe(request.instance) + ".json")
        let package = ExpressionObject([
            ("ledger", .string(ledger)), ("instance", .string(request.instance)), ("workflow", .string(request.workflow)),
            ("title", args["title"] ?? .null), ("files", args["files"] ?? .list([])),
        ])
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try AtomicFile.write(Array(ExpressionValue.object(package).json.utf8), to: file)
        } catch {
            return .failure(kind: "handler", message: "could not write to the ledger: \(NotifyHandler.describe(error))")
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
}
