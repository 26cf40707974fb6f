import Foundation
import StewardCore
import StewardEngine
import StewardExpressions
import Testing

/// `start --input` and `act --field` keep free text as typed, type the other single values
/// by their field, and read only lists and objects as YAML.
@Suite("values kept as typed")
struct LiteralValuesTests {
    static let workflow = """
        steward: 1
        id: plan
        inputs:
          year: { type: integer, required: true, min: 2000 }
          branch: { type: string, label: 支部 }
        start: draft
        states:
          draft:
            type: task
            assignee: { role: office }
            form:
              goals: { type: text, required: true, label: 工作目标 }
              items:
                type: list
                label: 重点任务
                items:
                  type: object
                  fields:
                    name:  { type: string, required: true }
                    owner: { type: person, required: true }
            actions: { submit: done }
          done: { type: final }

        """

    let ann = ActorIdentity(person: "ann", account: "a", host: "h")

    @Test("inputs: text with ': ' and ' #' is kept whole; a number is typed without the spaces around it")
    func inputs() throws {
        let project = try TestProject(workflows: ["plan": Self.workflow])
        defer { project.remove() }
        let engine = try project.engine(at: .at("2026-11-02T09:00:00+08:00"))
        let state = try engine.start(workflow: "plan", inputs: ["year": " 2026 ", "branch": " 机关工会: 第一支部 #2"], actor: ann)
        #expect(state.inputs["year"] == .integer(2026))
        #expect(state.inputs["branch"] == .string(" 机关工会: 第一支部 #2"))
        do {
            _ = try engine.start(workflow: "plan", inputs: ["year": "2026 #1"], actor: ann)
            Issue.record("'2026 #1' was taken as a year")
        } catch {
            #expect(error.reason == "invalid-input")
            #expect(error.message == "input 'year' must be a whole number; got '2026 #1'")
        }
    }

    @Test("a form: free text is kept byte for byte; a list is YAML, and its problems show what to write")
    func form() throws {
        let project = try TestProject(workflows: ["plan": Self.workflow])
        defer { project.remove() }
        let engine = try project.engine(at: .at("2026-11-02T09:00:00+08:00"))
        let id = try engine.start(workflow: "plan", inputs: ["year": "2026"], actor: ann).id
        do {
            _ = try engine.act(instance: id, action: "submit", state: nil,
                               fields: ["goals": "x", "items": "宣传"], comment: nil, actor: ann)
            Issue.record("a list field took a single value")
        } catch {
            #expect(error.reason == "invalid-form")
            // The example's person is the one acting: typed as shown, it is accepted.
            #expect(error.message == "field 'items' (重点任务) is a list; write it like [{name: …, owner: ann}]")
        }
        #expect(try project.readStore().entries(instance: id).last?.refusal == "invalid-form")
        let goals = "Priority #1: 理论学习 — 'quoted' *note\n  - 第二行 [未完 {"
        let done = try engine.act(instance: id, action: "submit", state: nil,
                                  fields: ["goals": goals, "items": "[{name: 'Priority #1', owner: ann}]"], comment: nil, actor: ann)
        let record = try #require(done.scopes.first?.records["draft"])
        #expect(record.form["goals"] == .string(goals))
        #expect(record.form["items"] == .list([.object(["name": .string("Priority #1"), "owner": .string("ann")])]))
    }
}
