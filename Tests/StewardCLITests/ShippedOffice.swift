import Foundation
import StewardTestSupport
import Testing

/// A project made by `steward init --clock manual`, driven the way the office would drive it:
/// people act at given moments (STEWARD_NOW), ticks fire deadlines and run the steps. Used to run
/// the shipped workflows end to end from the very files init writes.
struct ShippedOffice {
    let root: URL

    init(_ root: URL) throws {
        self.root = root
        let made = try StewardProcess.run(["init", "--clock", "manual"], in: root)
        try #require(made.status == 0, "\(made)")
    }

    /// `steward ARGS` at `time` (office time, +08:00); a failure other than `expecting` fails the test.
    @discardableResult
    func run(_ arguments: [String], at time: String, expecting status: Int32 = 0,
             sourceLocation: SourceLocation = #_sourceLocation) throws -> StewardProcess.Result {
        let result = try StewardProcess.run(arguments, in: root, environment: ["STEWARD_NOW": time + ":00+08:00"])
        #expect(result.status == status, "steward \(arguments.joined(separator: " ")): \(result)", sourceLocation: sourceLocation)
        return result
    }

    /// Starts `workflow` as `person` with `inputs`: the instance id.
    func start(_ workflow: String, as person: String, inputs: [String: String], at time: String) throws -> String {
        let arguments = ["start", workflow, "--as", person, "--json"] + inputs.sorted { $0.key < $1.key }.flatMap { ["--input", "\($0.key)=\($0.value)"] }
        let started = try run(arguments, at: time)
        let object = try JSONSerialization.jsonObject(with: Data(started.stdout.utf8)) as? [String: Any]
        return try #require(object?["id"] as? String, "\(started)")
    }

    /// `steward act` as `person`; `state` is a state name or a task handle (`task9`).
    @discardableResult
    func act(_ id: String, _ action: String, as person: String, state: String? = nil, fields: [String: String] = [:],
             comment: String? = nil, at time: String, expecting status: Int32 = 0,
             sourceLocation: SourceLocation = #_sourceLocation) throws -> StewardProcess.Result {
        var arguments = ["act", id, action, "--as", person]
        if let state { arguments += ["--state", state] }
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) { arguments += ["--field", "\(name)=\(value)"] }
        if let comment { arguments += ["--comment", comment] }
        return try run(arguments, at: time, expecting: status, sourceLocation: sourceLocation)
    }

    /// The instance as `status --json` shows it.
    func status(_ id: String, at time: String) throws -> [String: Any] {
        let shown = try run(["status", id, "--json"], at: time)
        return try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
    }

    /// The open tasks of the instance: (state, handle such as `task9`, title, assignees), in the order status lists them.
    func tasks(_ id: String, at time: String) throws -> [(state: String, handle: String, title: String, assignees: [String])] {
        let tasks = try status(id, at: time)["tasks"] as? [[String: Any]] ?? []
        return tasks.map { task in
            let full = task["id"] as? String ?? ""
            return (task["state"] as? String ?? "", String(full.split(separator: ".").last ?? ""),
                    task["title"] as? String ?? "", task["assignees"] as? [String] ?? [])
        }
    }

    /// The handle of the open task whose title contains `text`.
    func handle(_ id: String, titled text: String, at time: String) throws -> String {
        let open = try tasks(id, at: time)
        return try #require(open.first { $0.title.contains(text) }, "no open task titled '\(text)' in \(open)").handle
    }

    /// The text of a document the instance rendered.
    func document(_ id: String, _ name: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent("documents/\(id)/\(name)"), encoding: .utf8)
    }

    /// Checks the ledger package the instance was filed as, the way an auditor would.
    func verifyPackage(_ ledger: String, _ id: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let package = root.appendingPathComponent("ledger/\(ledger)/\(id).zip")
        #expect(FileManager.default.fileExists(atPath: package.path), "no package at ledger/\(ledger)", sourceLocation: sourceLocation)
        let verified = try StewardProcess.run(["archive", "verify", package.path])
        #expect(verified.status == 0, "\(verified)", sourceLocation: sourceLocation)
        #expect(verified.stdout.hasPrefix("OK: the ledger package of \(id)"), "\(verified)", sourceLocation: sourceLocation)
    }
}
