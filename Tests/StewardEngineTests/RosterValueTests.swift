import Foundation
import StewardEngine
import StewardTime
import Testing

/// A `person` or `role` value must be one the roster knows, however deep in a form or the
/// inputs: a misspelt owner would otherwise get a task nobody can act on.
@Suite("people and roles in forms and inputs")
struct RosterValueTests {
    static let workflow = """
        steward: 1
        id: assign
        inputs:
          host: { type: person }
          office: { type: role }
        start: plan
        states:
          plan:
            type: task
            assignee: { role: office }
            form:
              items:
                type: list
                items:
                  type: object
                  fields:
                    name:  { type: string, required: true }
                    owner: { type: person, required: true }
            actions: { submit: done }
          done: { type: final }

        """

    let ann = ActorIdentity(person: "ann", account: "a", host: "h")

    @Test("a form refuses an owner the roster does not have, naming where and suggesting the one meant")
    func formOwner() throws {
        let project = try TestProject(workflows: ["assign": Self.workflow])
        defer { project.remove() }
        let engine = try project.engine(at: .at("2026-11-02T09:00:00+08:00"))
        let started = try engine.start(workflow: "assign", inputs: [:], actor: ann)
        do {
            _ = try engine.act(instance: started.id, action: "submit", state: nil,
                               fields: ["items": "[{name: 宣传, owner: bob}, {name: 组织, owner: dna}]"], comment: nil, actor: ann)
            Issue.record("an unknown owner was accepted")
        } catch {
            #expect(error.kind == .refused)
            #expect(error.reason == "invalid-form")
            #expect(error.message == "'dna' in items[2].owner is not a person of the roster; did you mean 'dan'?")
        }
        #expect(try engine.instance(started.id).currentStates == ["plan"])
        #expect(try project.readStore().entries(instance: started.id).last?.refusal == "invalid-form")
        _ = try engine.act(instance: started.id, action: "submit", state: nil,
                           fields: ["items": "[{name: 宣传, owner: bob}, {name: 组织, owner: dan}]"], comment: nil, actor: ann)
        #expect(try engine.instance(started.id).status == .completed)
    }

    @Test("start refuses a person or role input the roster does not have")
    func inputs() throws {
        let project = try TestProject(workflows: ["assign": Self.workflow])
        defer { project.remove() }
        let engine = try project.engine(at: .at("2026-11-02T09:00:00+08:00"))
        for (inputs, expected) in [(["host": "nobody"], "'nobody' in host is not a person of the roster"),
                                   (["office": "ofice"], "'ofice' in office is not a role of the roster; did you mean 'office'?")] {
            do {
                _ = try engine.start(workflow: "assign", inputs: inputs, actor: ann)
                Issue.record("\(inputs) was accepted")
            } catch {
                #expect(error.reason == "invalid-input")
                #expect(error.message == expected)
            }
        }
        #expect(try project.readStore().allInstances().isEmpty)
        #expect(try engine.start(workflow: "assign", inputs: ["host": "cat", "office": "office"], actor: ann).status == .running)
    }
}
