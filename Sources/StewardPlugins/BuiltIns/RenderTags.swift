import Foundation

/// The names a Mustache template uses, with the line and column of each tag, read from the
/// template's text for `render`'s strict check (the Mustache library keeps its parsed tags to
/// itself). It reads only templates the library has already parsed, so it need not repeat the
/// library's syntax errors: it finds names and sections, and refuses what `render` does not
/// offer (partials, blocks, transforms).
struct RenderTags {
    /// Where a tag starts in the template (1-based).
    struct Location: Equatable, CustomStringConvertible {
        let line: Int
        let column: Int
        var description: String { "\(line):\(column)" }
    }

    indirect enum Node {
        /// `{{name}}`, `{{{name}}}`, `{{&name}}`.
        case variable(String, Location)
        /// `{{#name}}…{{/name}}` or, inverted, `{{^name}}…{{/name}}`.
        case section(String, inverted: Bool, Location, [Node])
    }

    /// A tag `render` does not accept, or text the scan cannot follow.
    struct Refusal: Error {
        let message: String
        let location: Location
    }

    private let text: [Character]
    private var position = 0
    private var line = 1
    private var column = 1
    private var open: [Character] = ["{", "{"]
    private var close: [Character] = ["}", "}"]

    /// The tags of `template`, as a tree of sections.
    static func read(_ template: String) throws(Refusal) -> [Node] {
        var tags = RenderTags(text: Array(template))
        var stack: [(name: String, inverted: Bool, location: Location, nodes: [Node])] = [("", false, Location(line: 1, column: 1), [])]
        while let (kind, body, location) = try tags.nextTag() {
            switch kind {
            case "!", "%": continue
            case "=": try tags.setDelimiters(body, at: location)
            case ">", "<", "$":
                throw Refusal(message: "partials and blocks ('\(kind)') are not supported: put the text in the template itself",
                              location: location)
            case "#", "^":
                stack.append((try name(body, at: location), kind == "^", location, []))
            case "/":
                let name = try name(body, at: location)
                guard stack.count > 1, let section = stack.popLast(), section.name == name else {
                    throw Refusal(message: "'{{/\(name)}}' closes no open section", location: location)
                }
                stack[stack.count - 1].nodes.append(.section(name, inverted: section.inverted, section.location, section.nodes))
            default:
                stack[stack.count - 1].nodes.append(.variable(try name(body, at: location), location))
            }
        }
        guard stack.count == 1, let top = stack.first else {
            let section = stack[stack.count - 1]
            throw Refusal(message: "the section '\(section.name)' is not closed", location: section.location)
        }
        return top.nodes
    }

    /// The next tag: its kind (`#`, `^`, `/`, `!`, `=`, `%`, `>`, … or a space for a variable),
    /// the text inside it, and where it starts; nil at the end.
    private mutating func nextTag() throws(Refusal) -> (Character, String, Location)? {
        while position < text.count, !at(open) { advance(1) }
        guard position < text.count else { return nil }
        let location = Location(line: line, column: column)
        advance(open.count)
        guard position < text.count else { throw Refusal(message: "the tag is not closed", location: location) }
        var kind = text[position]
        var closing = close
        switch kind {
        case "{":
            closing = close + ["}"]
            advance(1)
        case "&", "#", "^", "/", "!", "=", "%", ">", "<", "$":
            advance(1)
        default:
            kind = " "
        }
        var body: [Character] = []
        while position < text.count, !at(closing) {
            body.append(text[position])
            advance(1)
        }
        guard position < text.count else { throw Refusal(message: "the tag is not closed", location: location) }
        advance(closing.count)
        return (kind, String(body), location)
    }

    private func at(_ delimiter: [Character]) -> Bool {
        position + delimiter.count <= text.count && text[position..<(position + delimiter.count)].elementsEqual(delimiter)
    }

    private mutating func advance(_ count: Int) {
        for _ in 0..<count where position < text.count {
            if text[position].isNewline {
                line += 1
                column = 1
            } else {
                column += 1
            }
            position += 1
        }
    }

    /// `{{=<% %>=}}`: the body is `<% %>=`.
    private mutating func setDelimiters(_ body: String, at location: Location) throws(Refusal) {
        let parts = body.dropLast(body.hasSuffix("=") ? 1 : 0).split(whereSeparator: \.isWhitespace)
        guard parts.count == 2 else { throw Refusal(message: "the delimiters cannot be read", location: location) }
        open = Array(parts[0])
        close = Array(parts[1])
    }

    /// The name in a tag; transforms (`name(x)`) and empty tags are refused.
    private static func name(_ body: String, at location: Location) throws(Refusal) -> String {
        let name = body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw Refusal(message: "the tag names nothing", location: location) }
        guard !name.contains("(") else {
            throw Refusal(message: "'\(name)' applies a transform, which render does not offer: compute the value in the workflow's 'data'",
                          location: location)
        }
        return name
    }
}
