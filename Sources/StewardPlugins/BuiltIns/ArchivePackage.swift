import Foundation
import StewardExpressions

/// The ledger package (台账) of one instance: what goes into its ZIP, and the manifest that
/// lists each file with its SHA-256 and size.
///
/// | entry | what |
/// |---|---|
/// | `documents/…` | the files of the instance's documents folder (what `render` wrote there, and any put there) |
/// | `files/…` | the extra documents `files:` names, from the documents folder |
/// | `record.json` | the inputs, variables and every state's form, action, votes, comment and output |
/// | `trail.jsonl` | the instance's trail entries, as `steward audit export` writes them |
/// | `definition.yaml` | the workflow definition the instance ran under |
/// | `roster.json` | the roster and calendars as they were (absent when the trail names none) |
/// | `manifest.json` | the package: instance, workflow, definition hash, checkpoint, each file's hash and size |
struct ArchivePackage {
    static let manifestName = "manifest.json"
    /// The format of the manifest, for readers of later versions.
    static let format = 1
    /// The most the documents of one package may hold together (256 MiB).
    static let documentsLimit = 256 << 20

    let manifest: ExpressionObject
    /// Every entry, sorted by name, the manifest included.
    let entries: [ArchiveEntry]

    /// Gathers the package of `record` with the arguments of the `archive` call.
    init(record: InstanceRecord, ledger: String, request: StepRequest) throws(StepFailure) {
        var contents: [ArchiveEntry] = [
            ArchiveEntry(name: "definition.yaml", bytes: record.definitionSource),
            ArchiveEntry(name: "record.json", bytes: Array(ArchiveJSON.text(.object(Self.record(record))).utf8)),
            ArchiveEntry(name: "trail.jsonl", bytes: record.trail),
        ]
        if let roster = record.roster { contents.append(ArchiveEntry(name: "roster.json", bytes: roster)) }
        var budget = Self.documentsLimit
        contents += try Self.documents(of: record.instance, places: request.places, budget: &budget)
        contents += try Self.extraFiles(request, budget: &budget)
        try Self.checkUnique(contents)
        contents.sort { ArchiveEntryName.precedes($0.name, $1.name) }

        let files: [ExpressionValue] = contents.map { entry in
            .object(["name": .string(entry.name), "sha256": .string(entry.bytes.sha256Hex), "size": .integer(entry.bytes.count)])
        }
        manifest = ExpressionObject([
            ("format", .integer(Self.format)), ("instance", .string(record.instance)), ("workflow", .string(record.workflow)),
            ("definitionHash", .string(record.definitionHash)), ("ledger", .string(ledger)),
            ("title", request.argument("title") ?? .null), ("retention", request.argument("retention") ?? .null),
            ("checkpoint", Self.checkpoint(record.checkpoint)), ("files", .list(files)),
        ])
        contents.append(ArchiveEntry(name: Self.manifestName, bytes: Array(ArchiveJSON.text(.object(manifest)).utf8)))
        entries = contents.sorted { ArchiveEntryName.precedes($0.name, $1.name) }
    }

    /// `record.json`.
    static func record(_ record: InstanceRecord) -> ExpressionObject {
        ExpressionObject([
            ("instance", .string(record.instance)), ("workflow", .string(record.workflow)),
            ("inputs", .object(record.inputs)), ("vars", .object(record.vars)), ("states", .object(record.states)),
            ("scopes", .list(record.scopes.map(ExpressionValue.object))),
        ])
    }

    /// `{size, root}` of the checkpoint the trail lay under when the package was sealed, or
    /// null when no checkpoint had been made yet.
    static func checkpoint(_ text: String?) -> ExpressionValue {
        guard let text else { return .null }
        let parts = text.split(separator: " ")
        guard parts.count == 2, let size = Int(parts[0]) else { return .string(text) }
        return .object(["size": .integer(size), "root": .string(String(parts[1]))])
    }

