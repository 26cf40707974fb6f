import Foundation
import StewardExpressions
import StewardPlugins
import Testing

/// The built-in handlers write their files whole and synced (`AtomicFile`), never through a
/// link or over a device.
@Suite("built-in handlers' files")
struct HandlerFileTests {
    func request(_ folder: URL) -> StepRequest {
        StepRequest(key: "i1-publish-1", operationKey: "i1-publish", instance: "i1", workflow: "plan", state: "publish",
                    attempt: 1,
                    arguments: .object(["to": .string("li.ming"), "subject": .string("通知"), "ledger": .string("台账")]),
                    places: HandlerPlaces(outbox: folder.appendingPathComponent("outbox"), ledger: folder.appendingPathComponent("ledger"),
                                          documents: folder.appendingPathComponent("documents"),
                                          templates: folder.appendingPathComponent("templates"),
                                          work: folder.appendingPathComponent("work")),
                    deadline: .now + .seconds(30))
    }

    @Test("notify writes its message whole, leaves no temporary file, and refuses to write through a link")
    func notifyFile() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("handler-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outbox = folder.appendingPathComponent("outbox")
        #expect(await NotifyHandler().call(request(folder)) == .success(.object(["file": .string("i1-publish-1.json")])))
        let text = try String(contentsOf: outbox.appendingPathComponent("i1-publish-1.json"), encoding: .utf8)
        #expect(text.contains("\"subject\":\"通知\""), "\(text)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outbox.path) == ["i1-publish-1.json"])

        // A link put where the message goes is not followed or replaced: the call fails, saying why.
        let target = folder.appendingPathComponent("elsewhere.txt")
        try Data("mine\n".utf8).write(to: target)
        let file = outbox.appendingPathComponent("i1-publish-1.json")
        try FileManager.default.removeItem(at: file)
        try FileManager.default.createSymbolicLink(at: file, withDestinationURL: target)
        guard case .failure(let failure) = await NotifyHandler().call(request(folder)).result else {
            Issue.record("a link was written through")
            return
        }
        #expect(failure.message.contains("not a regular file"), "\(failure.message)")
        #expect(try String(contentsOf: target, encoding: .utf8) == "mine\n")
    }
}
