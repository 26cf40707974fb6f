import StewardAudit
import StewardPlugins

/// What `steward archive verify` finds in a ledger package (the ZIP the `archive` step writes).
///
/// Proven when it passes: every file is the one its manifest lists (same SHA-256 and size,
/// none missing, none added), every entry name is a clean relative name, each trail entry
/// hashes to its own hash, consecutive entries (seq N and N+1) link, and the definition and
/// roster are the ones the trail entries name. Not proven: that the package is the one
/// Steward wrote, since whoever rewrites a file can rewrite the manifest; the package's
/// SHA-256 (printed) is the one the archive step recorded in the office's trail, and each
/// entry's hash can be looked up there.
struct PackageCheck: Encodable {
    struct Problem: Encodable, Equatable {
        /// `unreadable`, `unsafeName`, `duplicate`, `noManifest`, `badManifest`, `missing`, `extra`,
        /// `altered`, `trailMalformed`, `trailHashMismatch`, `trailBrokenLink`, `trailOrder`,
        /// `trailOtherInstance`, `definitionMismatch`, `rosterMismatch`, `recordMismatch`.
        let kind: String
        /// The entry it is about, if one.
        let entry: String?
        let message: String
    }

    var ok: Bool { problems.isEmpty }
    let sha256: String
    var instance: String?
    var workflow: String?
    var ledger: String?
    /// Files the manifest lists (itself not counted) and that match.
    var files = 0
    var trailEntries = 0
    /// Links between entries with consecutive seq numbers that were checked.
    var linksChecked = 0
    /// `{size, root}` of the checkpoint the package was sealed under; nil when none was made yet.
    var checkpoint: Checkpoint?
    var problems: [Problem] = []

    struct Checkpoint: Encodable {
        let size: Int64
        let root: String
    }

    enum CodingKeys: String, CodingKey {
        case ok, sha256, instance, workflow, ledger, files, trailEntries, linksChecked, checkpoint, problems
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ok, forKey: .ok)
        try c.encode(sha256, forKey: .sha256)
        // Present every time, null when unknown, so scripts see the same keys.
        try c.encode(instance, forKey: .instance)
        try c.encode(workflow, forKey: .workflow)
        try c.encode(ledger, forKey: .ledger)
        try c.encode(files, forKey: .files)
        try c.encode(trailEntries, forKey: .trailEntries)
        try c.encode(linksChecked, forKey: .linksChecked)
        try c.encode(checkpoint, forKey: .checkpoint)
        try c.encode(problems, forKey: .problems)
    }

    /// Checks the package in `bytes`.
    init(bytes: [UInt8]) {
        sha256 = MerkleHash(sha256: bytes).hex
        let entries: [ArchiveEntry]
        do {
            entries = try ArchiveZip.entries(of: bytes)
        } catch {
            problems.append(Problem(kind: "unreadable", entry: nil, message: "not a readable ledger package: \(error.message)"))
            return
        }
        var byName: [String: [UInt8]] = [:]
        for entry in entries {
            if !ArchiveEntryName.isClean(entry.name) {
                problems.append(Problem(kind: "unsafeName", entry: entry.name,
                                        message: "the entry name '\(entry.name)' is not a clean relative name: "
                                            + "unpacked, it could land outside the folder"))
            }
            if byName.updateValue(entry.bytes, forKey: entry.name) != nil {
                problems.append(Problem(kind: "duplicate", entry: entry.name, message: "'\(entry.name)' is in the package twice"))
            }
        }
        guard let manifestBytes = byName["manifest.json"] else {
            problems.append(Problem(kind: "noManifest", entry: nil, message: "the package has no manifest.json"))
            return
        }
        guard let manifest = readManifest(manifestBytes) else { return }
        checkFiles(manifest.files, byName)
        if let trail = byName["trail.jsonl"] { checkTrail(trail, manifest: manifest, byName) }
        checkRecord(byName["record.json"], manifest: manifest)
    }
}
