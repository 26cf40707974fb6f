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
        do throws(YAMLError) {
            while try parser.advance() {
                try builder.consume(parser)
            }
        } catch {
            throw FullWidthColon.explain(error, in: bytes)
        }
        return builder.documents
    }

    /// Loads text (convenience for tests and callers holding a String).
    public func loadStream(_ text: String) throws(YAMLError) -> [YAMLDocument] {
        try loadStream(Array(text.utf8))
    }
}

/// A collection under construction; its children sit on the builder's shared stack.
private struct Frame {
    enum Kind { case document, sequence, mapping }
    let kind: Kind
    let start: YAMLMark
    let tag: String?
    let anchor: String?
    let style: CollectionStyle
    /// Where this frame's children start on the shared child stack.
    let firstChild: Int
    /// Nodes in this subtree, counting alias expansions; the anchor's cost when aliased.
    var nodeCount = 1
}

/// The children of every open collection, innermost last. Popping moves nodes into
/// the new collection's array, with no retain and release per node.
private struct NodeStack: ~Copyable {
    private var base: UnsafeMutablePointer<YAMLNode>
    private var capacity = 256
    private(set) var count = 0

    init() {
        base = .allocate(capacity: capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    subscript(index: Int) -> YAMLNode { base[index] }

    mutating func push(_ node: YAMLNode) {
        if count == capacity {
            let bigger = UnsafeMutablePointer<YAMLNode>.allocate(capacity: capacity * 2)
            bigger.moveInitialize(from: base, count: count)
            base.deallocate()
            base = bigger
            capacity *= 2
        }
        (base + count).initialize(to: node)
        count += 1
    }

    /// Moves the nodes from `first` on into an array.
    mutating func popItems(from first: Int) -> [YAMLNode] {
        let n = count - first
        let source = base + first
        count = first
        var items: [YAMLNode] = []
        items.reserveCapacity(n)
        for i in 0..<n { items.append((source + i).move()) }
        return items
    }

    /// Moves the nodes from `first` on into key-value pairs (a trailing odd node is dropped).
    mutating func popPairs(from first: Int) -> [YAMLPair] {
        let n = count - first
        let source = base + first
        count = first
        if n % 2 == 1 { (source + n - 1).deinitialize(count: 1) }
        var pairs: [YAMLPair] = []
        pairs.reserveCapacity(n / 2)
        for i in 0..<(n / 2) {
            pairs.append(YAMLPair(key: (source + 2 * i).move(), value: (source + 2 * i + 1).move()))
        }
        return pairs
    }

    mutating func drop(from first: Int) {
        (base + first).deinitialize(count: count - first)
        count = first
    }
}

private struct TreeBuilder: ~Copyable {
    let limits: YAMLLimits
    var documents: [YAMLDocument] = []
    var frames: [Frame] = []
    /// The children of every open frame, innermost last.
    var children = NodeStack()
    var anchors: [String: (node: YAMLNode, count: Int)] = [:]
    var totalNodes = 0

    init(limits: YAMLLimits) {
        self.limits = limits
    }

    mutating func consume(_ p: LibYAMLParser) throws(YAMLError) {
        switch p.kind {
        case .documentStart:
            anchors.removeAll(keepingCapacity: true)
            frames.append(Frame(kind: .document, start: p.startMark, tag: nil, anchor: nil, style: .block,
                                firstChild: children.count))
        case .documentEnd:
            guard let frame = frames.popLast() else { return }
            let root = children.count > frame.firstChild ? children[frame.firstChild]
                : .scalar(YAMLScalar(text: "", style: .plain, range: YAMLRange(start: frame.start, end: frame.start)))
            children.drop(from: frame.firstChild)
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
                                tag: tag, anchor: p.anchor, style: p.collectionStyle, firstChild: children.count))
        case .sequenceEnd, .mappingEnd:
            guard let frame = frames.popLast() else { return }
            let range = YAMLRange(start: frame.start, end: p.endMark)
            let node: YAMLNode
            if frame.kind == .sequence {
                let items = children.popItems(from: frame.firstChild)
                node = .sequence(YAMLSequence(items: items, style: frame.style, tag: frame.tag, range: range))
            } else {
                let pairs = children.popPairs(from: frame.firstChild)
                node = .mapping(try MappingAssembler(limits: limits).assemble(pairs: pairs, style: frame.style,
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
        guard !frames.isEmpty else { return }
        children.push(node)
        frames[frames.count - 1].nodeCount += count
    }
}
