import Foundation
import StewardCore
import StewardEngine
import StewardExpressions
import StewardYAML
import Testing

/// `steward start --inputs-file F`: the file is YAML like a workflow file, each value typed
/// by its input; every problem is named with the file's line and column, and nothing starts.
@Suite("inputs from a file")
struct InputsFileTests {
    static let workflow = """
        steward: 1
        id: yearly-plan
        inputs:
          year: { type: integer, required: true, min: 2000 }
          branch: { type: string, default: 机关工会 }
          items: { type: list }
        start: draft
        states:
          draft:
            type: task
            assignee: { role: office }
            actions: { submit: done }
          done: { type: final }

        """

    let ann = ActorIdentity(person: "ann", account: "a", host: "h")

    func start(_ text: String, explicit: [String: String] = [:], in project: TestProject) throws -> InstanceState {
        let engine = try project.engine(at: .at("2026-11-02T09:00:00+08:00"))
        return try engine.start(workflow: "yearly-plan", inputs: explicit,
                                inputsFile: YAMLSource(path: "inputs.yaml", bytes: Array(text.utf8)), actor: ann)
    }

    @Test("block lists, comments and quotes are read as in a workflow file; --input wins over the file")
    func typed() throws {
        let project = try TestProject(workflows: ["yearly-plan": Self.workflow])
        defer { project.remove() }
        let text = """
            # 2026 年度计划
            year: 2026          # 年份
            branch: "机关工会: 第一支部"
            items:
              - 理论学习
              - 组织建设

            """
        let state = try start(text, in: project)
        #expect(state.inputs["year"] == .integer(2026))
        #expect(state.inputs["branch"] == .string("机关工会: 第一支部"))
        #expect(state.inputs["items"] == .list([.string("理论学习"), .string("组织建设")]))
        let overridden = try start(text, explicit: ["year": "2027"], in: project)
        #expect(overridden.inputs["year"] == .integer(2027))
        #expect(overridden.inputs["items"] == .list([.string("理论学习"), .string("组织建设")]))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        let expected: [String]
        var testDescription: String { name }
    }

    static let cases = [
        Case(name: "a misspelt name", text: "yaer: 2026\n",
             expected: ["inputs.yaml:1:1:", "there is no input named 'yaer'", "did you mean 'year'?"]),
        Case(name: "a value of the wrong type", text: "year: 二〇二六\n",
             expected: ["inputs.yaml:1:7:", "must be a whole number", "[wrong-type]"]),
        Case(name: "a value out of range", text: "year: 1999\n", expected: ["inputs.yaml:1:7:", "2000"]),
        Case(name: "malformed YAML", text: "year: [2026\n", expected: ["inputs.yaml:1:7:", "list is not closed", "[yaml-syntax]"]),
        Case(name: "a list, not names and values", text: "- 2026\n", expected: ["inputs.yaml:1:1:", "the inputs file"]),
        Case(name: "a name given twice", text: "year: 2026\nyear: 2027\n", expected: ["inputs.yaml:2:1:", "[yaml-duplicate-key]"]),
    ]

    @Test("each problem is refused with its place, and nothing starts", arguments: cases)
    func refused(_ c: Case) throws {
        let project = try TestProject(workflows: ["yearly-plan": Self.workflow])
        defer { project.remove() }
        do {
            _ = try start(c.text, in: project)
            Issue.record("'\(c.name)' was not refused")
        } catch let error as EngineError {
            #expect(error.kind == .refused)
            #expect(error.reason == "invalid-input")
            for part in c.expected { #expect(error.message.contains(part), "\(error.message)") }
        }
        #expect(try project.readStore().allInstances().isEmpty)
    }

    @Test("the command: a missing file is not found (3), a folder is refused (2)")
    func command() throws {
        let project = try TestProject(workflows: ["yearly-plan": Self.workflow])
        defer { project.remove() }
        let missing = try project.steward(["start", "yearly-plan", "--as", "ann", "--inputs-file", "nope.yaml"])
        #expect(missing.status == 3, "\(missing)")
        #expect(missing.stderr.contains("nope.yaml"))
        let folder = try project.steward(["start", "yearly-plan", "--as", "ann", "--inputs-file", "workflows"])
        #expect(folder.status == 2, "\(folder)")
        try "year: 2026\nitems: [宣传]\n".write(to: project.root.appendingPathComponent("in.yaml"), atomically: true, encoding: .utf8)
        let started = try project.steward(["start", "yearly-plan", "--as", "ann", "--inputs-file", "in.yaml", "--input", "year=2030"])
        #expect(started.status == 0, "\(started)")
        #expect(try project.readStore().allInstances().count == 1)
    }
}
