import Crypto
import Foundation
import StewardExpressions
import StewardPluginKit
import StewardPlugins
import StewardTime
import Testing

/// Library plug-ins: what is loaded, what is refused with which message, and how a call that
/// overruns its deadline ends.
@Suite("library plug-ins")
struct LibraryPluginTests {
    func request(_ folder: URL, deadline: Duration = .seconds(5), arguments: ExpressionValue = .object([:]),
                 secrets: [String: String] = [:]) -> StepRequest {
        StepRequest(key: "i1/file/0/1/3", operationKey: "i1/file/0/3", instance: "i1", workflow: "plan", state: "file",
                    attempt: 1, arguments: arguments,
                    places: HandlerPlaces(outbox: folder.appendingPathComponent("outbox"),
                                          ledger: folder.appendingPathComponent("ledger"),
                                          documents: folder.appendingPathComponent("documents"),
                                          templates: folder.appendingPathComponent("templates"),
                                          work: folder.appendingPathComponent("work")),
                    deadline: .now + deadline, secrets: secrets)
    }

    func loadError(_ path: String, _ contract: HandlerContract = LibraryFixture().contract) -> LibraryLoadError? {
        do {
            _ = try LibraryPlugin.load(path: path, contract: contract)
            return nil
        } catch {
            return error
        }
    }

    @Test("a library that loads answers a call: output, log lines, and its hash in the contract")
    func answers() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let requestFile = folder.appendingPathComponent("request.json")
        let path = try await LibraryFixture(requestFile: requestFile.path).build(in: folder)
        let plugin = try LibraryPlugin.load(path: path, contract: LibraryFixture().contract)
        let digest = SHA256.hash(data: try Data(contentsOf: URL(fileURLWithPath: path))).map { String(format: "%02x", $0) }.joined()
        #expect(plugin.contract.digest == digest)
        #expect(plugin.contract.tier == .library)
        #expect(plugin.contract.provenance == "fixture@1.0.0 sha256:\(digest)")

        let arguments: ExpressionValue = .object(["title": "预算", "due": .date(CivilDate(year: 2026, month: 10, day: 1)!),
                                                  "token": "TOKEN_NAME"])
        let outcome = await plugin.call(request(folder, arguments: arguments, secrets: ["token": "s3cret-value"]))
        #expect(outcome == .success(.object(["filed": true]), logs: [HandlerLog(level: .info, message: "filed")]))

