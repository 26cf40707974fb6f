import StewardModel
import StewardStore
import StewardYAML

/// What was in force: the workflow definitions and roster snapshots the store keeps under
/// their hashes, found by a hash or its beginning (`steward show`, the auditor's report).
extension Engine {
    /// The hash and source of the one row of `table` whose hash begins with `text` (4 hex
    /// digits or more, any case). None is not found (3); several are a usage error (64),
    /// listed, as a part of an instance id several ids share.
    public func pinnedSource(_ table: PinnedTable, named text: String) throws(EngineError) -> (hash: String, source: [UInt8]) {
        let what = table == .definitions ? "workflow definition" : "roster snapshot"
        let prefix = text.lowercased()
        guard prefix.count >= 4, prefix.count <= 64, prefix.allSatisfy(\.isHexDigit) else {
            throw EngineError(.usage, "'\(text)' is not a \(what) hash: give 4 to 64 hex digits of it")
        }
        var found: [(hash: String, source: [UInt8])] = []
        try read { tx in
            try tx.forEachPinnedSource(in: table) { hash, source in
                if hash.hasPrefix(prefix) { found.append((hash, source)) }
            }
        }
        guard let first = found.first else {
            let hint = table == .definitions ? "'steward audit log' shows each entry's definition"
                : "the auditor's report names each entry's roster snapshot"
            throw EngineError(.notFound, "no \(what) \(text) in the store; \(hint)")
        }
        guard found.count == 1 else {
            let shown = found.prefix(5).map { String($0.hash.prefix(16)) }.joined(separator: ", ")
            throw EngineError(.usage, "'\(text)' begins several \(what) hashes (\(shown)\(found.count > 5 ? ", …" : "")); give more of it")
        }
        return first
    }

    /// The stored definition with `hash`, compiled; nil when the store lacks it or it no
    /// longer compiles (a report then shows ids where labels would be).
    public func storedDefinition(hash: String) throws(EngineError) -> CompiledWorkflow? {
        guard let row = try read({ tx in try tx.loadDefinition(hash: hash) }) else { return nil }
        let source = YAMLSource(path: "definition \(hash.prefix(12))", bytes: row.source)
        return WorkflowValidator(context: ValidationContext(handlers: nil, calendars: nil)).validate(source).compiled
    }

    /// Every task an instance opened, open or closed, as stored (with its deadline).
    public func tasks(ofInstance id: String) throws(EngineError) -> [TaskRow] {
        try read { tx in try tx.tasks(forInstance: id) }
    }
}

extension Engine {
    /// The roster of the snapshot `hash` names (people as they were when an entry was
    /// recorded); nil when the store lacks it or it does not load.
    public func storedRoster(environment hash: String) throws(EngineError) -> Roster? {
        guard let bytes = try read({ tx in try tx.loadEnvironment(hash: hash) }),
              let snapshot = ProjectEnvironment(source: bytes) else { return nil }
        return snapshot.load(label: "snapshot \(hash.prefix(12))").roster
    }
}
