import Foundation
import StewardExpressions

/// `archive`: files the instance in the ledger (台账) as one ZIP package,
/// `ledger/<ledger>/<instance>.zip`: its documents, every form, vote and comment, its trail
/// entries, the definition, the roster, and a manifest of each file's SHA-256
/// (`ArchivePackage`). `steward archive verify` checks a package.
///
/// The same content gives the same bytes (`ArchiveZip`), so filing again rewrites the same
/// file; the package appears only whole (written aside, synced, renamed).
public struct ArchiveHandler: StepHandler {
    public let contract = HandlerContract(
        name: "archive", version: "2", summary: "files the instance's documents, record and trail in the ledger (台账) as a ZIP package",
        tier: .builtIn,
        inputs: [HandlerInput("ledger", .text, required: true, summary: "the ledger's name, a folder below the ledger folder"),
                 HandlerInput("title", .text, summary: "a title for the package, kept in its manifest"),
                 HandlerInput("files", .list, summary: "more documents to file, by their path in the documents folder"),
                 HandlerInput("retention", .any, summary: "how long the package is kept, kept in its manifest")],
        outputs: [HandlerInput("path", .text, summary: "the package, relative to the ledger folder"),
                  HandlerInput("sha256", .text, summary: "the package's SHA-256, hex"),
                  HandlerInput("files", .integer, summary: "how many files it holds, the manifest included")],
        errors: [SafePath.failureKind], idempotent: true, timeout: .seconds(120), needsRecord: true)

    public init() {}

    public func call(_ request: StepRequest) async -> StepOutcome {
        await FileWork.run { () throws(StepFailure) in try file(request) }
    }

    private func file(_ request: StepRequest) throws(StepFailure) -> ExpressionValue {
        guard let ledger = request.text("ledger") else {
            throw StepFailure(kind: "handler", message: "archive needs 'ledger', the ledger's name", retryable: false)
        }
        guard let record = request.record else {
            throw StepFailure(kind: "handler", message: "archive was called without the instance's record")
        }
        let package = try ArchivePackage(record: record, ledger: ledger, request: request)
        let bytes: [UInt8]
        do {
            bytes = try ArchiveZip.bytes(of: package.entries)
        } catch {
            throw StepFailure(kind: "handler", message: error.message)
        }
        let folder = try SafePath.folder(ledger, in: request.places.ledger, what: "the ledger")
        let name = request.instance + ".zip"
        let file = try SafePath.fileForWriting(name, in: folder, what: "the package")
        do {
            try AtomicFile.write(bytes, to: file)
        } catch {
            throw StepFailure(kind: "handler", message: "could not write to the ledger: \(error.message)")
        }
        return .object(["path": .string(ledger + "/" + name), "sha256": .string(bytes.sha256Hex),
                        "files": .integer(package.entries.count)])
    }
}

/// Reading and writing files blocks its thread: a handler's file work runs on a thread of
/// its own, so a large package never holds one of the few threads every call shares.
enum FileWork {
    static func run(_ work: @escaping @Sendable () throws(StepFailure) -> ExpressionValue) async -> StepOutcome {
        await withCheckedContinuation { (done: CheckedContinuation<StepOutcome, Never>) in
            Thread.detachNewThread {
                do throws(StepFailure) {
                    done.resume(returning: .success(try work()))
                } catch {
                    done.resume(returning: StepOutcome(.failure(error)))
                }
            }
        }
    }
}
