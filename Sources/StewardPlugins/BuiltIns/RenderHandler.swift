import Foundation
import StewardExpressions

/// `render`: a document from a Mustache template of the project's templates folder, written
/// into the instance's documents folder (`documents/<instance>/<output>`), Markdown or HTML.
///
/// The template sees exactly `data`; a name it uses that `data` lacks fails the step (kind
/// `template`) instead of leaving a gap in the document. Rendering the same template with the
/// same data writes the same bytes, so a repeated call does no harm.
public struct RenderHandler: StepHandler {
    public let contract = HandlerContract(
        name: "render", version: "1", summary: "writes a document from a Mustache template into the instance's documents folder",
        tier: .builtIn,
        inputs: [HandlerInput("template", .text, required: true, summary: "a file of the templates folder, e.g. plan.md"),
                 HandlerInput("output", .text, required: true, summary: "the document's name in the instance's documents folder"),
                 HandlerInput("data", .object, required: true, summary: "the values the template uses, by name"),
                 HandlerInput("format", .text, summary: "md or html; by default from the output's extension")],
        outputs: [HandlerInput("path", .text, summary: "the document, relative to the documents folder"),
                  HandlerInput("sha256", .text, summary: "the document's SHA-256, hex")],
        errors: [RenderTemplate.failureKind, SafePath.failureKind], idempotent: true, timeout: .seconds(30))

    /// The largest template read (1 MiB).
    static let templateLimit = 1 << 20

    public init() {}

    public func call(_ request: StepRequest) async -> StepOutcome {
        await FileWork.run { () throws(StepFailure) in try render(request) }
    }

    private func render(_ request: StepRequest) throws(StepFailure) -> ExpressionValue {
        let templateName = try Self.text("template", request)
        let output = try Self.text("output", request)
        guard case .object? = request.argument("data") else {
            throw StepFailure(kind: "handler", message: "render needs 'data', an object of the values the template uses", retryable: false)
        }
        let data = request.argument("data") ?? .null
        let format = try Self.format(request, output: output)
        let places = request.places
        let source = try SafePath.fileForReading(templateName, in: places.templates, what: "the template")
        let bytes = try SafePath.read(source, limit: Self.templateLimit, what: "the template")
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw StepFailure(kind: RenderTemplate.failureKind, message: "the template '\(templateName)' is not UTF-8 text", retryable: false)
        }
        let document = try RenderTemplate(name: templateName, text: text, format: format).render(data)
        let folder = try DocumentsFolder.of(request.instance, in: places)
        let file = try SafePath.fileForWriting(output, in: folder, what: "the output")
        let written = Array(document.utf8)
        do {
            try AtomicFile.write(written, to: file)
        } catch {
            throw StepFailure(kind: "handler", message: "could not write the document: \(error.message)")
        }
        return .object(["path": .string(request.instance + "/" + output),
                        "sha256": .string(written.sha256Hex)])
    }

    private static func text(_ name: String, _ request: StepRequest) throws(StepFailure) -> String {
        guard let value = request.text(name) else {
            throw StepFailure(kind: "handler", message: "render needs '\(name)' as text", retryable: false)
        }
        return value
    }

    private static func format(_ request: StepRequest, output: String) throws(StepFailure) -> RenderTemplate.Format {
        if let given = request.argument("format"), given != .null {
            guard case .string(let name) = given, let format = RenderTemplate.Format(rawValue: name) else {
                throw StepFailure(kind: "handler", message: "'format' must be md or html; got \(given.json)", retryable: false)
            }
            return format
        }
        guard let format = RenderTemplate.Format(fileName: output) else {
            throw StepFailure(kind: "handler", message: "the output '\(output)' ends in neither .md nor .html: say 'format: md' or 'format: html'",
                              retryable: false)
        }
        return format
    }
}

/// Where an instance's documents are: `render` writes them there and `archive` files them.
enum DocumentsFolder {
    /// `documents/<instance>`, made if missing (refused if it or a step below the documents folder is a link).
    static func of(_ instance: String, in places: HandlerPlaces) throws(StepFailure) -> URL {
        try SafePath.folder(instance, in: places.documents, what: "the instance's documents folder")
    }
}
