import Foundation
import StewardAudit
import StewardExpressions
import StewardPlugins
import StewardTestSupport
import Testing

/// `archive`: the ledger package (台账) of an instance as a reproducible ZIP with a manifest.
@Suite("archive")
struct ArchiveHandlerTests {
    static let record = InstanceRecord(
        instance: "i1", workflow: "plan", definitionHash: MerkleHash(sha256: Array("steward: 1\n".utf8)).hex,
        definitionSource: Array("steward: 1\n".utf8), roster: Array("{\"roster\":\"people: {}\"}".utf8),
        trail: Array("{\"seq\":1}\n".utf8),
        states: ["draft": .object(["form": .object(["goals": .string("学习")]), "comment": .string("同意")])],
        inputs: ["year": .integer(2026)], vars: ["approved": .bool(true)],
        scopes: [["scope": .integer(1), "owner": .string("assign"), "states": .object(["report": .object(["votes": .list([])])])]],
        checkpoint: "12 ab34")

    struct Place {
        let root: URL
        var documents: URL { root.appendingPathComponent("documents") }
        var ledger: URL { root.appendingPathComponent("ledger") }
        var package: URL { ledger.appendingPathComponent("台账/2026/i1.zip") }

        func call(_ arguments: ExpressionObject = ["ledger": .string("台账/2026")],
                  record: InstanceRecord? = ArchiveHandlerTests.record) async -> StepOutcome {
            await ArchiveHandler().call(StepRequest(
                key: "i1/file/0/1/1", operationKey: "i1/file/0/1", instance: "i1", workflow: "plan", state: "file",
                attempt: 1, arguments: .object(arguments),
                places: HandlerPlaces(outbox: root.appendingPathComponent("outbox"), ledger: ledger, documents: documents,
                                      templates: root.appendingPathComponent("templates"), work: root.appendingPathComponent("work")),
                deadline: .now + .seconds(60), record: record))
        }

        func document(_ path: String, _ text: String) throws {
            let url = documents.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }

        func entries() throws -> [ArchiveEntry] {
            try ArchiveZip.entries(of: Array(try Data(contentsOf: package)))
        }
    }

    func withPlace(_ body: (Place) async throws -> Void) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("archive-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try await body(Place(root: root))
    }

    func failure(_ outcome: StepOutcome) throws -> StepFailure {
        guard case .failure(let failure) = outcome.result else {
            Issue.record("expected a failure, got \(outcome)")
            throw CancellationError()
        }
        return failure
    }

