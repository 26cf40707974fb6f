import StewardTestSupport
import Foundation
import Testing

/// `steward audit log` tells an auditor who did what, when, under which definition and why;
/// a date in `--since` is a day in the office's time zone.
@Suite("audit log as text")
struct AuditLogTests {
    @Test("each line says why: the action, the comment, the refusal, the reason; and the definition")
    func why() throws {
        try withTemporaryDirectory { dir in
            #expect(try StewardProcess.run(["init", "--clock", "manual"], in: dir).status == 0)
            func run(_ arguments: [String], at time: String) throws -> StewardProcess.Result {
                try StewardProcess.run(arguments, in: dir, environment: ["STEWARD_NOW": time])
            }
            let started = try run(["start", "party-building-plan", "--as", "li.ming", "--input", "year=2026"], at: "2026-11-02T09:00:00+08:00")
            let id = try #require(started.stdout.split(separator: " ").dropFirst().first.map { String($0.dropLast()) })
            let items = "items=[{name: 理论学习, owner: zhang.wei}]"
            #expect(try run(["act", id, "submit", "--as", "li.ming", "--field", "goals=计划", "--field", items],
                            at: "2026-11-02T10:00:00+08:00").status == 0)
            #expect(try run(["act", id, "approve", "--as", "li.ming"], at: "2026-11-03T07:00:00+08:00").status == 2)
            #expect(try run(["act", id, "reject", "--as", "zhang.wei", "--comment", "请补充预算"],
                            at: "2026-11-03T07:30:00+08:00").status == 0)
            #expect(try run(["cancel", id, "--reason", "计划合并", "--as", "sun.hong"], at: "2026-11-04T09:00:00+08:00").status == 0)

            let log = try run(["audit", "log"], at: "2026-11-05T09:00:00+08:00")
            #expect(log.status == 0, "\(log)")
            let lines = log.stdout.split(separator: "\n").map(String.init)
            #expect(lines.count == 5, "\(log.stdout)")
            #expect(lines.allSatisfy { $0.range(of: "  def [0-9a-f]{12}", options: .regularExpression) != nil })
            #expect(lines[1].contains("— 'submit'  [clock: STEWARD_NOW=2026-11-02T10:00:00+08:00]"), "\(lines[1])")
            #expect(lines.allSatisfy { $0.hasSuffix("]") && $0.contains("[clock: STEWARD_NOW=") }, "entries under a fixed clock say so")
            #expect(lines[2].contains("refused (not-eligible): li.ming is not among the people"), "\(lines[2])")
            #expect(lines[3].contains("'reject'; comment: 请补充预算"), "\(lines[3])")
            #expect(lines[4].contains("reason: 计划合并"), "\(lines[4])")

            // 2026-11-03 starts at midnight in Shanghai: the refusal at 07:00 there is in it
            // (it is still 2 November in UTC).
            let since = try run(["audit", "log", "--since", "2026-11-03", "--until", "2026-11-04"], at: "2026-11-05T09:00:00+08:00")
            #expect(since.stdout.split(separator: "\n").map { $0.split(separator: " ")[0] } == ["3", "4"], "\(since.stdout)")
        }
    }

    @Test("checkpoint and export refuse a path that cannot be their file before doing anything")
    func outPaths() throws {
        try withTemporaryDirectory { dir in
            #expect(try StewardProcess.run(["init", "--clock", "manual"], in: dir).status == 0)
            let now = ["STEWARD_NOW": "2026-11-02T09:00:00+08:00"]
            #expect(try StewardProcess.run(["start", "party-building-plan", "--as", "li.ming", "--input", "year=2026"], in: dir, environment: now).status == 0)
            for arguments in [["audit", "checkpoint", "--out", dir.path], ["audit", "checkpoint", "--out", "no/such/folder/cp.txt"],
                              ["audit", "export", "--out", dir.path]] {
                let result = try StewardProcess.run(arguments, in: dir, environment: now)
                #expect(result.status == 5, "\(arguments): \(result)")
                #expect(result.stderr.contains("is a folder") || result.stderr.contains("there is no folder"), "\(result)")
            }
            // No checkpoint was recorded by the refused commands.
            let verify = try StewardProcess.run(["audit", "verify"], in: dir, environment: now)
            #expect(verify.stdout.contains("checkpoints it records: 0,"), "\(verify)")
        }
    }

    @Test("--out never destroys what it should protect: the store, links, devices, existing or read-only files")
    func outProtects() throws {
        try withTemporaryDirectory { dir in
            #expect(try StewardProcess.run(["init", "--clock", "manual"], in: dir).status == 0)
            let now = ["STEWARD_NOW": "2026-11-02T09:00:00+08:00"]
            func run(_ arguments: [String]) throws -> StewardProcess.Result { try StewardProcess.run(arguments, in: dir, environment: now) }
            #expect(try run(["start", "party-building-plan", "--as", "li.ming", "--input", "year=2026"]).status == 0)
            let store = dir.appendingPathComponent(".steward/steward.db")
            let storeBytes = try Data(contentsOf: store)
            for target in [".steward/steward.db", ".steward/steward.db-wal", "./.steward/../.steward/steward.db"] {
                let result = try run(["audit", "export", "--out", target, "--force"])
                #expect(result.status == 64, "\(target): \(result)")
                #expect(result.stderr.contains("is the store"), "\(result)")
            }
            #expect(try Data(contentsOf: store) == storeBytes, "the store is untouched")
            #expect(try run(["audit", "verify"]).status == 0)

            // A symbolic link (even to a harmless file) and a device are not files to write.
            try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("to-store").path, withDestinationPath: store.path)
            #expect(try run(["audit", "export", "--out", "to-store", "--force"]).status == 64, "a link to the store is the store")
            try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link").path,
                                                       withDestinationPath: dir.appendingPathComponent("roster.yaml").path)
            let linked = try run(["audit", "export", "--out", "link", "--force"])
            #expect(linked.status == 5 && linked.stderr.contains("symbolic link"), "\(linked)")
            let device = try run(["audit", "export", "--out", "/dev/null", "--force"])
            #expect(device.status == 5 && device.stderr.contains("not a regular file"), "\(device)")

            // An existing file is kept unless --force; then replaced whole.
            let existing = dir.appendingPathComponent("trail.jsonl")
            try Data("keep me\n".utf8).write(to: existing)
            let kept = try run(["audit", "export", "--out", "trail.jsonl"])
            #expect(kept.status == 4 && kept.stderr.contains("--force replaces it"), "\(kept)")
            #expect(try String(contentsOf: existing, encoding: .utf8) == "keep me\n")
            #expect(try run(["audit", "export", "--out", "trail.jsonl", "--force"]).status == 0)
            #expect(try String(contentsOf: existing, encoding: .utf8).hasPrefix("{\"seq\":1,"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).allSatisfy { !$0.hasSuffix(".tmp") })

            // A read-only file is not replaced, even with --force; a checkpoint refused is not recorded.
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: existing.path)
            let readOnly = try run(["audit", "export", "--out", "trail.jsonl", "--force"])
            #expect(readOnly.status == 5 && readOnly.stderr.contains("is read-only"), "\(readOnly)")
            let checkpoint = try run(["audit", "checkpoint", "--out", "trail.jsonl"])
            #expect(checkpoint.status == 4, "\(checkpoint)")
            #expect(try run(["audit", "verify"]).stdout.contains("checkpoints it records: 0,"))
        }
    }
}
