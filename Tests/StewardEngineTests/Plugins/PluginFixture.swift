import Foundation
import StewardExpressions
import StewardPlugins
import Testing

/// A throw-away plugins folder: small plug-ins written by a test (sh scripts mostly), with
/// the modes Steward wants (0755 folders and programs, 0644 files), and places to call them in.
struct PluginFixture {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("steward-plugin-test-\(UUID().uuidString)")
        try Self.makeFolder(root)
        try Self.makeFolder(plugins)
    }

    var plugins: URL { root.appendingPathComponent("plugins") }
    var work: URL { root.appendingPathComponent("work") }

    func remove() { try? FileManager.default.removeItem(at: root) }

    static func makeFolder(_ url: URL) throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }

    static func write(_ text: String, to url: URL, mode: Int) throws {
        try Data(text.utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
    }

    /// The frame a plug-in named `name` (version 1.0.0) says first, as an sh line.
    static func hello(_ name: String) -> String {
        #"printf '{"type":"hello","protocol":1,"name":"\#(name)","version":"1.0.0"}\n'"#
    }

    /// A manifest: `inputs` and `extra` are YAML lines added as they are.
    static func manifest(_ name: String, program: String = "main.sh", inputs: String = "", timeout: String = "5s",
                         idempotent: Bool = true, extra: String = "") -> String {
        """
        steward_plugin: 1
        name: \(name)
        version: 1.0.0
        summary: a test plug-in
        kind: process
        protocol: 1
        run: [\(program)]
        \(inputs.isEmpty ? "" : "inputs:\n" + inputs)
        idempotent: \(idempotent)
        timeout: \(timeout)
        \(extra)
        """
    }

    /// Writes `plugins/NAME/plugin.yaml` and its program `main.sh` (`#!/bin/sh` is added).
    @discardableResult
    func add(_ name: String, script: String, inputs: String = "", timeout: String = "5s", idempotent: Bool = true,
             extra: String = "") throws -> URL {
        try Self.add(name, in: plugins, script: script, inputs: inputs, timeout: timeout, idempotent: idempotent, extra: extra)
    }

    /// The same, in any plugins folder (a test project's).
    @discardableResult
    static func add(_ name: String, in plugins: URL, script: String, inputs: String = "", timeout: String = "5s",
                    idempotent: Bool = true, extra: String = "") throws -> URL {
        try makeFolder(plugins)
        let folder = plugins.appendingPathComponent(name)
        try makeFolder(folder)
        try write(manifest(name, inputs: inputs, timeout: timeout, idempotent: idempotent, extra: extra),
                  to: folder.appendingPathComponent("plugin.yaml"), mode: 0o644)
        try write("#!/bin/sh\n" + script + "\n", to: folder.appendingPathComponent("main.sh"), mode: 0o755)
        return folder
    }

    func load() -> PluginFolder {
        PluginFolder.load(plugins, shownAs: "plugins", reserved: Set(HandlerRegistry.builtIn.names + ["shell"]))
    }

    /// The handler of a plug-in that loaded without findings.
    func handler(_ name: String) throws -> any StepHandler {
        let folder = load()
        #expect(folder.findings.isEmpty, "\(folder.findings)")
        return try #require(folder.handlers.first { $0.contract.name == name })
    }

    func places() -> HandlerPlaces {
        HandlerPlaces(outbox: root.appendingPathComponent("outbox"), ledger: root.appendingPathComponent("ledger"),
                      documents: root.appendingPathComponent("documents"), templates: root.appendingPathComponent("templates"),
                      work: work)
    }

    func request(_ arguments: ExpressionValue = .object([:]), secrets: [String: String] = [:],
                 limit: Duration = .seconds(5), key: String = "i-1/step/0/1/1") -> StepRequest {
        StepRequest(key: key, operationKey: "i-1/step/0/1", instance: "i-1", workflow: "wf", state: "step", attempt: 1,
                    arguments: arguments, places: places(), deadline: ContinuousClock.now + limit, secrets: secrets)
    }
}

extension StepOutcome {
    var failure: StepFailure? {
        if case .failure(let failure) = result { return failure }
        return nil
    }

    var output: ExpressionValue? {
        if case .success(let output) = result { return output }
        return nil
    }
}

/// The processes of a process group still alive (zombies waiting for their parent count as gone).
func livingMembers(ofGroup group: Int32) -> [Int32] {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
    return names.compactMap(Int32.init).filter { pid in
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        // After "pid (comm)": state, ppid, pgrp, …
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 2 && fields[0] != "Z" && Int32(fields[2]) == group
    }
}