    /// The files below the instance's documents folder, by their cleaned names under `documents/`.
    /// Hidden files (a name starting with `.`, such as a write not finished) are left out; a
    /// link is refused.
    static func documents(of instance: String, places: HandlerPlaces, budget: inout Int) throws(StepFailure) -> [ArchiveEntry] {
        guard let folder = try SafePath.existingFolder(instance, in: places.documents, what: "the instance's documents folder") else {
            return []
        }
        var entries: [ArchiveEntry] = []
        try collect(folder, shown: [], into: &entries, budget: &budget)
        return entries
    }

    private static func collect(_ folder: URL, shown: [String], into entries: inout [ArchiveEntry],
                                budget: inout Int) throws(StepFailure) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(by: ArchiveEntryName.precedes)
        } catch {
            throw StepFailure(kind: "handler", message: "cannot list the documents in \(folder.path): \(FileNames.describe(error))")
        }
        for name in names where !name.hasPrefix(".") {
            let url = folder.appendingPathComponent(name)
            let path = shown + [name]
            switch SafePath.kind(of: url.path) {
            case .folder:
                try collect(url, shown: path, into: &entries, budget: &budget)
            case .file:
                let bytes = try read(url, budget: &budget)
                try entries.append(ArchiveEntry(name: entryName("documents", path.joined(separator: "/")), bytes: bytes))
            case .link:
                throw StepFailure(kind: SafePath.failureKind, message: "the document '\(path.joined(separator: "/"))' is a link, which is never filed",
                                  retryable: false)
            case .missing, .other:
                continue  // gone meanwhile, or a pipe or device: nothing to file
            }
        }
    }

    /// The documents `files:` names, each a path inside the documents folder, under `files/`.
    static func extraFiles(_ request: StepRequest, budget: inout Int) throws(StepFailure) -> [ArchiveEntry] {
        guard let listed = request.argument("files"), listed != .null else { return [] }
        guard case .list(let items) = listed else {
            throw StepFailure(kind: "handler", message: "'files' must be a list of document names; got \(listed.json)", retryable: false)
        }
        var entries: [ArchiveEntry] = []
        for item in items {
            guard case .string(let name) = item else {
                throw StepFailure(kind: "handler", message: "'files' must hold document names (text); got \(item.json)", retryable: false)
            }
            let url = try SafePath.fileForReading(name, in: request.places.documents, what: "the document")
            let bytes = try read(url, budget: &budget)
            entries.append(ArchiveEntry(name: try entryName("files", name), bytes: bytes))
        }
        return entries
    }

    /// A document's bytes, counted against what the package may still hold.
    private static func read(_ url: URL, budget: inout Int) throws(StepFailure) -> [UInt8] {
        let bytes = try SafePath.read(url, limit: documentsLimit, what: "the document")
        guard bytes.count <= budget else {
            throw StepFailure(kind: "handler", message: "the documents to file hold more than \(documentsLimit >> 20) MiB together",
                              retryable: false)
        }
        budget -= bytes.count
        return bytes
    }

    static func entryName(_ folder: String, _ name: String) throws(StepFailure) -> String {
        guard let clean = ArchiveEntryName.clean(name) else {
            throw StepFailure(kind: SafePath.failureKind, message: "the document name '\(name)' leaves nothing to file it under",
                              retryable: false)
        }
        return folder + "/" + clean
    }

    /// Two files whose names clean to the same entry (`a:b` and `a_b`, or one name in two
    /// Unicode forms) cannot both be filed under it.
    static func checkUnique(_ entries: [ArchiveEntry]) throws(StepFailure) {
        var seen: Set<String> = []
        for entry in entries where !seen.insert(entry.name).inserted {
            throw StepFailure(kind: SafePath.failureKind, message: "two documents would be filed as '\(entry.name)': rename one",
                              retryable: false)
        }
    }
}
