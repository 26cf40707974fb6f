import StewardTestSupport
import Foundation
import StewardEngine
import StewardTime
import Testing

extension StewardProcesses {
    /// examples/verify-trail.py, written from docs/trail-format.md alone, agrees with
    /// `steward audit verify` on a real export: it passes a sound one and fails each kind
    /// of tampering, with the documented exit codes.
    @Suite("the Python verifier of docs/trail-format.md")
    struct PythonVerifierTests {
        static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/verify-trail.py")
        static let now = Instant.at("2026-11-02T09:00:00+08:00")

        /// Runs the script with `arguments` in the project folder.
        func python(_ arguments: [String], in project: TestProject) throws -> StewardProcess.Result {
            try StewardProcess.Running(["python3", Self.script.path] + arguments, in: project.root, environment: [:],
                                       executable: URL(fileURLWithPath: "/usr/bin/env")).wait()
        }

        /// A project with a 30-entry trail, a signed checkpoint of it, and its export.
        func project() throws -> TestProject {
            let project = try TestProject(workflows: ["sign-off": TestProject.signOff])
            #expect(try project.steward(["audit", "keygen", "office.key"]).status == 0)
            try project.signOff(15, at: Self.now, comment: "同意，请办理。")
            #expect(try project.steward(["audit", "checkpoint", "--out", "early.checkpoint"]).status == 0)
            _ = try project.engine(at: Self.now).start(workflow: "sign-off", inputs: [:], actor: .engine(account: "test", host: "test"))
            #expect(try project.steward(["audit", "checkpoint", "--out", "cp.checkpoint", "--signing-key", "office.key"]).status == 0)
            #expect(try project.steward(["audit", "export", "--out", "trail.jsonl"]).status == 0)
            return project
        }

        /// The export with its lines changed by `edit`, written to `name`.
        func edited(_ project: TestProject, _ name: String, _ edit: (inout [String]) -> Void) throws {
            let text = try String(contentsOf: project.root.appendingPathComponent("trail.jsonl"), encoding: .utf8)
            var lines = text.split(separator: "\n").map(String.init)
            edit(&lines)
            try (lines.joined(separator: "\n") + "\n").write(to: project.root.appendingPathComponent(name), atomically: true,
                                                             encoding: .utf8)
        }

        @Test("a sound export verifies (0), the signature is said not to be checked; the same as steward says")
        func sound() throws {
            let project = try project()
            defer { project.remove() }
            let result = try python(["trail.jsonl", "early.checkpoint", "cp.checkpoint"], in: project)
            #expect(result.status == 0, "\(result)")
            let steward = try project.steward(["audit", "verify", "--file", "trail.jsonl", "--checkpoint", "cp.checkpoint"])
            let root = steward.stdout.split(separator: "\n").first.map { $0.split(separator: " ").last.map(String.init) ?? "" }
            #expect(result.stdout.hasPrefix("OK: 31 entries, 2 checkpoints, root \(root ?? "?")\n"), "\(result)\n\(steward)")
            #expect(result.stdout.contains("signature: not checked: Python's standard library has no Ed25519"), "\(result)")
            // The checkpoint was signed with --signing-key, a key steward.yaml does not name: steward checks it.
            let signed = try project.steward(["audit", "verify", "--file", "trail.jsonl", "--checkpoint", "cp.checkpoint",
                                              "--key", "office.key.pub"])
            #expect(signed.stdout.contains("signature: verified with key"), "\(signed)")
            let bare = try python(["trail.jsonl"], in: project)
            #expect(bare.status == 0)
            #expect(bare.stdout.contains("warning: not anchored"), "\(bare)")
        }

