import StewardAudit
import StewardPlugins

/// What manifest.json says of the package.
struct PackageManifest {
    struct File {
        let name: String
        let sha256: String
        let size: Int64
    }

    let instance: String
    let workflow: String
    let definitionHash: String
    let files: [File]
}

extension PackageCheck {
    /// The files every package holds besides its documents.
    static let requiredFiles = ["definition.yaml", "record.json", "trail.jsonl"]

    mutating func problem(_ kind: String, _ entry: String?, _ message: String) {
        problems.append(Problem(kind: kind, entry: entry, message: message))
    }

    /// Reads manifest.json; nil (with the problem noted) when it cannot be used.
    mutating func readManifest(_ bytes: [UInt8]) -> PackageManifest? {
        func bad(_ why: String) -> PackageManifest? {
            problem("badManifest", "manifest.json", "manifest.json cannot be used: \(why)")
            return nil
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { return bad("it is not UTF-8 text") }
        let value: AuditValue
        do {
            value = try AuditValue(parsingJSON: text)
        } catch {
            return bad("it is not valid JSON (\(error))")
        }
        guard case .object(let fields) = value else { return bad("it is not a JSON object") }
        guard case .int(1)? = fields["format"] else { return bad("its 'format' is not 1") }
        guard case .string(let instance)? = fields["instance"], case .string(let workflow)? = fields["workflow"],
              case .string(let definition)? = fields["definitionHash"] else {
            return bad("'instance', 'workflow' or 'definitionHash' is missing")
        }
        guard case .array(let listed)? = fields["files"] else { return bad("'files' is missing") }
        var files: [PackageManifest.File] = []
        for item in listed {
            guard case .object(let file) = item, case .string(let name)? = file["name"],
                  case .string(let hash)? = file["sha256"], case .int(let size)? = file["size"] else {
                return bad("a file of 'files' lacks its name, sha256 or size")
            }
            files.append(PackageManifest.File(name: name, sha256: hash, size: size))
        }
        self.instance = instance
        self.workflow = workflow
        if case .string(let ledger)? = fields["ledger"] { self.ledger = ledger }
        if case .object(let sealed)? = fields["checkpoint"], case .int(let size)? = sealed["size"],
           case .string(let root)? = sealed["root"] {
            checkpoint = Checkpoint(size: size, root: root)
        }
        return PackageManifest(instance: instance, workflow: workflow, definitionHash: definition, files: files)
    }

    /// Each file the manifest lists is there with its hash and size; nothing else is.
    mutating func checkFiles(_ listed: [PackageManifest.File], _ byName: [String: [UInt8]]) {
        var expected: Set<String> = ["manifest.json"]
        for file in listed {
            expected.insert(file.name)
            guard let bytes = byName[file.name] else {
                problem("missing", file.name, "'\(file.name)' is listed in the manifest but not in the package: it was removed")
                continue
            }
            let hash = MerkleHash(sha256: bytes).hex
            if hash != file.sha256 || Int64(bytes.count) != file.size {
                problem("altered", file.name, "'\(file.name)' was altered: its SHA-256 is \(hash.prefix(16))… (\(bytes.count) bytes), "
                            + "the manifest says \(file.sha256.prefix(16))… (\(file.size) bytes)")
            } else {
                files += 1
            }
        }
        for name in byName.keys.sorted(by: ArchiveEntryName.precedes) where !expected.contains(name) {
            problem("extra", name, "'\(name)' is in the package but not in its manifest: it was added")
        }
        for name in Self.requiredFiles where !expected.contains(name) {
            problem("missing", name, "the package has no \(name), which every package holds")
        }
    }

    /// Each trail entry hashes to its own hash, belongs to the instance and, where the next
    /// entry has the next seq, is linked to it; the definition and roster are the ones named.
    mutating func checkTrail(_ bytes: [UInt8], manifest: PackageManifest, _ byName: [String: [UInt8]]) {
        let reader = TrailJSONLReader(bytes: bytes)
        var previous: TrailEntry?
        var environment: String?
        var definitions: Set<String> = []
        while true {
            let entry: TrailEntry
            do {
                guard let next = try reader.next() else { break }
                entry = next
            } catch {
                problem("trailMalformed", "trail.jsonl", "trail.jsonl line \(error.line) cannot be read: \(error.message)")
                return
            }
            trailEntries += 1
            if !entry.hasValidHash {
                problem("trailHashMismatch", "trail.jsonl", "trail entry \(entry.seq) was altered: its hash does not match its contents")
            }
            if entry.instance != manifest.instance {
                problem("trailOtherInstance", "trail.jsonl", "trail entry \(entry.seq) is of '\(entry.instance)', not of '\(manifest.instance)'")
            }
            if let previous {
                if entry.seq <= previous.seq {
                    problem("trailOrder", "trail.jsonl", "trail entry \(entry.seq) comes after entry \(previous.seq)")
                } else if entry.seq == previous.seq + 1 {
                    linksChecked += 1
                    if entry.previousHash != previous.hash {
                        problem("trailBrokenLink", "trail.jsonl", "trail entry \(entry.seq) does not follow entry \(previous.seq): its previousHash differs")
                    }
                }
            }
            if !entry.definition.isEmpty { definitions.insert(entry.definition) }
            if case .object(let details)? = try? AuditValue(parsingJSON: entry.details),
               case .string(let named)? = details["environment"] {
                environment = named
            }
            previous = entry
        }
        checkPinned(definitions: definitions, environment: environment, manifest: manifest, byName)
    }

    private mutating func checkPinned(definitions: Set<String>, environment: String?, manifest: PackageManifest,
                                      _ byName: [String: [UInt8]]) {
        if let other = definitions.first(where: { $0 != manifest.definitionHash }) {
            problem("definitionMismatch", "trail.jsonl", "the trail names the definition \(other.prefix(12)), the manifest \(manifest.definitionHash.prefix(12))")
        }
        if let source = byName["definition.yaml"], MerkleHash(sha256: source).hex != manifest.definitionHash {
            problem("definitionMismatch", "definition.yaml", "definition.yaml does not hash to the definition the instance ran under (\(manifest.definitionHash.prefix(12)))")
        }
        switch (environment, byName["roster.json"]) {
        case (let named?, let roster?) where MerkleHash(sha256: roster).hex != named:
            problem("rosterMismatch", "roster.json", "roster.json is not the roster snapshot the trail names (\(named.prefix(12)))")
        case (let named?, nil):
            problem("rosterMismatch", "roster.json", "the trail names the roster snapshot \(named.prefix(12)) but the package has no roster.json")
        default:
            break
        }
    }

    /// record.json is a JSON object of the same instance and workflow.
    mutating func checkRecord(_ bytes: [UInt8]?, manifest: PackageManifest) {
        guard let bytes else { return }
        let value: AuditValue
        do {
            value = try AuditValue(parsingJSON: String(decoding: bytes, as: UTF8.self))
        } catch {
            problem("recordMismatch", "record.json", "record.json is not valid JSON (\(error))")
            return
        }
        guard case .object(let record) = value else {
            problem("recordMismatch", "record.json", "record.json is not a JSON object")
            return
        }
        guard case .string(manifest.instance)? = record["instance"], case .string(manifest.workflow)? = record["workflow"] else {
            problem("recordMismatch", "record.json", "record.json is not of the instance and workflow the manifest names")
            return
        }
    }
}
