/// One parser event, as libyaml reports it; for tests, tools and the benchmark.
public enum YAMLEvent: Hashable, Sendable {
    case streamStart
    case streamEnd
    case documentStart(explicit: Bool)
    case documentEnd(explicit: Bool)
    case alias(anchor: String)
    case scalar(text: String, style: ScalarStyle, tag: String?, anchor: String?)
    case sequenceStart(style: CollectionStyle, tag: String?, anchor: String?)
    case sequenceEnd
    case mappingStart(style: CollectionStyle, tag: String?, anchor: String?)
    case mappingEnd
}

/// Reads a stream's events one by one, with their positions.
public final class YAMLEventReader {
    private let parser: LibYAMLParser

    /// Starts reading `bytes`; the input is checked for encoding and NUL bytes first.
    public init(bytes: [UInt8]) throws(YAMLError) {
        try InputCheck.check(bytes, limits: YAMLLimits())
        parser = try LibYAMLParser(bytes: bytes)
    }

    /// Starts reading `bytes` with no checks of our own: libyaml alone decides.
    public init(unchecked bytes: [UInt8]) throws(YAMLError) {
        parser = try LibYAMLParser(bytes: bytes)
    }

    /// The next event and where it starts, or nil after the stream's end.
    public func next() throws(YAMLError) -> (event: YAMLEvent, start: YAMLMark)? {
        guard try parser.advance() else { return nil }
        let event: YAMLEvent
        switch parser.kind {
        case .streamStart, .none: event = .streamStart
        case .streamEnd: event = .streamEnd
        case .documentStart: event = .documentStart(explicit: parser.documentIsExplicit)
        case .documentEnd: event = .documentEnd(explicit: parser.documentIsExplicit)
        case .alias: event = .alias(anchor: parser.anchor ?? "")
        case .scalar:
            event = .scalar(text: parser.scalarText, style: parser.scalarStyle, tag: parser.tag, anchor: parser.anchor)
        case .sequenceStart:
            event = .sequenceStart(style: parser.collectionStyle, tag: parser.tag, anchor: parser.anchor)
        case .sequenceEnd: event = .sequenceEnd
        case .mappingStart:
            event = .mappingStart(style: parser.collectionStyle, tag: parser.tag, anchor: parser.anchor)
        case .mappingEnd: event = .mappingEnd
        }
        return (event, parser.startMark)
    }

    /// Counts the events of `bytes` without building anything: the raw-speed baseline.
    public static func countEvents(_ bytes: [UInt8]) throws(YAMLError) -> Int {
        let parser = try LibYAMLParser(bytes: bytes)
        var count = 0
        while try parser.advance() { count += 1 }
        return count
    }
}

extension YAMLEvent {
    /// The event in the YAML test suite's `test.event` notation (`+MAP {} &a <tag>`, `=VAL :text`).
    public var testSuiteNotation: String {
        func props(_ anchor: String?, _ tag: String?) -> String {
            (anchor.map { " &\($0)" } ?? "") + (tag.map { " <\($0)>" } ?? "")
        }
        switch self {
        case .streamStart: return "+STR"
        case .streamEnd: return "-STR"
        case .documentStart(let explicit): return explicit ? "+DOC ---" : "+DOC"
        case .documentEnd(let explicit): return explicit ? "-DOC ..." : "-DOC"
        case .alias(let anchor): return "=ALI *\(anchor)"
        case .sequenceStart(let style, let tag, let anchor):
            return "+SEQ" + (style == .flow ? " []" : "") + props(anchor, tag)
        case .sequenceEnd: return "-SEQ"
        case .mappingStart(let style, let tag, let anchor):
            return "+MAP" + (style == .flow ? " {}" : "") + props(anchor, tag)
        case .mappingEnd: return "-MAP"
        case .scalar(let text, let style, let tag, let anchor):
            let indicator: String
            switch style {
            case .plain: indicator = ":"
            case .singleQuoted: indicator = "'"
            case .doubleQuoted: indicator = "\""
            case .literal: indicator = "|"
            case .folded: indicator = ">"
            }
            return "=VAL" + props(anchor, tag) + " " + indicator + Self.escape(text)
        }
    }

    private static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{08}": out += "\\b"
            case "\0": out += "\\0"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