        // The request the library got: the call's keys, with: evaluated (a secret input holds its value), the folders.
        let sent = try PluginValue(json: String(contentsOf: requestFile, encoding: .utf8))
        let call = try PluginCall(request: sent)
        #expect(call.key == "i1/file/0/1/3" && call.operationKey == "i1/file/0/3" && call.attempt == 1)
        #expect(call.with == ["title": "预算", "due": "2026-10-01", "token": "s3cret-value"])
        #expect(call.places.work == folder.appendingPathComponent("work").path)
        #expect(sent.object?["handler"] == "fixture")
        let left = try #require(sent.object?["timeout_ms"]?.integer)
        #expect(left > 4000 && left <= 5000)
    }

    @Test("the same file loads again (it is never unloaded)")
    func loadsTwice() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try await LibraryFixture().build(in: folder)
        let first = try LibraryPlugin.load(path: path, contract: LibraryFixture().contract)
        let second = try LibraryPlugin.load(path: path, contract: LibraryFixture().contract)
        #expect(await first.call(request(folder)) == second.call(request(folder)))
    }

    @Test("a file changed since it was loaded from the same path is refused: the old code would answer")
    func changedSinceLoaded() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try await LibraryFixture().build(in: folder)
        let first = try LibraryPlugin.load(path: path, contract: LibraryFixture().contract)
        try FileManager.default.removeItem(atPath: path)
        _ = try await LibraryFixture(frames: ["{}"]).build(in: folder)
        let error = try #require(loadError(path))
        guard case .changedSinceLoaded(path, first.contract.digest, _) = error else {
            Issue.record("\(error)")
            return
        }
        #expect(error.description.contains("restart Steward"))
    }

    @Test("a library built for another ABI is refused, naming both")
    func wrongABI() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try await LibraryFixture(abi: 2).build(in: folder)
        let error = try #require(loadError(path))
        #expect(error == .wrongABI(path: path, abi: 2))
        #expect(error.description.hasSuffix("built for ABI 2, this Steward speaks 1"))
    }

    @Test("a library missing one of the four functions is refused, naming it",
          arguments: ["steward_plugin_abi", "steward_plugin_manifest", "steward_plugin_call", "steward_plugin_free"])
    func missingSymbol(symbol: String) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try await LibraryFixture(omit: symbol).build(in: folder)
        let error = try #require(loadError(path))
        #expect(error == .missingSymbol(path: path, symbol: symbol))
        #expect(error.description.contains("does not export \(symbol)"))
    }

    @Test("a file that is not a shared library is refused with the loader's reason")
    func notALibrary() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("x.so").path
        try Data("this is a text file, not a library\n".utf8).write(to: URL(fileURLWithPath: path))
        let error = try #require(loadError(path))
        guard case .notALibrary(path, let reason) = error else {
            Issue.record("\(error)")
            return
        }
        #expect(reason.contains("ELF") || reason.contains("too short"), "\(reason)")
        #expect(!reason.contains(path))
        #expect(error.description == "\(path): is not a shared library this system can load (\(reason))")
    }

    @Test("a library its group or others can change is refused, as is one in a folder they can change")
    func writableByOthers() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try await LibraryFixture().build(in: folder)
        try FileManager.default.setAttributes([.posixPermissions: 0o775], ofItemAtPath: path)
        #expect(loadError(path) == .writableByOthers(path: path, mode: "775"))
        #expect(loadError(path)?.description.contains("chmod go-w") == true)

        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o757], ofItemAtPath: folder.path)
        #expect(loadError(path) == .writableByOthers(path: folder.path, mode: "757"))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        #expect(loadError(path) == nil)
    }

    @Test("a link, a folder or a missing file where the library should be is refused")
    func notAFile() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try await LibraryFixture().build(in: folder)
        let link = folder.appendingPathComponent("link.so").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        #expect(loadError(link) == .notRegularFile(path: link, what: "a symbolic link"))
        #expect(loadError(folder.path) == .notRegularFile(path: folder.path, what: "a folder"))
        #expect(loadError(folder.appendingPathComponent("none.so").path)?.description.hasSuffix("no such library") == true)
    }

    @Test("a library whose hash is not the manifest's is refused before it is loaded")
    func changed() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try await LibraryFixture().build(in: folder)
        let base = LibraryFixture().contract
        let pinned = HandlerContract(name: base.name, version: base.version, summary: base.summary, tier: .library,
                                     idempotent: true, digest: String(repeating: "0", count: 64))
        guard case .changed(path, _, let found)? = loadError(path, pinned) else {
            Issue.record("a changed library was loaded")
            return
        }
        let right = HandlerContract(name: base.name, version: base.version, summary: base.summary, tier: .library,
                                    idempotent: true, digest: found.uppercased())
        #expect(loadError(path, right) == nil)
    }

    @Test("a library whose own manifest names another plug-in or version is refused")
    func disagrees() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let other = try await LibraryFixture(name: "other").build(in: folder, file: "other.so")
        #expect(loadError(other) == .manifestDisagrees(path: other, field: "name", library: "other", manifest: "fixture"))
        let older = try await LibraryFixture(version: "0.9.0").build(in: folder, file: "older.so")
        #expect(loadError(older) == .manifestDisagrees(path: older, field: "version", library: "0.9.0", manifest: "1.0.0"))
    }

    @Test("frames that break the protocol fail the call with kind protocol, keeping the log lines before", arguments: [
        ([#"{"type":"result","ok":true,"output":{}}"#], "the first frame must be 'hello'", 0),
        ([#"{"type":"hello","protocol":2,"name":"fixture","version":"1.0.0"}"#], "speaks protocol 2", 0),
        ([#"{"type":"hello","protocol":1,"name":"fixture","version":"9"}"#], "gives version \"9\", but the manifest says '1.0.0'", 0),
        ([#"{"type":"hello","protocol":1,"name":"fixture","version":"1.0.0"}"#, #"{"type":"log","level":"info","message":"a"}"#,
          "Progress: 40%"], "not a JSON frame (column 1: unexpected character, expected a value): 'Progress: 40%'", 1),
        ([#"{"type":"hello","protocol":1,"name":"fixture","version":"1.0.0"}"#, #"{"type":"log","level":"info","message":"a"}"#],
         "ended without a result frame", 1),
        ([#"{"type":"hello","protocol":1,"name":"fixture","version":"1.0.0"}"#, #"{"type":"result","ok":true}"#,
          #"{"type":"log","level":"info","message":"late"}"#], "printed a 'log' frame after its result", 0),
    ])
    func brokenFrames(frames: [String], reason: String, logs: Int) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plugin = try LibraryPlugin.load(path: try await LibraryFixture(frames: frames).build(in: folder),
                                            contract: LibraryFixture().contract)
        let outcome = await plugin.call(request(folder))
        guard case .failure(let failure) = outcome.result else {
            Issue.record("broken frames were accepted: \(outcome)")
            return
        }
        #expect(failure.kind == "protocol" && !failure.retryable)
        #expect(failure.message.contains(reason), "\(failure.message)")
        #expect(outcome.logs.map(\.message) == Array(repeating: "a", count: logs))
    }

    @Test("an error result keeps its kind, message and retryable; unknown frame types are skipped")
    func errorResult() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let frames = [#"{"type":"hello","protocol":1,"name":"fixture","version":"1.0.0"}"#,
                      #"{"type":"progress","percent":50}"#,
                      #"{"type":"result","ok":false,"error":{"kind":"no-signers","message":"nobody","retryable":false}}"#]
        let plugin = try LibraryPlugin.load(path: try await LibraryFixture(frames: frames).build(in: folder),
                                            contract: LibraryFixture().contract)
        #expect(await plugin.call(request(folder)) == .failure(kind: "no-signers", message: "nobody", retryable: false))
    }

    @Test("a call that overruns its deadline fails timeout at the deadline; past four such calls, calls fail at once")
    func overrun() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plugin = try LibraryPlugin.load(path: try await LibraryFixture(sleep: 30).build(in: folder),
                                            contract: LibraryFixture().contract)
        let outcomes = await withTaskGroup(of: StepOutcome.self) { group in
            for _ in 0..<4 { group.addTask { await plugin.call(self.request(folder, deadline: .milliseconds(300))) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        for outcome in outcomes {
            guard case .failure(let failure) = outcome.result else {
                Issue.record("an overrunning call succeeded")
                continue
            }
            #expect(failure.kind == "timeout" && failure.retryable)
            #expect(failure.message.contains("cannot be stopped"))
        }
        // All four still running in the library (it sleeps 30 s, long enough for a busy machine
        // to reach this line first): the callers did not wait for it.
        #expect(plugin.overrunningCalls == 4)

        let refused = await plugin.call(request(folder))
        #expect(refused.result == .failure(StepFailure(
            kind: "timeout", message: "fixture was not called: 4 earlier calls are still running past their time limit "
                + "(restart Steward, or run the plug-in as a process plug-in)")))
    }
}
