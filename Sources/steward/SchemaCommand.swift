import ArgumentParser
import StewardModel

/// `steward schema [workflow|roster|project]`: the JSON Schema an editor's YAML language
/// server uses to complete keys and flag structural mistakes while the organizer types.
struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the JSON Schema (draft 2020-12) of workflow, roster or steward.yaml files, for editors.",
        discussion: "'steward init' writes them to \(LanguageSchema.folder)/; the files it creates name them on their first line.")

    @Argument(help: "workflow (the default), roster or project (steward.yaml).") var kind: String = "workflow"

    func validate() throws {
        guard LanguageSchema(rawValue: kind) != nil else {
            let names = LanguageSchema.allCases.map(\.rawValue)
            throw ValidationError("steward schema takes \(names.joined(separator: ", ")); got '\(kind)'"
                                  + (Suggestions.didYouMean(kind, in: names).map { "; \($0)" } ?? ""))
        }
    }

    func run() throws {
        guard let schema = LanguageSchema(rawValue: kind) else { return }
        print(schema.text, terminator: "")
    }
}

/// The modeline that points a YAML language server at the schema `steward init` wrote.
enum SchemaModeline {
    /// The schema a project file at `relative` (a path inside the project) is checked with.
    static func kind(of relative: String) -> LanguageSchema? {
        if relative == "steward.yaml" { return .project }
        if relative == "roster.yaml" { return .roster }
        let parts = relative.split(separator: "/")
        if parts.count == 2, parts[0] == "workflows", relative.hasSuffix(".yaml") { return .workflow }
        return nil
    }

    /// `text` with the modeline first, for the files the schemas describe; other files as they are.
    static func adding(to text: String, at relative: String) -> String {
        guard let kind = kind(of: relative) else { return text }
        let up = String(repeating: "../", count: relative.split(separator: "/").count - 1)
        return "# yaml-language-server: $schema=\(up)\(LanguageSchema.folder)/\(kind.fileName)\n" + text
    }
}
