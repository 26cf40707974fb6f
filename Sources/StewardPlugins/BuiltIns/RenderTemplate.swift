import Foundation
import Mustache
import StewardExpressions

/// One template of the project's templates folder, parsed, ready to render a document.
struct RenderTemplate {
    /// What a document is written as, and so how values are escaped in it.
    enum Format: String, CaseIterable {
        /// Values are HTML-escaped (`<` `>` `&` `"` `'`), the Mustache default.
        case html
        /// Values have `<` `>` `&` escaped, so a form's text cannot open HTML in a Markdown
        /// viewer (which passes HTML through); Markdown's own marks are left as typed.
        case md

        /// The format an output's extension implies, if any.
        init?(fileName: String) {
            switch (fileName as NSString).pathExtension.lowercased() {
            case "html", "htm": self = .html
            case "md", "markdown": self = .md
            default: return nil
            }
        }
    }

    /// The failure kind of a template that cannot be used or does not fit its data.
    static let failureKind = "template"

    let name: String
    private let template: MustacheTemplate
    private let tags: [RenderTags.Node]
    /// Text the format's pragma swallows at the start of the template (see `init`).
    private let restored: String

    /// Parses `text` (the file `name`) for `format`. A syntax error names the file, line and column.
    init(name: String, text: String, format: Format) throws(StepFailure) {
        self.name = name
        // Markdown is rendered under a content type of ours, named by a pragma put before the
        // template. When the template's first line is blank the pragma stands alone on it and
        // Mustache drops that line: it is put back in front of the output.
        let pragma = format == .md ? "{{%CONTENT_TYPE:\(MarkdownEscaping.name)}}" : ""
        let blanks = text.prefix { $0 == " " || $0 == "\t" }
        if !pragma.isEmpty, let next = text.dropFirst(blanks.count).first, next.isNewline {
            restored = String(blanks) + String(next)
        } else {
            restored = ""
        }
        if format == .md { MarkdownEscaping.register() }
        do {
            template = try MustacheTemplate(string: pragma + text)
        } catch let error as MustacheTemplate.ParserError {
            let context = error.context
            let column = context.lineNumber == 1 ? max(1, context.columnNumber - pragma.count) : context.columnNumber
            throw StepFailure(kind: Self.failureKind, message: "the template '\(name)' line \(context.lineNumber):\(column): "
                              + Self.describe(error.error), retryable: false)
        } catch {
            throw StepFailure(kind: Self.failureKind, message: "the template '\(name)' cannot be read: \(error)", retryable: false)
        }
        do {
            tags = try RenderTags.read(text)
        } catch {
            throw StepFailure(kind: Self.failureKind, message: "the template '\(name)' line \(error.location): \(error.message)",
                              retryable: false)
        }
    }

    /// The document for `data`; every name the template uses must be in the data (a null
    /// value counts: it renders as nothing), else nothing is rendered and the failure names
    /// each missing name and where the template uses it.
    func render(_ data: ExpressionValue) throws(StepFailure) -> String {
        let missing = RenderData.missing(in: tags, data: data)
        guard missing.isEmpty else {
            let shown = missing.prefix(5).map { item in
                let inside = item.sections.isEmpty ? "" : " (inside '\(item.sections.joined(separator: "' > '"))')"
                return "'\(item.name)' at line \(item.location)\(inside)"
            }
            let more = missing.count > 5 ? " and \(missing.count - 5) more" : ""
            throw StepFailure(kind: Self.failureKind,
                              message: "the template '\(name)' uses names the data does not have: \(shown.joined(separator: ", "))\(more); "
                                  + "give them in 'data' (null for nothing)", retryable: false)
        }
        return restored + template.render(RenderData.mustacheValue(data))
    }

    static func describe(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "the closing tag does not match the open section"
        case .unfinishedName: return "a tag is not finished (a name may hold letters, digits, '.', '-' and '_')"
        case .expectedSectionEnd: return "a section is not closed (a '{{/name}}' is missing)"
        case .invalidSetDelimiter: return "the delimiters cannot be read"
        case .transformAppliedToInheritanceSection, .illegalTokenInsideInheritSection, .textInsideInheritSection:
            return "partials and blocks are not supported"
        case .invalidConfigVariableSyntax, .unrecognisedConfigVariable: return "a '{{% …}}' pragma cannot be read"
        }
    }
}

/// Escaping for Markdown documents (see `RenderTemplate.Format.md`).
struct MarkdownEscaping: MustacheContentType {
    static let name = "STEWARD_MARKDOWN"
    /// Registered once, before the first Markdown template is parsed.
    private static let registered: Bool = {
        MustacheContentTypes.register(MarkdownEscaping(), named: name)
        return true
    }()

    static func register() { _ = registered }

    func escapeText(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
