import Foundation
import StewardEngine
import Testing

/// A misspelt state or input name is "not found", with the name it most likely meant,
/// rather than a conflict or a bare list.
@Suite("misspelt names on the command line")
struct MisspeltNamesTests {
    let ann = ActorIdentity(person: "ann", account: "a", host: "h")

    @Test("act --state with a state the workflow does not have: not found, did you mean, nothing recorded")
    func unknownState() throws {
        let project = try TestProject(workflows: ["sign-off": TestProject.signOff])
        defer { project.remove() }
        let engine = try project.engine(at: .at("2026-11-02T09:00:00+08:00"))
        let started = try engine.start(workflow: "sign-off", inputs: [:], actor: ann)
        let before = try project.readStore().entries().count
        do {
            _ = try engine.act(instance: started.id, action: "ok", state: "sgin", fields: [:], comment: nil, actor: ann)
            Issue.record("a state the workflow does not have was accepted")
        } catch {
            #expect(error.kind == .notFound)
            #expect(error.reason == "unknown-state")
            #expect(error.message.contains("has no state 'sgin'; did you mean 'sign'?"), "\(error.message)")
        }
        // A state the workflow has but that is not open is still a conflict.
        do {
            _ = try engine.act(instance: started.id, action: "ok", state: "done", fields: [:], comment: nil, actor: ann)
            Issue.record("a state with no open task was accepted")
        } catch {
            #expect(error.kind == .conflict)
        }
        #expect(try project.readStore().entries().count == before + 1, "only the conflict is a refusal in the trail")
        #expect(try engine.instance(started.id).currentStates == ["sign"])
    }

    @Test("start --input with a name the workflow does not have suggests the one it has")
    func unknownInput() throws {
        let workflow = TestProject.signOff.replacingOccurrences(
            of: "start: sign", with: "inputs:\n  year: { type: integer }\nstart: sign")
        let project = try TestProject(workflows: ["sign-off": workflow])
        defer { project.remove() }
        let engine = try project.engine(at: .at("2026-11-02T09:00:00+08:00"))
        #expect(throws: EngineError.self) { try engine.start(workflow: "sign-off", inputs: ["yaer": "2026"], actor: ann) }
        do {
            _ = try engine.start(workflow: "sign-off", inputs: ["yaer": "2026"], actor: ann)
        } catch {
            #expect(error.message.contains("has no input 'yaer'; did you mean 'year'?"), "\(error.message)")
        }
        #expect(try project.readStore().allInstances().isEmpty)
    }

    @Test("start with a misspelt workflow id suggests the one there is; an unknown id lists them")
    func unknownWorkflow() throws {
        let project = try TestProject(workflows: ["sign-off": TestProject.signOff])
        defer { project.remove() }
        let engine = try project.engine(at: .at("2026-11-02T09:00:00+08:00"))
        for (id, expected) in [("sign-of", "did you mean 'sign-off'?"), ("annual-plan", "its workflows: sign-off")] {
            do {
                _ = try engine.start(workflow: id, inputs: [:], actor: ann)
                Issue.record("'\(id)' started")
            } catch {
                #expect(error.kind == .notFound)
                #expect(error.message.contains(expected), "\(error.message)")
            }
        }
    }
}
