/// Loads YAML text into immutable, positioned node trees, enforcing `YAMLLimits`.
///
/// Build state lives in class frames so that appending a child never copies its
/// siblings (a stack of enum frames holding arrays would make loading quadratic).
public struct YAMLLoader: Sendable {
    public var limits: YAMLLimits

    public init(limits: YAMLLimits = .default) {
        self.limits = limits
    }

    /// Every document of the stream, in order (none for an empty file).
    public func loadStream(_ bytes: [UInt8]) throws(YAMLError) -> [YAMLDocument] {
        try InputCheck.check(bytes, limits: limits)
        let parser = try LibYAMLParser(bytes: bytes)
        var builder = TreeBuilder(limits: limits)
        while try parser.advance() {
            try builder.consume(parser)
        }
        return builder.documents
    }

    /// Loads text (convenience for tests and callers holding a String).
    public func loadStream(_ text: String) throws(YAMLError) -> [YAMLDocument] {
        try loadStream(Array(text.utf8))
    }
}

/// A collection under construction.
private final class Frame {
    enum Kind { case document, sequence, mapping }
    let kind: Kind
    let start: YAMLMark
    let tag: String?
    let anchor: String?
    let style: CollectionStyle
    var children: [YAMLNode] = []
    /// Nodes in this subtree, counting alias expansions; the anchor's cost when aliased.
    var nodeCount = 1

    init(kind: Kind, start: YAMLMark, tag: String?, anchor: String?, style: CollectionStyle) {
        self.kind = kind
        self.start = start
        self.tag = tag
        self.anchor = anchor
        self.style = style
    }
}

private struct TreeBuilder {
    let limits: YAMLLimits
    var documents: [YAMLDocument] = []
    var frames: [Frame] = []
    var anchors: [String: (node: YAMLNode, count: Int)] = [:]
    var totalNodes = 0

    init(limits: YAMLLimits) {
        self.limits = limits
    }

    mutating func consume(_ p: LibYAMLParser) throws(YAMLError) {
        switch p.kind {
        case .documentStart:
            anchors.removeAll(keepingCapacity: true)
            frames.append(Frame(kind: .document, start: p.startMark, tag: nil, anchor: nil, style: .block))
        case .documentEnd:
            guard let frame = frames.popLast() else { return }
            let root = frame.children.first
                ?? .scalar(YAMLScalar(text: "", style: .plain, range: YAMLRange(start: frame.start, end: frame.start)))
            documents.append(YAMLDocument(root: root, range: YAMLRange(start: frame.start, end: p.endMark)))
        case .scalar:
            try scalar(p)
        case .alias:
            try alias(p)
        case .sequenceStart, .mappingStart:
            // Depth counts collections only; the document frame is not nesting.
            if frames.count > limits.maxDepth {
                throw YAMLError(.tooDeep, at: p.startMark,
                                "lists and mappings are nested more than \(limits.maxDepth) levels deep",
                                notes: ["the nesting limit is \(limits.maxDepth); a workflow never needs that many levels"])
            }
            let tag = try checkedTag(p.tag, at: p.startMark)
            try countNodes(1, at: p.startMark)
            frames.append(Frame(kind: p.kind == .sequenceStart ? .sequence : .mapping, start: p.startMark,
                                tag: tag, anchor: p.anchor, style: p.collectionStyle))
        case .sequenceEnd, .mappingEnd:
            guard let frame = frames.popLast() else { return }
            let range = YAMLRange(start: frame.start, end: p.endMark)
            let node: YAMLNode
            if frame.kind == .sequence {
                node = .sequence(YAMLSequence(items: frame.children, style: frame.style, tag: frame.tag, range: range))
            } else {
                node = .mapping(try MappingAssembler(limits: limits).assemble(frame.children, style: frame.style,
                                                                              tag: frame.tag, range: range))
            }
            add(node, count: frame.nodeCount, anchor: frame.anchor)
        case .streamStart, .streamEnd, .none:
            break
        }
    }

    private mutating func scalar(_ p: LibYAMLParser) throws(YAMLError) {
        let start = p.startMark
        if p.scalarLength > limits.maxScalarBytes {
            throw YAMLError(.scalarTooLong, at: start,
                            "this value is \(p.scalarLength) bytes long, more than the limit of \(limits.maxScalarBytes) bytes",
                            notes: ["keep long documents in separate files and refer to them by name"])
        }
        let tag = try checkedTag(p.tag, at: start)
        try countNodes(1, at: start)
        let node = YAMLNode.scalar(YAMLScalar(text: p.scalarText, style: p.scalarStyle, tag: tag,
                                              range: YAMLRange(start: start, end: p.endMark)))
        add(node, count: 1, anchor: p.anchor)
    }

    private mutating func alias(_ p: LibYAMLParser) throws(YAMLError) {
        let name = p.anchor ?? ""
        guard let target = anchors[name] else {
            throw YAMLError(.unknownAlias, at: p.startMark,
                            "'*\(name)' refers to no anchor '&\(name)' defined before it in this document")
        }
        try countNodes(target.count, at: p.startMark)
        add(target.node, count: target.count, anchor: nil)
    }

    private mutating func countNodes(_ n: Int, at mark: YAMLMark) throws(YAMLError) {
        totalNodes += n
        if totalNodes > limits.maxNodes {
            throw YAMLError(.tooManyNodes, at: mark,
                            "the document expands to more than \(limits.maxNodes) values",
                            notes: ["aliases ('*name') count every value they repeat; nested aliases can multiply without bound"])
        }
    }

    private func checkedTag(_ tag: String?, at mark: YAMLMark) throws(YAMLError) -> String? {
        guard let tag else { return nil }
        if limits.allowCustomTags || YAMLTag.standard.contains(tag) { return tag }
        throw YAMLError(.customTag, at: mark, "the tag '\(tag)' is not supported; remove it",
                        notes: ["Steward reads plain YAML values; tags that ask for special types or actions are refused"])
    }

    private mutating func add(_ node: YAMLNode, count: Int, anchor: String?) {
        if let anchor { anchors[anchor] = (node, count) }
        guard let parent = frames.last else { return }
        parent.children.append(node)
        parent.nodeCount += count
    }
}
