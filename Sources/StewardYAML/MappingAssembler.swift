/// Turns a mapping's alternating keys and values into pairs: duplicate keys are
/// refused (naming both places) and `<<` merge keys are applied.
struct MappingAssembler {
    let limits: YAMLLimits

    func assemble(pairs: [YAMLPair], style: CollectionStyle, tag: String?, range: YAMLRange)
        throws(YAMLError) -> YAMLMapping
    {
        var pairs = pairs
        let hasMerge = limits.mergeKeys && pairs.contains { isMergeKey($0.key) }
        if !limits.allowDuplicateKeys {
            try refuseDuplicates(hasMerge ? pairs.filter { !isMergeKey($0.key) } : pairs)
        }
        if hasMerge { pairs = try merged(pairs) }
        return YAMLMapping(pairs: pairs, style: style, tag: tag, range: range)
    }

    private func isMergeKey(_ key: YAMLNode) -> Bool {
        guard let s = key.scalar, s.text == "<<" else { return false }
        return s.style == .plain && (s.tag == nil || s.tag == YAMLTag.merge)
    }

    private func refuseDuplicates(_ pairs: [YAMLPair]) throws(YAMLError) {
        // Small mappings (nearly all of them): compare keys pairwise, without hashing or allocating.
        if pairs.count <= 16, pairs.allSatisfy({ $0.key.scalar != nil }) {
            for later in pairs.indices.dropFirst() {
                guard case .scalar(let key) = pairs[later].key else { continue }
                for earlier in 0..<later {
                    guard case .scalar(let first) = pairs[earlier].key, first.text == key.text else { continue }
                    throw duplicate(key.text, first: first.range.start, again: key.range.start)
                }
            }
            return
        }
        var seen: [String: YAMLMark] = [:]
        var complexKeys: [YAMLNode] = []
        for pair in pairs {
            if let scalar = pair.key.scalar {
                if let first = seen[scalar.text] {
                    throw duplicate(scalar.text, first: first, again: scalar.range.start)
                }
                seen[scalar.text] = scalar.range.start
            } else {
                if let first = complexKeys.first(where: { $0.sameContent(as: pair.key) }) {
                    throw duplicate("…", first: first.start, again: pair.key.start)
                }
                complexKeys.append(pair.key)
            }
        }
    }

    private func duplicate(_ key: String, first: YAMLMark, again: YAMLMark) -> YAMLError {
        YAMLError(.duplicateKey, at: again,
                  "the key '\(key)' appears twice in this mapping (first at line \(first.line), column \(first.column))",
                  notes: ["the earlier '\(key)' is at line \(first.line), column \(first.column); keep one of them"])
    }

    /// Replaces each `<<` pair by the pairs it brings in that the mapping does not set itself.
    private func merged(_ pairs: [YAMLPair]) throws(YAMLError) -> [YAMLPair] {
        var explicit = Set<String>()
        for pair in pairs where !isMergeKey(pair.key) {
            if let text = pair.key.scalar?.text { explicit.insert(text) }
        }
        var taken = explicit
        var result: [YAMLPair] = []
        for pair in pairs {
            guard isMergeKey(pair.key) else {
                result.append(pair)
                continue
            }
            for source in try sources(of: pair.value, mergeKey: pair.key.start) {
                for inner in source.pairs {
                    if let text = inner.key.scalar?.text {
                        guard taken.insert(text).inserted else { continue }
                    }
                    result.append(inner)
                }
            }
        }
        return result
    }

    private func sources(of value: YAMLNode, mergeKey: YAMLMark) throws(YAMLError) -> [YAMLMapping] {
        switch value {
        case .mapping(let m): return [m]
        case .sequence(let s):
            var maps: [YAMLMapping] = []
            for item in s.items {
                guard let m = item.mapping else { throw badMerge(at: mergeKey, value: item) }
                maps.append(m)
            }
            return maps
        case .scalar: throw badMerge(at: mergeKey, value: value)
        }
    }

    private func badMerge(at mark: YAMLMark, value: YAMLNode) -> YAMLError {
        YAMLError(.badMerge, at: mark, "'<<' merges mappings only; give it '*name' of a mapping or a list of them",
                  notes: ["it was given \(value.kindDescription) (line \(value.start.line), column \(value.start.column))"])
    }
}

extension YAMLNode {
    /// Structural equality ignoring positions and styles: two keys that mean the same.
    func sameContent(as other: YAMLNode) -> Bool {
        switch (self, other) {
        case let (.scalar(a), .scalar(b)):
            return a.text == b.text
        case let (.sequence(a), .sequence(b)):
            return a.items.count == b.items.count && zip(a.items, b.items).allSatisfy { $0.sameContent(as: $1) }
        case let (.mapping(a), .mapping(b)):
            return a.pairs.count == b.pairs.count && zip(a.pairs, b.pairs).allSatisfy {
                $0.key.sameContent(as: $1.key) && $0.value.sameContent(as: $1.value)
            }
        default:
            return false
        }
    }
}
