import Foundation
import StewardEngine
import Testing

/// `start` finds a workflow by id: first in the file named after it, else by reading them all.
@Suite("finding a workflow by id")
struct ProjectCompileTests {
    static func workflow(_ id: String) -> String {
        """
        steward: 1
        id: \(id)
        title: 测试
        start: done
        states:
          done: { type: final }

        """
    }

    @Test("a file named after its id, a file named otherwise, and a file whose name says another id")
    func namesAndIDs() throws {
        let project = try TestProject(workflows: [
            "plan": Self.workflow("plan"), "misc": Self.workflow("report"), "review": Self.workflow("audit"),
        ])
        defer { project.remove() }
        let loaded = try Project.load(configFile: project.configFile)
        #expect(try loaded.compile(workflow: "plan", handlers: .builtIn).workflow.id.value == "plan")
        #expect(try loaded.compile(workflow: "report", handlers: .builtIn).workflow.id.value == "report")
        #expect(try loaded.compile(workflow: "audit", handlers: .builtIn).workflow.id.value == "audit")
        let missing = #expect(throws: EngineError.self) { try loaded.compile(workflow: "review", handlers: .builtIn) }
        #expect(missing?.kind == .notFound)
    }

    @Test("an invalid file named after the id gives its own errors, not 'no workflow'")
    func invalidNamedFile() throws {
        let broken = Self.workflow("plan").replacingOccurrences(of: "start: done", with: "start: nowhere")
        let project = try TestProject(workflows: ["plan": broken])
        defer { project.remove() }
        let loaded = try Project.load(configFile: project.configFile)
        let error = #expect(throws: EngineError.self) { try loaded.compile(workflow: "plan", handlers: .builtIn) }
        #expect(error?.kind == .checkFailed)
        #expect(error?.message.contains("nowhere") == true)
    }
}
