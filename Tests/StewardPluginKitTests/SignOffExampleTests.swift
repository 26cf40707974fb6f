import Foundation
import StewardExpressions
import StewardPluginKit
import StewardPlugins
import Testing

/// The example Swift plug-in (plugins/sign-off) built both ways from one handler: the tests
/// build it, load its library and run its program, speaking protocol v1 to each.
@Suite("the sign-off example plug-in")
struct SignOffExampleTests {
    static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let example = package.appendingPathComponent("plugins/sign-off")

    /// Built once per test run with `swift build` into a scratch folder of its own under .build,
    /// never into the folder the tests themselves were built in (a build there would wait for
    /// the lock of the `swift test` that is running it); SwiftPM's lock on the scratch folder
    /// keeps two runs from building it at once. It waits on a thread of its own, not on one
    /// the running tests share.
    static let products = Task<URL, any Error> {
        let scratch = package.appendingPathComponent(".build/plugins/sign-off")
        let build = try await Command.output(["swift", "build", "--package-path", example.path, "--scratch-path", scratch.path])
        guard build.status == 0 else { throw FixtureError("swift build failed:\n\(build.stdout)\(build.stderr)") }
        let bin = try await Command.output(["swift", "build", "--package-path", example.path, "--scratch-path", scratch.path,
                                            "--show-bin-path"])
        return URL(fileURLWithPath: bin.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    static let contract = HandlerContract(
        name: "sign-off", version: "1.0.0", summary: "checks that everyone who must sign a document has signed",
        tier: .library,
        inputs: [HandlerInput("document", .text, required: true), HandlerInput("signers", .list, required: true),
                 HandlerInput("signed", .list)],
        errors: ["bad-input", "no-signers"], idempotent: true, timeout: .seconds(5))

    func request(_ arguments: ExpressionObject) -> StepRequest {
        let folder = FileManager.default.temporaryDirectory
        return StepRequest(key: "i7/sign/0/1/2", operationKey: "i7/sign/0/2", instance: "i7", workflow: "budget",
                           state: "sign", attempt: 1, arguments: .object(arguments),
                           places: HandlerPlaces(outbox: folder, ledger: folder, documents: folder, templates: folder,
                                                 work: folder),
                           deadline: .now + .seconds(5))
    }

    @Test("its library loads and answers, and fails with its own kind")
    func library() async throws {
        let bin = try await Self.products.value
        let plugin = try LibraryPlugin.load(path: bin.appendingPathComponent("libSignOff.so").path, contract: Self.contract)
        let outcome = await plugin.call(request(["document": "2027 预算", "signers": ["li.ming", "zhang.wei", "li.ming"],
                                                 "signed": ["zhang.wei"]]))
        let summary = "1 of 2 have signed '2027 预算'"
        #expect(outcome == .success(.object(["complete": false, "missing": ["li.ming"], "summary": .string(summary)]),
                                    logs: [HandlerLog(level: .info, message: summary)]))
        #expect(await plugin.call(request(["document": "纪要", "signers": []]))
            == .failure(kind: "no-signers", message: "nobody is named to sign '纪要'", retryable: false))
        #expect(await plugin.call(request(["signers": ["a"]]))
            == .failure(kind: "bad-input", message: "'document' is missing", retryable: false))
    }

    @Test("its program reads one request on stdin and writes hello, a log line and the result on stdout")
    func process() async throws {
        let bin = try await Self.products.value
        let request = #"{"steward":1,"type":"invoke","protocol":1,"key":"i7/sign/0/1/2","operation_key":"i7/sign/0/2","#
            + #""attempt":1,"instance":"i7","workflow":"budget","state":"sign","timeout_ms":5000,"#
            + #""with":{"document":"纪要","signers":["li.ming"],"signed":["li.ming"]}}"# + "\n"
        let run = try await Command.output([bin.appendingPathComponent("sign-off").path], input: Data(request.utf8),
                                  environment: ["PATH": "/usr/bin:/bin"])
        #expect(run.status == 0, "\(run.stderr)")
        let frames = try run.stdout.split(separator: "\n").map { try PluginFrame(line: String($0)) }
        #expect(frames == [
            .hello(protocol: 1, name: "sign-off", version: "1.0.0"),
            .log(.info, "1 of 1 have signed '纪要'"),
            .result(.success(["complete": true, "missing": [], "summary": "1 of 1 have signed '纪要'"])),
        ])

        let bad = try await Command.output([bin.appendingPathComponent("sign-off").path], input: Data("not json\n".utf8),
                                  environment: ["PATH": "/usr/bin:/bin"])
        let last = try PluginFrame(line: String(try #require(bad.stdout.split(separator: "\n").last)))
        guard case .result(.failure(let failure)) = last else {
            Issue.record("a request that is not JSON was answered: \(bad.stdout)")
            return
        }
        #expect(failure.kind == "protocol" && !failure.retryable)
    }

    @Test("both its manifests are plug-ins Steward reads, and each tier answers through a project's plug-ins folder")
    func throughAProject() async throws {
        let bin = try await Self.products.value
        for (manifest, file) in [("plugin.yaml", "sign-off"), ("plugin.library.yaml", "libSignOff.so")] {
            // A project's plug-ins folder holding the example with its built file beside the manifest.
            let plugins = FileManager.default.temporaryDirectory.appendingPathComponent("sign-off-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: plugins) }
            let folder = plugins.appendingPathComponent("sign-off")
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("bin"), withIntermediateDirectories: true)
            let text = try String(contentsOf: Self.example.appendingPathComponent(manifest), encoding: .utf8)
                .replacingOccurrences(of: ".build/release/", with: "bin/")
            try Data(text.utf8).write(to: folder.appendingPathComponent("plugin.yaml"))
            try FileManager.default.copyItem(at: bin.appendingPathComponent(file), to: folder.appendingPathComponent("bin/\(file)"))
            for path in [plugins.path, folder.path, folder.appendingPathComponent("bin").path] { chmod(path, 0o755) }
            chmod(folder.appendingPathComponent("plugin.yaml").path, 0o644)

            let loaded = PluginFolder.load(plugins, shownAs: "plugins", reserved: Set(HandlerRegistry.builtIn.names))
            #expect(loaded.findings.isEmpty, "\(manifest): \(loaded.findings.map(\.message))")
            let handler = try #require(loaded.handlers.first, "\(manifest) gave no plug-in")
            #expect(handler.contract.tier == (file.hasSuffix(".so") ? .library : .process))
            let outcome = await handler.call(request(["document": "纪要", "signers": ["li.ming"], "signed": ["li.ming"]]))
            #expect(outcome.result == .success(.object(["complete": true, "missing": [], "summary": "1 of 1 have signed '纪要'"])),
                    "\(manifest): \(outcome)")
        }
    }
}