        @Test("an altered entry, a removed entry, a checkpoint larger than the trail: exit 1, as steward says")
        func tampered() throws {
            let project = try project()
            defer { project.remove() }
            try edited(project, "altered.jsonl") { $0[11] = $0[11].replacingOccurrences(of: "\"ann\"", with: "\"bob\"") }
            try edited(project, "removed.jsonl") { $0.remove(at: 20) }
            try edited(project, "cut.jsonl") { $0.removeLast(3) }
            let cases: [(file: String, checkpoint: String?, says: String)] = [
                ("altered.jsonl", nil, "FAILED: entry 12 was altered"),
                ("removed.jsonl", nil, "FAILED: entry 21 is missing or out of place"),
                ("cut.jsonl", "cp.checkpoint", "FAILED: the trail ends after entry 28, but the checkpoint cp.checkpoint covers 31 entries"),
            ]
            for c in cases {
                let arguments = [c.file] + (c.checkpoint.map { [$0] } ?? [])
                let result = try python(arguments, in: project)
                #expect(result.status == 1, "\(c.file): \(result)")
                #expect(result.stdout.contains(c.says), "\(c.file): \(result)")
                let steward = try project.steward(["audit", "verify", "--file", c.file] + (c.checkpoint.map { ["--checkpoint", $0] } ?? []))
                #expect(steward.status == 1, "steward agrees on \(c.file): \(steward)")
            }
            // A trail cut below the checkpoint and a checkpoint that names another previous root.
            let checkpoint = try String(contentsOf: project.root.appendingPathComponent("cp.checkpoint"), encoding: .utf8)
            var lines = checkpoint.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines[6] = String(repeating: "0", count: 64)
            try lines.joined(separator: "\n").write(to: project.root.appendingPathComponent("relinked.checkpoint"),
                                                    atomically: true, encoding: .utf8)
            let relinked = try python(["trail.jsonl", "relinked.checkpoint"], in: project)
            #expect(relinked.status == 1, "\(relinked)")
            #expect(relinked.stdout.contains("do not match the previous checkpoint that relinked.checkpoint names"), "\(relinked)")
        }

        @Test("wrong usage is 64, a missing file 3, a malformed checkpoint 1 naming its line")
        func usage() throws {
            let project = try project()
            defer { project.remove() }
            #expect(try python([], in: project).status == 64)
            #expect(try python(["no-such.jsonl"], in: project).status == 3)
            #expect(try python(["trail.jsonl", "no-such.checkpoint"], in: project).status == 3)
            try "steward-trail-checkpoint v2\nx\n01\n".write(to: project.root.appendingPathComponent("bad.checkpoint"),
                                                             atomically: true, encoding: .utf8)
            let bad = try python(["trail.jsonl", "bad.checkpoint"], in: project)
            #expect(bad.status == 1, "\(bad)")
            #expect(bad.stdout.contains("bad.checkpoint: line"), "\(bad)")
        }

        /// The fenced block after `<!-- vector: NAME -->` in docs/trail-format.md.
        static func vector(_ name: String) throws -> String {
            let document = script.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/trail-format.md")
            let text = try String(contentsOf: document, encoding: .utf8)
            let start = try #require(text.range(of: "<!-- vector: \(name) -->\n```\n"))
            let end = try #require(text.range(of: "```\n", range: start.upperBound..<text.endIndex))
            return String(text[start.upperBound..<end.lowerBound])
        }

        @Test("the documented trail in two chains verifies against its version 3 checkpoint; an edit or a cut names the chain")
        func chains() throws {
            let project = try TestProject(workflows: [:])
            defer { project.remove() }
            let entries = try Self.vector("chains-entries")
            let checkpoint = try Self.vector("chains-checkpoint")
            func write(_ text: String, _ name: String) throws {
                try text.write(to: project.root.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
            try write(entries, "chains.jsonl")
            try write(checkpoint, "chains.checkpoint")
            let root = try #require(checkpoint.split(separator: "\n").dropFirst(3).first)
            let sound = try python(["chains.jsonl", "chains.checkpoint"], in: project)
            #expect(sound.status == 0, "\(sound)")
            #expect(sound.stdout.hasPrefix("OK: 5 entries in 2 chains, 1 checkpoints, root \(root)\n"), "\(sound)")
            var lines = entries.split(separator: "\n").map(String.init)
            try write(lines.dropLast().joined(separator: "\n") + "\n", "cut.jsonl")
            lines[4] = lines[4].replacingOccurrences(of: "2027", with: "2028")
            try write(lines.joined(separator: "\n") + "\n", "altered.jsonl")
            let altered = try python(["altered.jsonl"], in: project)
            #expect(altered.status == 1, "\(altered)")
            #expect(altered.stdout.contains("FAILED: chain 1: entry 1 was altered"), "\(altered)")
            let cut = try python(["cut.jsonl", "chains.checkpoint"], in: project)
            #expect(cut.status == 1, "\(cut)")
            #expect(cut.stdout.contains("FAILED: chain 1: the chain ends after entry 0"), "\(cut)")
            // A checkpoint whose total does not match its chains' lines is refused, naming the line.
            try write(checkpoint.replacingOccurrences(of: "\n5\n", with: "\n6\n"), "bad.checkpoint")
            let bad = try python(["chains.jsonl", "bad.checkpoint"], in: project)
            #expect(bad.status == 1, "\(bad)")
            #expect(bad.stdout.contains("bad.checkpoint: line 3"), "\(bad)")
        }
    }
}
