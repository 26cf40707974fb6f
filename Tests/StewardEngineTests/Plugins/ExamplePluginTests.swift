import Foundation
import StewardExpressions
import StewardPlugins
import Testing

/// The example plug-ins of the top-level `plugins/` folder, as they are in the repository.
enum ExamplePlugins {
    static var folder: URL {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/", !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url.deleteLastPathComponent()
        }
        return url.appendingPathComponent("plugins")
    }

    /// Copies one into a project's plugins folder, keeping each file's mode.
    static func copy(_ name: String, into plugins: URL) throws {
        try PluginFixture.makeFolder(plugins)
        let source = folder.appendingPathComponent(name)
        let target = plugins.appendingPathComponent(name)
        try PluginFixture.makeFolder(target)
        for file in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            let mode = try FileManager.default.attributesOfItem(atPath: source.appendingPathComponent(file).path)[.posixPermissions]
            try FileManager.default.copyItem(at: source.appendingPathComponent(file), to: target.appendingPathComponent(file))
            try FileManager.default.setAttributes([.posixPermissions: mode ?? 0o644], ofItemAtPath: target.appendingPathComponent(file).path)
        }
    }
}

@Suite("the example plug-ins")
struct ExamplePluginTests {
    /// The examples, loaded from a copy (the repository's own files may carry the modes of a
    /// checkout made under a loose umask; git keeps only 0755 and 0644).
    func loaded() throws -> (PluginFixture, PluginFolder) {
        let fixture = try PluginFixture()
        for name in ["roll-call", "stamp"] { try ExamplePlugins.copy(name, into: fixture.plugins) }
        return (fixture, fixture.load())
    }

    @Test("their manifests validate and their files pass the checks")
    func manifests() throws {
        let (fixture, folder) = try loaded()
        defer { fixture.remove() }
        #expect(folder.findings.isEmpty, "\(folder.findings)")
        #expect(folder.plugins.map(\.manifest.name) == ["roll-call", "stamp"])
        #expect(folder.contracts.allSatisfy { $0.tier == .process && $0.idempotent })
    }

    @Test("the repository keeps them executable by all and writable by their owner only")
    func modesInGit() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["-C", ExamplePlugins.folder.path, "ls-files", "-s", "."]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let listing = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let modes = Dictionary(uniqueKeysWithValues: listing.split(separator: "\n").compactMap { line -> (String, String)? in
            let parts = line.split(separator: "\t")
            guard parts.count == 2, let mode = parts[0].split(separator: " ").first else { return nil }
            return (String(parts[1]), String(mode))
        })
        // Outside a git checkout (an exported tree) there is nothing to check.
        guard !modes.isEmpty else { return }
        #expect(modes["roll-call/roll_call.py"] == "100755")
        #expect(modes["stamp/stamp.sh"] == "100755")
        #expect(modes["roll-call/plugin.yaml"] == "100644")
    }

    @Test("roll-call counts a CSV of its folder and one given inline, and refuses a file outside its folder")
    func rollCall() async throws {
        let (fixture, folder) = try loaded()
        defer { fixture.remove() }
        let handler = try #require(folder.handlers.first { $0.contract.name == "roll-call" })
        let fromFile = await handler.call(fixture.request(["members": "members.csv", "quorum": 4]))
        // (An output's keys come back sorted.)
        #expect(fromFile.output == .object(["absent": 2, "absent_names": ["王芳", "刘洋"], "present": 3, "quorum_met": false,
                                            "total": 5]), "\(fromFile)")
        #expect(fromFile.logs == [HandlerLog(level: .info, message: "3 of 5 present")])
        let inline = await handler.call(fixture.request(["members": "name,present\nAnn,到\nBob,缺\n"]))
        #expect(inline.output == .object(["absent": 1, "absent_names": ["Bob"], "present": 1, "total": 2]), "\(inline)")
        let outside = await handler.call(fixture.request(["members": "../stamp/plugin.yaml"]))
        #expect(outside.failure?.kind == "bad-members")
        #expect(outside.failure?.retryable == false)
    }

    @Test("stamp numbers by the operation key: the same for every attempt, and refuses a prefix with a quote")
    func stamp() async throws {
        let (fixture, folder) = try loaded()
        defer { fixture.remove() }
        let handler = try #require(folder.handlers.first { $0.contract.name == "stamp" })
        let first = await handler.call(fixture.request(["prefix": "党支-2026"], key: "i-1/step/0/1/1"))
        let retry = await handler.call(fixture.request(["prefix": "党支-2026"], key: "i-1/step/0/2/1"))
        guard case .object(let output)? = first.output, case .string(let number)? = output["number"] else {
            Issue.record("\(first)")
            return
        }
        #expect(number.hasPrefix("党支-2026-") && number.count == "党支-2026-".count + 5)
        #expect(retry.output == first.output)
        let bad = await handler.call(fixture.request(["prefix": "a\"b"]))
        #expect(bad.failure?.kind == "bad-prefix")
    }
}
