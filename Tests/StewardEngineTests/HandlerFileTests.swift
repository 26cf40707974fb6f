import Foundation
import StewardExpressions
import StewardPlugins
import Testing

/// `notify` writes no file of its own: its message comes back as the call's notice, which the
/// engine records and writes to the outbox whole and synced, like every notice (OutboxTests).
@Suite("built-in handlers' files")
struct HandlerFileTests {
    func request(_ folder: URL) -> StepRequest {
        let roster = HandlerRoster(people: [HandlerRoster.Person(id: "li.ming", name: "李明")], roles: ["office": ["li.ming"]])
        return StepRequest(key: "i1-publish-1", operationKey: "i1-publish", instance: "i1", workflow: "plan", state: "publish",
                           attempt: 1, arguments: .object(["to": .string("office"), "subject": .string("通知")]),
                           places: HandlerPlaces(outbox: folder.appendingPathComponent("outbox"),
                                                 ledger: folder.appendingPathComponent("ledger"),
                                                 documents: folder.appendingPathComponent("documents"),
                                                 templates: folder.appendingPathComponent("templates"),
                                                 work: folder.appendingPathComponent("work")),
                           deadline: .now + .seconds(30), context: HandlerContext(roster: roster, handlers: .builtIn))
    }

    @Test("notify returns its message as a notice for the role's people and writes nothing itself")
    func notifyNotice() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("handler-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = await NotifyHandler().call(request(folder))
        #expect(outcome.notices == [HandlerNotice(people: ["li.ming"], subject: "通知", body: "")])
        #expect(outcome.result == .success(.object(["to": ["li.ming"], "subject": "通知", "channels": []])))
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }
}
