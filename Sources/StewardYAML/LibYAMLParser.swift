internal import CLibYAML

/// Owns one `yaml_parser_t` over a private copy of the input; frees both in `deinit`.
///
/// This is the only place that calls libyaml. Errors come out as `YAMLError` with
/// libyaml's wording replaced by a sentence for people (see `LibYAMLMessage`).
final class LibYAMLParser {
    // Parser and event live behind pointers held in `let`s: stored `var`s of a class
    // would pay a dynamic exclusivity check on every access, several per event.
    private let parserPointer: UnsafeMutablePointer<yaml_parser_t>
    private let eventPointer: UnsafeMutablePointer<yaml_event_t>
    private let input: UnsafeMutableBufferPointer<UInt8>
    private let source: [UInt8]
    private var parser: yaml_parser_t { parserPointer.pointee }
    private var holdsEvent = false
    private var finished = false

    init(bytes: [UInt8]) throws(YAMLError) {
        source = bytes
        input = .allocate(capacity: max(bytes.count, 1))
        _ = input.initialize(from: bytes)
        parserPointer = .allocate(capacity: 1)
        parserPointer.initialize(to: yaml_parser_t())
        eventPointer = .allocate(capacity: 1)
        eventPointer.initialize(to: yaml_event_t())
        guard yaml_parser_initialize(parserPointer) == 1 else {
            input.deallocate()
            parserPointer.deallocate()
            eventPointer.deallocate()
            throw YAMLError(.syntax, at: nil, "the YAML parser could not start (out of memory)")
        }
        yaml_parser_set_input_string(parserPointer, input.baseAddress, bytes.count)
        yaml_parser_set_encoding(parserPointer, YAML_UTF8_ENCODING)
    }

    deinit {
        if holdsEvent { yaml_event_delete(eventPointer) }
        yaml_parser_delete(parserPointer)
        input.deallocate()
        parserPointer.deallocate()
        eventPointer.deallocate()
    }

    /// Advances to the next event; returns false after the stream's end.
    func advance() throws(YAMLError) -> Bool {
        if holdsEvent {
            yaml_event_delete(eventPointer)
            holdsEvent = false
        }
        if finished { return false }
        guard yaml_parser_parse(parserPointer, eventPointer) == 1 else { throw currentError() }
        holdsEvent = true
        if eventPointer.pointee.type == YAML_STREAM_END_EVENT { finished = true }
        return true
    }

    var startMark: YAMLMark { Self.mark(eventPointer.pointee.start_mark) }
    var endMark: YAMLMark { Self.mark(eventPointer.pointee.end_mark) }

    static func mark(_ m: yaml_mark_t) -> YAMLMark {
        YAMLMark(line: Int(m.line) + 1, column: Int(m.column) + 1)
    }

    private func currentError() -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        let context = parser.context.map { String(cString: $0) }
        if parser.error == YAML_READER_ERROR {
            let offset = Int(parser.problem_offset)
            return InputCheck.readerError(problem: problem, value: Int(parser.problem_value),
                                          at: InputCheck.mark(ofByteOffset: offset, in: source))
        }
        if parser.error == YAML_MEMORY_ERROR {
            return YAMLError(.syntax, at: nil, "the YAML parser ran out of memory")
        }
        let problemMark = Self.mark(parser.problem_mark)
        let contextMark = context == nil ? nil : Self.mark(parser.context_mark)
        return LibYAMLMessage.error(
            problem: problem, context: context, at: problemMark, contextMark: contextMark,
            character: InputCheck.character(at: problemMark, in: source))
    }
}

extension LibYAMLParser {
    /// Copies a C string the event owns (anchor, tag) into a Swift string.
    static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
    }

    var scalarLength: Int { eventPointer.pointee.data.scalar.length }

    var scalarText: String {
        let s = eventPointer.pointee.data.scalar
        guard let value = s.value, s.length > 0 else { return "" }
        return String(decoding: UnsafeBufferPointer(start: value, count: s.length), as: UTF8.self)
    }

    var scalarStyle: ScalarStyle {
        switch eventPointer.pointee.data.scalar.style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }

    var kind: YAMLEventKind {
        switch eventPointer.pointee.type {
        case YAML_STREAM_START_EVENT: .streamStart
        case YAML_STREAM_END_EVENT: .streamEnd
        case YAML_DOCUMENT_START_EVENT: .documentStart
        case YAML_DOCUMENT_END_EVENT: .documentEnd
        case YAML_ALIAS_EVENT: .alias
        case YAML_SCALAR_EVENT: .scalar
        case YAML_SEQUENCE_START_EVENT: .sequenceStart
        case YAML_SEQUENCE_END_EVENT: .sequenceEnd
        case YAML_MAPPING_START_EVENT: .mappingStart
        case YAML_MAPPING_END_EVENT: .mappingEnd
        default: .none
        }
    }

    var anchor: String? {
        switch eventPointer.pointee.type {
        case YAML_SCALAR_EVENT: Self.string(eventPointer.pointee.data.scalar.anchor)
        case YAML_SEQUENCE_START_EVENT: Self.string(eventPointer.pointee.data.sequence_start.anchor)
        case YAML_MAPPING_START_EVENT: Self.string(eventPointer.pointee.data.mapping_start.anchor)
        case YAML_ALIAS_EVENT: Self.string(eventPointer.pointee.data.alias.anchor)
        default: nil
        }
    }

    var tag: String? {
        switch eventPointer.pointee.type {
        case YAML_SCALAR_EVENT: Self.string(eventPointer.pointee.data.scalar.tag)
        case YAML_SEQUENCE_START_EVENT: Self.string(eventPointer.pointee.data.sequence_start.tag)
        case YAML_MAPPING_START_EVENT: Self.string(eventPointer.pointee.data.mapping_start.tag)
        default: nil
        }
    }

    var collectionStyle: CollectionStyle {
        switch eventPointer.pointee.type {
        case YAML_SEQUENCE_START_EVENT:
            eventPointer.pointee.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE ? .flow : .block
        case YAML_MAPPING_START_EVENT:
            eventPointer.pointee.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE ? .flow : .block
        default: .block
        }
    }

    /// For document start/end: whether `---` / `...` was written.
    var documentIsExplicit: Bool {
        switch eventPointer.pointee.type {
        case YAML_DOCUMENT_START_EVENT: eventPointer.pointee.data.document_start.implicit == 0
        case YAML_DOCUMENT_END_EVENT: eventPointer.pointee.data.document_end.implicit == 0
        default: false
        }
    }
}

/// The kinds of libyaml events, without their payloads.
enum YAMLEventKind {
    case none, streamStart, streamEnd, documentStart, documentEnd, alias, scalar
    case sequenceStart, sequenceEnd, mappingStart, mappingEnd
}
