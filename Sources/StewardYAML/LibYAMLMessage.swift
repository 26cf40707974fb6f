/// Rewords libyaml's problem and context text for people who are not programmers.
///
/// The original wording is kept as a note, for whoever debugs the parser.
enum LibYAMLMessage {
    static func error(
        problem: String, context: String?, at mark: YAMLMark, contextMark: YAMLMark?, character: Character?
    ) -> YAMLError {
        var notes: [String] = []
        let original = [context, problem].compactMap { $0 }.joined(separator: ": ")
        let message = sentence(problem: problem, context: context, character: character)
        var location = mark
        if let contextMark, contextMark != mark, let what = contextSubject(context) {
            if pointsAtOpening(problem: problem, context: context) {
                // An unclosed quote or bracket is fixed where it opens, not where the file ends.
                location = contextMark
                notes.append("the parser noticed it at line \(mark.line), column \(mark.column)")
            } else {
                notes.append("\(what) starts at line \(contextMark.line), column \(contextMark.column)")
            }
        }
        notes.append("libyaml: \(original)")
        return YAMLError(.syntax, at: location, message, notes: notes)
    }

    private static func sentence(problem: String, context: String?, character: Character?) -> String {
        let ctx = context ?? ""
        if problem.contains("tab character") || (character == "\t" && problem.contains("cannot start any token")) {
            return "a tab cannot indent YAML; use spaces"
        }
        switch problem {
        case let p where p.contains("cannot start any token"):
            if let character, "@`".contains(character) {
                return "'\(character)' cannot start a value; put the value in quotes"
            }
            if let character, character == "%" {
                return "'%' cannot start a value here; put the value in quotes"
            }
            return "this character cannot start a value here; put the value in quotes or check the indentation"
        case let p where p.contains("mapping values are not allowed"):
            return "a ': ' cannot appear here; put a value that contains ': ' in quotes, or check the indentation of this line"
        case let p where p.contains("did not find expected key"):
            return "this line does not line up with the keys above it; check its indentation"
        case let p where p.contains("did not find expected '-' indicator"):
            return "this line does not line up with the list items above it; check its indentation"
        case let p where p.contains("block sequence entries are not allowed"):
            return "a '- ' list item cannot start here; put the list on its own lines below its key"
        case let p where p.contains("could not find expected ':'"):
            return "a key needs a ':' after it; add ': ' or join this line with the one above"
        case let p where p.contains("did not find expected ',' or ']'"):
            return "a '[' list is not closed, or two of its items lack a ',' between them"
        case let p where p.contains("did not find expected ',' or '}'"):
            return "a '{' mapping is not closed, or two of its entries lack a ',' between them"
        case let p where p.contains("unknown escape character"):
            return "unknown escape in a double-quoted string; write '\\\\' for a backslash, or use single quotes"
        case let p where p.contains("found unexpected end of stream"):
            if ctx.contains("quoted scalar") { return "a quoted value is not closed; add the closing quote" }
            return "the file ends in the middle of a value; something is not closed"
        case let p where p.contains("found unexpected document indicator"):
            return "'---' or '...' inside a quoted value ends the document; indent it or quote differently"
        case let p where p.contains("did not find expected <document start>"):
            return "unexpected text after the end of the document; remove it or start a new document with '---'"
        case let p where p.contains("did not find expected node content"):
            return "a value is missing here"
        case let p where p.contains("undefined tag handle"):
            return "this tag handle is not declared with a %TAG directive"
        case let p where p.contains("did not find expected alphabetic or numeric character"):
            return ctx.contains("alias") || ctx.contains("anchor")
                ? "an anchor or alias name must follow '&' or '*' directly; write e.g. '&defaults' and '*defaults'"
                : "a letter or digit was expected here"
        case let p where p.contains("did not find expected comment or line break"):
            return "unexpected text after this value; remove it or start a new line"
        case let p where p.contains("found a document separator") || p.contains("found incompatible YAML document"):
            return "this YAML version or directive is not supported; remove the '%YAML' line"
        default:
            return "YAML syntax error: \(problem)" + (context.map { " (\($0))" } ?? "")
        }
    }

    private static func pointsAtOpening(problem: String, context: String?) -> Bool {
        guard let context else { return false }
        if context.contains("quoted scalar") { return problem.contains("end of stream") }
        return context.contains("flow sequence") || context.contains("flow mapping")
    }

    /// What the context mark points at, in words, for the note.
    private static func contextSubject(_ context: String?) -> String? {
        guard let context else { return nil }
        if context.contains("block mapping") { return "the mapping" }
        if context.contains("block collection") || context.contains("block sequence") { return "the list" }
        if context.contains("flow sequence") { return "the '[' list" }
        if context.contains("flow mapping") { return "the '{' mapping" }
        if context.contains("quoted scalar") { return "the quoted value" }
        if context.contains("simple key") { return "the key" }
        if context.contains("block scalar") { return "the block text" }
        return nil
    }
}