    @Test("the package holds the documents, extra files, record, trail, definition and roster, and a manifest of their hashes")
    func contents() async throws {
        try await withPlace { place in
            try place.document("i1/2026年计划.md", "# 计划\n")
            try place.document("i1/附件/名单.csv", "name\n")
            try place.document("i1/.plan.md.123.tmp", "half")
            try place.document("shared/制度.md", "制度\n")
            let outcome = await place.call(["ledger": .string("台账/2026"), "title": .string("2026年党建台账"),
                                            "files": .list([.string("shared/制度.md")]), "retention": .string("30y")])
            let bytes = Array(try Data(contentsOf: place.package))
            #expect(outcome == .success(.object(["path": .string("台账/2026/i1.zip"), "sha256": .string(MerkleHash(sha256: bytes).hex),
                                                 "files": .integer(8)])))
            let entries = try place.entries()
            #expect(entries.map(\.name) == ["definition.yaml", "documents/2026年计划.md", "documents/附件/名单.csv", "files/shared/制度.md",
                                            "manifest.json", "record.json", "roster.json", "trail.jsonl"])
            let byName = Dictionary(uniqueKeysWithValues: entries.map { ($0.name, $0.bytes) })
            #expect(byName["documents/2026年计划.md"] == Array("# 计划\n".utf8))
            #expect(byName["trail.jsonl"] == Self.record.trail)
            #expect(byName["definition.yaml"] == Self.record.definitionSource)

            let manifestText = String(decoding: try #require(byName["manifest.json"]), as: UTF8.self)
            guard case .object(let manifest) = try AuditValue(parsingJSON: manifestText),
                  case .array(let files)? = manifest["files"] else {
                Issue.record("manifest.json is not an object with files: \(manifestText)")
                return
            }
            #expect(manifest["instance"] == .string("i1"))
            #expect(manifest["definitionHash"] == .string(Self.record.definitionHash))
            #expect(manifest["checkpoint"] == .object(["size": .int(12), "root": .string("ab34")]))
            #expect(manifest["title"] == .string("2026年党建台账"))
            #expect(manifest["retention"] == .string("30y"))
            #expect(files.count == entries.count - 1, "every file but the manifest itself")
            for case .object(let file) in files {
                guard case .string(let name)? = file["name"], let content = byName[name] else {
                    Issue.record("a manifest file names no entry: \(file)")
                    continue
                }
                #expect(file["sha256"] == .string(MerkleHash(sha256: content).hex), "\(name)")
                #expect(file["size"] == .int(Int64(content.count)), "\(name)")
            }
            let record = String(decoding: try #require(byName["record.json"]), as: UTF8.self)
            #expect(record.contains("\"comment\": \"同意\"") && record.contains("\"owner\": \"assign\"")
                    && record.contains("\"approved\": true"), "\(record)")
        }
    }

    @Test("filing the same content twice gives byte-identical packages; other content, other bytes")
    func reproducible() async throws {
        try await withPlace { place in
            try place.document("i1/plan.md", "# 计划\n")
            _ = await place.call()
            let first = try Data(contentsOf: place.package)
            try FileManager.default.removeItem(at: place.package)
            _ = await place.call()
            #expect(try Data(contentsOf: place.package) == first)
            try place.document("i1/plan.md", "# 计划（修订）\n")
            _ = await place.call()
            #expect(try Data(contentsOf: place.package) != first)
            let left = try FileManager.default.contentsOfDirectory(atPath: place.package.deletingLastPathComponent().path)
            #expect(left == ["i1.zip"], "no temporary file is left")
        }
    }

    @Test("entry names are cleaned: '..', a leading '/', '\\\\', ':' and control characters cannot lead out; NFC",
          arguments: [("../../etc/passwd", "etc/passwd"), ("/abs/x.md", "abs/x.md"), ("..\\..\\evil.md", "evil.md"),
                      ("C:\\x.md", "C_/x.md"), ("a/./b\u{7}.md", "a/b_.md"), ("e\u{301}.md", "\u{E9}.md"), ("../..", nil)])
    func entryNames(name: String, clean: String?) {
        #expect(ArchiveEntryName.clean(name).map { Array($0.utf8) } == clean.map { Array($0.utf8) })
        if let clean { #expect(ArchiveEntryName.isClean(clean)) }
        #expect(!ArchiveEntryName.isClean(name))
    }

    @Test("a document whose own name holds '..\\\\' is filed under documents/, cleaned; a hidden file is left out")
    func documentNamedToEscape() async throws {
        try await withPlace { place in
            try place.document("i1/x\\..\\..\\evil.md", "x")
            try place.document("i1/..\\hidden.md", "x")
            guard case .success = await place.call().result else { Issue.record("not filed"); return }
            let names = try place.entries().map(\.name).filter { $0.hasPrefix("documents/") }
            #expect(names == ["documents/x/evil.md"])
        }
    }

    @Test("extra files that leave the documents folder, and a ledger name that leaves the ledger, are refused",
          arguments: [(["files": ExpressionValue.list([.string("../secret.txt")])], "the document '../secret.txt' is refused"),
                      (["files": .list([.string("/etc/passwd")])], "the document '/etc/passwd' is refused"),
                      (["ledger": .string("../elsewhere")], "the ledger '../elsewhere' is refused")])
    func refused(arguments: [String: ExpressionValue], message: String) async throws {
        try await withPlace { place in
            try FileManager.default.createDirectory(at: place.root, withIntermediateDirectories: true)
            try Data("secret".utf8).write(to: place.root.appendingPathComponent("secret.txt"))
            var all: ExpressionObject = ["ledger": .string("台账/2026")]
            for (key, value) in arguments { all[key] = value }
            let failure = try failure(await place.call(all))
            #expect(failure.kind == "path")
            #expect(!failure.retryable)
            #expect(failure.message.contains(message), "\(failure.message)")
            #expect(!FileManager.default.fileExists(atPath: place.root.appendingPathComponent("elsewhere").path))
        }
    }

    @Test("a link in the instance's documents folder is not filed: the step fails, naming it")
    func linkInDocuments() async throws {
        try await withPlace { place in
            try place.document("i1/plan.md", "x")
            try FileManager.default.createSymbolicLink(at: place.documents.appendingPathComponent("i1/passwd"),
                                                       withDestinationURL: URL(fileURLWithPath: "/etc/passwd"))
            let failure = try failure(await place.call())
            #expect(failure.kind == "path")
            #expect(failure.message.contains("'passwd' is a link"), "\(failure.message)")
            #expect(!FileManager.default.fileExists(atPath: place.package.path))
        }
    }

    @Test("without a checkpoint yet, the manifest says null; the contract asks for the record")
    func noCheckpoint() async throws {
        try await withPlace { place in
            let record = InstanceRecord(instance: "i1", workflow: "plan", definitionHash: "d", definitionSource: [], roster: nil,
                                        trail: [], states: [:], inputs: [:], checkpoint: nil)
            _ = await place.call(record: record)
            let manifest = try #require(try place.entries().first { $0.name == "manifest.json" })
            #expect(String(decoding: manifest.bytes, as: UTF8.self).contains("\"checkpoint\": null"))
            #expect(try !place.entries().contains { $0.name == "roster.json" })
            #expect(HandlerRegistry.builtIn.contract(named: "archive")?.needsRecord == true)
        }
    }
}
