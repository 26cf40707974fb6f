import Foundation
import StewardAudit
import StewardEngine
import StewardPlugins
import StewardTestSupport
import StewardTime
import Testing

/// A workflow renders its minutes and files them; `steward archive verify` checks the
/// package and catches one altered afterwards.
@Suite("ledger packages", .serialized)
struct LedgerPackageTests {
    static let minutes = """
        steward: 1
        id: minutes
        inputs:
          meeting: { type: string, required: true }
        start: sign
        states:
          sign:
            type: task
            assignee: { role: office }
            form:
              note: { type: text, required: true }
            actions: { ok: write }
          write:
            type: action
            uses: render
            with:
              template: minutes.html
              output: minutes.html
              data:
                meeting: ${{ inputs.meeting }}
                note: ${{ states.sign.form.note }}
                signer: ${{ states.sign.actor }}
            next: file
          file:
            type: action
            uses: archive
            with: { ledger: 会议台账/2026, title: 会议纪要 }
            next: done
          done: { type: final }

        """

    static let now = Instant.at("2026-03-02T09:00:00+08:00")

    /// A tick made on a thread of its own. A tick waits for its handler calls, which run on
    /// Swift's shared pool; a test waiting on that pool's thread while another test does the
    /// same could leave no thread to make the calls (two threads on a 2-core machine).
    func tick(_ engine: Engine) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            Thread.detachNewThread {
                do {
                    _ = try engine.tick()
                    done.resume()
                } catch {
                    done.resume(throwing: error)
                }
            }
        }
    }

    /// A project that ran `minutes` to its end: the path of its package.
    func filed(_ project: TestProject) async throws -> (package: URL, instance: String) {
        let templates = project.root.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try Data("<h1>{{meeting}}</h1>\n<p>{{note}}</p>\n<p>{{signer}}</p>\n".utf8).write(to: templates.appendingPathComponent("minutes.html"))
        let engine = try project.engine(at: Self.now)
        let id = try engine.start(workflow: "minutes", inputs: ["meeting": "支委会"], actor: .engine(account: "test", host: "test")).id
        _ = try engine.act(instance: id, action: "ok", state: nil, fields: ["note": "<b>通过</b>"], comment: "同意",
                           actor: ActorIdentity(person: "ann", account: "test", host: "test"))
        try await tick(engine)
        #expect(try engine.instance(id).status == .completed)
        return (project.root.appendingPathComponent("ledger/会议台账/2026/\(id).zip"), id)
    }

    func verify(_ path: String, json: Bool = false) throws -> StewardProcess.Result {
        try StewardProcess.run(["archive", "verify", path] + (json ? ["--json"] : []))
    }

    /// Writes the package's entries, changed by `change`, as a new ZIP beside it.
    func altered(_ package: URL, _ change: (inout [ArchiveEntry]) throws -> Void) throws -> String {
        var entries = try ArchiveZip.entries(of: Array(try Data(contentsOf: package)))
        try change(&entries)
        let copy = package.deletingLastPathComponent().appendingPathComponent("altered-\(UUID().uuidString).zip")
        try Data(try ArchiveZip.bytes(of: entries)).write(to: copy)
        return copy.path
    }

    @Test("render then archive: the document is escaped, the package verifies (text and JSON), its hash is the one in the trail")
    func intact() async throws {
        let project = try TestProject(workflows: ["minutes": Self.minutes])
        defer { project.remove() }
        let (package, id) = try await filed(project)
        let document = try String(contentsOf: project.root.appendingPathComponent("documents/\(id)/minutes.html"), encoding: .utf8)
        #expect(document == "<h1>支委会</h1>\n<p>&lt;b&gt;通过&lt;/b&gt;</p>\n<p>ann</p>\n")

        let result = try verify(package.path)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.hasPrefix("OK: the ledger package of \(id) (workflow minutes, ledger 会议台账/2026) is intact"), "\(result.stdout)")
        #expect(result.stdout.contains("files: 5 match"), "\(result.stdout)")
        let hash = MerkleHash(sha256: Array(try Data(contentsOf: package))).hex
        #expect(result.stdout.contains("sha256: \(hash)"))
        // The archive step's output, in the trail, names the same hash.
        let log = try StewardProcess.run(["audit", "log", "--instance", id, "--json"], in: project.root)
        #expect(log.stdout.contains(hash), "\(log.stdout)")

        let json = try verify(package.path, json: true)
        #expect(json.status == 0)
        let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(report?["ok"] as? Bool == true)
        #expect(report?["instance"] as? String == id)
        #expect((report?["problems"] as? [Any])?.isEmpty == true)
        #expect(report?["trailEntries"] as? Int == 3, "started, acted, and the render step's result")
    }

    @Test("one byte of one document changed and re-zipped, a file added, a file removed: each fails, naming the file")
    func alteredAfterwards() async throws {
        let project = try TestProject(workflows: ["minutes": Self.minutes])
        defer { project.remove() }
        let (package, _) = try await filed(project)
        let changedByte = try altered(package) { entries in
            let index = try #require(entries.firstIndex { $0.name == "documents/minutes.html" })
            var bytes = entries[index].bytes
            bytes[5] ^= 0x01
            entries[index] = ArchiveEntry(name: entries[index].name, bytes: bytes)
        }
        let added = try altered(package) { $0.append(ArchiveEntry(name: "documents/extra.html", bytes: Array("x".utf8))) }
        let removed = try altered(package) { $0.removeAll { $0.name == "record.json" } }
        let escaping = try altered(package) { $0.append(ArchiveEntry(name: "../../evil.sh", bytes: Array("x".utf8))) }
        for (path, expected) in [(changedByte, "'documents/minutes.html' was altered"), (added, "'documents/extra.html' is in the package but not in its manifest"),
                                 (removed, "'record.json' is listed in the manifest but not in the package"),
                                 (escaping, "the entry name '../../evil.sh' is not a clean relative name")] {
            let result = try verify(path)
            #expect(result.status == 1, "\(result)")
            #expect(result.stdout.contains("FAILED: \(expected)"), "\(result.stdout)")
            #expect(result.stdout.contains("is not as it was sealed"), "\(result.stdout)")
        }
        let json = try verify(changedByte, json: true)
        let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let problems = report?["problems"] as? [[String: Any]]
        #expect(problems?.first?["kind"] as? String == "altered")
        #expect(problems?.first?["entry"] as? String == "documents/minutes.html")
    }

    @Test("a trail entry rewritten with the manifest made to match is still caught by the entry's own hash")
    func trailRewritten() async throws {
        let project = try TestProject(workflows: ["minutes": Self.minutes])
        defer { project.remove() }
        let (package, _) = try await filed(project)
        let forged = try altered(package) { entries in
            let trail = try #require(entries.firstIndex { $0.name == "trail.jsonl" })
            let text = String(decoding: entries[trail].bytes, as: UTF8.self).replacingOccurrences(of: "\"person\":\"ann\"", with: "\"person\":\"bob\"")
            entries[trail] = ArchiveEntry(name: "trail.jsonl", bytes: Array(text.utf8))
            let manifest = try #require(entries.firstIndex { $0.name == "manifest.json" })
            var lines = String(decoding: entries[manifest].bytes, as: UTF8.self)
            let old = try #require(Self.listedHash(of: "trail.jsonl", in: lines))
            lines = lines.replacingOccurrences(of: old.hash, with: MerkleHash(sha256: Array(text.utf8)).hex)
                .replacingOccurrences(of: "\"size\": \(old.size)\n    }\n  ]", with: "\"size\": \(text.utf8.count)\n    }\n  ]")
            entries[manifest] = ArchiveEntry(name: "manifest.json", bytes: Array(lines.utf8))
        }
        let result = try verify(forged)
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.contains("was altered: its hash does not match its contents"), "\(result.stdout)")
        #expect(!result.stdout.contains("'trail.jsonl' was altered"), "the manifest was made to match: \(result.stdout)")
    }

    /// The hash and size the manifest text lists for `name` (the last file listed).
    static func listedHash(of name: String, in manifest: String) -> (hash: String, size: Int)? {
        guard case .object(let fields)? = try? AuditValue(parsingJSON: manifest), case .array(let files)? = fields["files"] else { return nil }
        for case .object(let file) in files where file["name"] == .string(name) {
            if case .string(let hash)? = file["sha256"], case .int(let size)? = file["size"] { return (hash, Int(size)) }
        }
        return nil
    }

    @Test("a missing file is not found (3), a folder or no argument wrong usage (64), a file that is no ZIP a failed check (1)")
    func badArguments() throws {
        try withTemporaryDirectory { dir in
            #expect(try verify(dir.appendingPathComponent("nope.zip").path).status == 3)
            #expect(try verify(dir.path).status == 64)
            #expect(try StewardProcess.run(["archive", "verify"]).status == 64)
            let text = dir.appendingPathComponent("not.zip")
            try Data("hello".utf8).write(to: text)
            let result = try verify(text.path)
            #expect(result.status == 1)
            #expect(result.stdout.contains("not a readable ledger package"), "\(result.stdout)")
        }
    }

    @Test("validate checks render's and archive's with: (a missing input, an unknown one)")
    func validateWith() throws {
        try withTemporaryDirectory { dir in
            let file = dir.appendingPathComponent("bad.yaml")
            let text = Self.minutes.replacingOccurrences(of: "      template: minutes.html\n", with: "      templat: minutes.html\n")
                .replacingOccurrences(of: "with: { ledger: 会议台账/2026, title: 会议纪要 }", with: "with: { title: 会议纪要 }")
            try Data(text.utf8).write(to: file)
            let result = try StewardProcess.run(["validate", file.path])
            #expect(result.status == 1)
            #expect(result.stdout.contains("templat") && result.stdout.contains("'template'"), "\(result.stdout)")
            #expect(result.stdout.contains("'ledger'"), "\(result.stdout)")
        }
    }
}
