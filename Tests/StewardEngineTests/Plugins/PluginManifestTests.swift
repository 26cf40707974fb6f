import Crypto
import Foundation
import StewardDiagnostics
import StewardPlugins
import Testing

/// Reading plug-ins without running them: manifests into contracts, every mistake a finding
/// with its line and column, and files that someone else could change refused.
@Suite("plug-in manifests and files")
struct PluginManifestTests {
    /// The findings of a plug-in `name` whose manifest is `manifest` (a harmless program beside it).
    func findings(_ name: String, _ manifest: String) throws -> [Diagnostic] {
        let fixture = try PluginFixture()
        defer { fixture.remove() }
        let folder = try fixture.add(name, script: "exit 0")
        try PluginFixture.write(manifest, to: folder.appendingPathComponent("plugin.yaml"), mode: 0o644)
        let loaded = fixture.load()
        #expect(loaded.plugins.isEmpty == loaded.findings.contains { $0.severity == .error })
        return loaded.findings.sorted()
    }

    func line(_ d: Diagnostic) -> String {
        "\(d.location.map { "\($0.line):\($0.column)" } ?? "-") \(d.code) \(d.message)\(d.suggestion.map { " | \($0)" } ?? "")"
    }

    @Test("a manifest read into a contract: inputs typed, string taken for text, the program's hash as digest")
    func contract() throws {
        let fixture = try PluginFixture()
        defer { fixture.remove() }
        try fixture.add("mailer", script: "exit 0", inputs: """
              to: { type: recipients, required: true, description: who gets it }
              subject: { type: string, required: true }
              token: { type: string, secret: true }
            """, timeout: "2m", idempotent: false, extra: "errors: [bad-recipient]\nenv: [TZ]\noutputs:\n  id: { type: text }")
        let loaded = fixture.load()
        #expect(loaded.findings.isEmpty, "\(loaded.findings)")
        let contract = try #require(loaded.contracts.first)
        #expect(contract.name == "mailer")
        #expect(contract.tier == .process)
        #expect(contract.inputs == [HandlerInput("to", .recipients, required: true, summary: "who gets it"),
                                    HandlerInput("subject", .text, required: true),
                                    HandlerInput("token", .text, secret: true)])
        #expect(contract.outputs == [HandlerInput("id", .text)])
        #expect(contract.errors == ["bad-recipient"])
        #expect(contract.idempotent == false)
        #expect(contract.timeout == .seconds(120))
        let program = try Data(contentsOf: fixture.plugins.appendingPathComponent("mailer/main.sh"))
        let hash = SHA256.hash(data: program).map { String(format: "%02x", $0) }.joined()
        #expect(contract.digest == hash)
        #expect(contract.provenance == "mailer@1.0.0 sha256:\(hash)")
        #expect(loaded.plugins.first?.manifest.environment == ["TZ"])
    }

    @Test("each mistake of a manifest is a finding at its line and column, misspellings with the word meant")
    func mistakes() throws {
        let found = try findings("tally", """
            steward_plugin: 1
            name: tally
            version: 1.0.0
            summary: counts
            kind: process
            protocol: 1
            run: [main.sh]
            inputs:
              votes: { type: strng, required: yes }
            idempotnet: true
            timeout: 2d
            errors: [timeout, Bad_Kind]
            env: [PATH, STEWARD_STORE]
            """).map(line)
        #expect(found == [
            "9:18 bad-value 'strng' is not a type ('votes' of 'inputs') | did you mean 'string'?",
            "9:35 wrong-type 'required' of 'votes' of 'inputs' must be true or false; got 'yes' | write true",
            "10:1 unknown-key unknown key 'idempotnet' in the plug-in manifest | did you mean 'idempotent'?",
            "11:10 bad-value 'timeout': a time limit is elapsed time such as 30s, 5m or 1h; got '2d'",
            "12:10 bad-value 'timeout' is a kind Steward reports itself; a plug-in's kinds are its own",
            "12:19 bad-value the error kind 'Bad_Kind' must be lower-case letters, digits and '-', starting with a letter",
            "13:7 bad-value 'PATH' is not passed to plug-ins",
            "13:13 bad-value 'STEWARD_STORE' is not passed to plug-ins",
        ], "\(found.joined(separator: "\n"))")
    }

    @Test("idempotent has no default: a manifest must say it")
    func idempotentRequired() throws {
        let found = try findings("quiet", PluginFixture.manifest("quiet").replacingOccurrences(of: "idempotent: true", with: ""))
        #expect(found.map(\.message) == ["the plug-in manifest lacks the required key 'idempotent'"])
    }

    @Test("the name must be the folder's, and may not be a built-in's")
    func names() throws {
        let other = try findings("tally", PluginFixture.manifest("count"))
        #expect(other.map(\.code) == ["plugin-name"])
        #expect(other.first?.message == "the plug-in is named 'count' but its folder is 'tally'")
        #expect(other.first?.location == SourceLocation(line: 2, column: 7))
        let builtIn = try findings("notify", PluginFixture.manifest("notify"))
        #expect(builtIn.map(\.code) == ["plugin-name"])
        #expect(builtIn.first?.message.contains("built-in") == true)
    }

    @Test("the program is a file of the plug-in's folder")
    func programInside() throws {
        let up = try findings("up", PluginFixture.manifest("up", program: "../up.sh"))
        #expect(up.map(\.code) == ["bad-value"])
        #expect(up.first?.message.contains("'..' leaves it") == true)
        let absolute = try findings("abs", PluginFixture.manifest("abs", program: "/bin/sh"))
        #expect(absolute.first?.message.contains("not an absolute path") == true)

        let fixture = try PluginFixture()
        defer { fixture.remove() }
        let folder = try fixture.add("linked", script: "exit 0")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("main.sh"))
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("main.sh").path, withDestinationPath: "/bin/true")
        #expect(fixture.load().findings.map(\.code) == ["plugin-unsafe"])
    }

    @Test("a missing or non-executable program is plugin-missing")
    func missingProgram() throws {
        let fixture = try PluginFixture()
        defer { fixture.remove() }
        let folder = try fixture.add("absent", script: "exit 0")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("main.sh"))
        let notExecutable = try fixture.add("plain", script: "exit 0")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: notExecutable.appendingPathComponent("main.sh").path)
        let found = fixture.load().findings
        #expect(found.map(\.code) == ["plugin-missing", "plugin-missing"])
        #expect(found.last?.message.contains("chmod 755") == true)
    }

    @Test("a plug-in whose folder, manifest, program or any file others may write is refused", arguments: [
        ("", 0o775), ("plugin.yaml", 0o664), ("main.sh", 0o757), ("data/list.csv", 0o646),
    ])
    func writableRefused(_ file: String, _ mode: Int) throws {
        let fixture = try PluginFixture()
        defer { fixture.remove() }
        let folder = try fixture.add("loose", script: "exit 0")
        try PluginFixture.makeFolder(folder.appendingPathComponent("data"))
        try PluginFixture.write("name,present\n", to: folder.appendingPathComponent("data/list.csv"), mode: 0o644)
        #expect(fixture.load().plugins.count == 1)
        let target = file.isEmpty ? folder : folder.appendingPathComponent(file)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: target.path)
        let loaded = fixture.load()
        #expect(loaded.plugins.isEmpty)
        #expect(loaded.findings.map(\.code) == ["plugin-unsafe"])
        #expect(loaded.findings.first?.message.contains("not only by its owner") == true)
    }

    @Test("a plugins folder others may write is refused whole")
    func writablePluginsFolder() throws {
        let fixture = try PluginFixture()
        defer { fixture.remove() }
        try fixture.add("fine", script: "exit 0")
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: fixture.plugins.path)
        let loaded = fixture.load()
        #expect(loaded.plugins.isEmpty)
        #expect(loaded.findings.map(\.code) == ["plugin-unsafe"])
    }

    @Test("a pinned sha256 must be the program's: else plugin-changed, and it is left out")
    func pinnedHash() throws {
        let fixture = try PluginFixture()
        defer { fixture.remove() }
        let script = "#!/bin/sh\nexit 0\n"
        let hash = SHA256.hash(data: Data(script.utf8)).map { String(format: "%02x", $0) }.joined()
        try fixture.add("pinned", script: "exit 0", extra: "sha256: \(hash)")
        try fixture.add("stale", script: "exit 0", extra: "sha256: \(String(repeating: "0", count: 64))")
        let loaded = fixture.load()
        #expect(loaded.plugins.map(\.manifest.name) == ["pinned"])
        #expect(loaded.findings.map(\.code) == ["plugin-changed"])
        #expect(loaded.findings.first?.file == "plugins/stale/plugin.yaml")
        #expect(loaded.findings.first?.message.contains("sha256 \(hash)") == true)
    }

    @Test("a library plug-in's manifest is read without loading it; its first call says why it cannot be loaded")
    func library() async throws {
        let fixture = try PluginFixture()
        defer { fixture.remove() }
        let folder = fixture.plugins.appendingPathComponent("fast")
        try PluginFixture.makeFolder(folder)
        try PluginFixture.write("not really a library", to: folder.appendingPathComponent("libfast.so"), mode: 0o644)
        try PluginFixture.write(PluginFixture.manifest("fast").replacingOccurrences(of: "kind: process", with: "kind: library")
            .replacingOccurrences(of: "run: [main.sh]", with: "library: libfast.so"), to: folder.appendingPathComponent("plugin.yaml"), mode: 0o644)
        let loaded = fixture.load()
        #expect(loaded.findings.isEmpty, "\(loaded.findings)")
        #expect(loaded.plugins.first?.manifest.kind == .library(file: "libfast.so"))
        #expect(loaded.contracts.first?.tier == .library)
        let handlers = ProjectHandlers.load(pluginsFolder: fixture.plugins, shownAs: "plugins", allowShell: false)
        #expect(handlers.registry.contract(named: "fast")?.tier == .library)
        let handler = try #require(handlers.registry.handler(named: "fast"))
        let folder2 = FileManager.default.temporaryDirectory
        let outcome = await handler.call(StepRequest(
            key: "i1/fast/0/1/1", operationKey: "i1/fast/0/1", instance: "i1", workflow: "w", state: "fast", attempt: 1,
            arguments: .object([:]),
            places: HandlerPlaces(outbox: folder2, ledger: folder2, documents: folder2, templates: folder2, work: folder2),
            deadline: .now + .seconds(5)))
        guard case .failure(let failure) = outcome.result else {
            Issue.record("a file that is not a library answered: \(outcome)")
            return
        }
        #expect(failure.kind == "plugin-missing" && !failure.retryable)
        #expect(failure.message.contains("is not a shared library"), "\(failure.message)")
    }

    @Test("a folder among the plug-ins without a manifest is a warning, and a README beside them is fine")
    func folderWithoutManifest() throws {
        let fixture = try PluginFixture()
        defer { fixture.remove() }
        try PluginFixture.makeFolder(fixture.plugins.appendingPathComponent("drafts"))
        try PluginFixture.write("# our plug-ins\n", to: fixture.plugins.appendingPathComponent("README.md"), mode: 0o644)
        let found = fixture.load().findings
        #expect(found.map(\.severity) == [.warning])
        #expect(found.first?.message.contains("no plugin.yaml") == true)
    }
}
