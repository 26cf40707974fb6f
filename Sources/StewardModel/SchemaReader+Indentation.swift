import StewardDiagnostics
import StewardYAML

extension SchemaReader {
    /// Keys written at their parent's indentation, found at the keys themselves:
    ///
    ///     assignee:
    ///     role: union-office      ← meant under 'assignee', which is left empty
    ///
    /// `children` gives the keys a key's value may hold (nil: not a mapping of known keys).
    /// Each run of such keys is one finding, at its first key; the empty parent is not
    /// reported again. Returns the keys reported, for the caller to skip.
    @discardableResult
    func misindentedKeys(_ m: YAMLMapping, children: (String) -> [String]?) -> Set<String> {
        var found: Set<String> = []
        var parent: (key: String, allowed: [String])?
        for (index, pair) in m.pairs.enumerated() {
            guard let key = pair.key.scalar?.text else { parent = nil; continue }
            // The lines after the first one of a run belong to the same empty parent.
            if let open = parent, open.allowed.contains(key) {
                found.insert(key)
                continue
            }
            parent = nil
            guard index + 1 < m.pairs.count, pair.value.scalar?.isNull == true, pair.value.scalar?.style == .plain,
                  let allowed = children(key), let next = m.pairs[index + 1].key.scalar?.text, allowed.contains(next) else {
                continue
            }
            let nextKey = m.pairs[index + 1].key
            report(.misindentedKey, at: location(nextKey),
                   "'\(next)' is written at the same indentation as '\(key)' above it, so it is not inside '\(key)', which is left empty",
                   notes: ["YAML reads what belongs to a key from the lines indented further than the key"],
                   suggestion: "indent '\(next)' (and the lines with it) further than '\(key)', e.g. two more spaces")
            explained.insert(pair.value.start)
            found.insert(next)
            parent = (key, allowed)
        }
        return found
    }
}
