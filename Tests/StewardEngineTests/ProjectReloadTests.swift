import Foundation
import StewardEngine
import Testing

/// A long-running loop reads the project's files again before each tick: an organizer's
/// edit takes effect, and an edit that breaks a file is reported, not used.
@Suite("reading the project's files again")
struct ProjectReloadTests {
    static let workflow = TestProject.signOff

    @Test("unchanged files, an edited roster, a broken roster, and the roster put back")
    func reload() throws {
        let project = try TestProject(workflows: ["sign-off": Self.workflow])
        defer { project.remove() }
        let loaded = try Project.load(configFile: project.configFile)
        try loaded.checkSound()
        guard case .unchanged = loaded.reload() else { throw Unexpected("files not edited must read as unchanged") }

        let rosterFile = project.root.appendingPathComponent("roster.yaml")
        let original = try String(contentsOf: rosterFile, encoding: .utf8)
        try project.setRoles([("office:    { title: Office, members: [ann, bob] }",
                               "office:    { title: Office, members: [ann, bob, dan] }")])
        guard case .changed(let fresh) = loaded.reload() else { throw Unexpected("an edited roster must read as changed") }
        #expect(fresh.roster?.roles["office"]?.members == ["ann", "bob", "dan"])
        #expect(fresh.environmentHash != loaded.environmentHash)

        try "people:\n  ann: { name: Ann\n".write(to: rosterFile, atomically: true, encoding: .utf8)
        guard case .broken(let message) = loaded.reload() else { throw Unexpected("a broken roster must read as broken") }
        #expect(message.contains("roster.yaml:2:"), "\(message)")
        #expect(message.contains("[yaml-syntax]"), "\(message)")
        #expect(throws: EngineError.self) { try Project.load(configFile: project.configFile).checkSound() }

        try original.write(to: rosterFile, atomically: true, encoding: .utf8)
        guard case .unchanged = loaded.reload() else { throw Unexpected("the original roster must read as unchanged") }
    }

    @Test("a change of steward.yaml alone (the time zone) reads as changed")
    func configChanged() throws {
        let project = try TestProject(workflows: ["sign-off": Self.workflow])
        defer { project.remove() }
        let loaded = try Project.load(configFile: project.configFile)
        let text = try String(contentsOf: project.configFile, encoding: .utf8)
        try text.replacingOccurrences(of: "timezone: Asia/Shanghai", with: "timezone: Asia/Urumqi")
            .write(to: project.configFile, atomically: true, encoding: .utf8)
        guard case .changed(let fresh) = loaded.reload() else { throw Unexpected("a new time zone must read as changed") }
        #expect(fresh.zone.identifier == "Asia/Urumqi")
    }

    struct Unexpected: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
