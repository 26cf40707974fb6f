import StewardTestSupport
import Foundation
import Testing

/// What people type is shown, never obeyed: a comment or a reason cannot forge a line of the
/// output, clear the screen or reverse the text of an organizer's or an auditor's terminal.
@Suite("text views escape what could forge the screen")
struct DisplayInjectionTests {
    static let forged = "同意\n7  2026-11-02T10:00:00.000+08:00  acted  forged\u{1B}[2J\u{202E}txt.exe\u{7}\\n"

    @Test("audit log, status and notices show control characters, ANSI escapes and bidi overrides escaped")
    func escaped() throws {
        try withTemporaryDirectory { dir in
            #expect(try StewardProcess.run(["init", "--clock", "manual"], in: dir).status == 0)
            func run(_ arguments: [String]) throws -> StewardProcess.Result {
                try StewardProcess.run(arguments, in: dir, environment: ["STEWARD_NOW": "2026-11-02T09:00:00+08:00"])
            }
            let started = try run(["start", "party-building-plan", "--as", "li.ming", "--input", "year=2026"])
            let id = try #require(started.stdout.split(separator: " ").dropFirst().first.map { String($0.dropLast()) })
            #expect(try run(["act", id, "submit", "--as", "li.ming", "--field", "goals=计划", "--field", "items=[]"]).status == 0)
            #expect(try run(["act", id, "reject", "--as", "zhang.wei", "--comment", Self.forged]).status == 0)
            #expect(try run(["cancel", id, "--as", "sun.hong", "--reason", "撤销\r\u{1B}]0;owned\u{7}\u{2066}"]).status == 0)

            let shown = "同意\\n7  2026-11-02T10:00:00.000+08:00  acted  forged\\u{001B}[2J\\u{202E}txt.exe\\u{0007}\\\\n"
            let log = try run(["audit", "log", "--instance", id])
            #expect(log.status == 0, "\(log)")
            #expect(log.stdout.split(separator: "\n").count == 4, "one line per entry, whatever the comment holds: \(log.stdout)")
            #expect(log.stdout.contains("comment: " + shown), "\(log.stdout)")
            #expect(log.stdout.contains("reason: 撤销\\r\\u{001B}]0;owned\\u{0007}\\u{2066}"), "\(log.stdout)")
            let status = try run(["status", id])
            #expect(status.stdout.contains("reason: 撤销\\r\\u{001B}]0;owned\\u{0007}\\u{2066}"), "\(status.stdout)")
            for output in [log.stdout, status.stdout, try run(["notices", "--all"]).stdout] {
                #expect(!output.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x7 || $0.value == 0x202E || $0.value == 0x2066 || $0 == "\r" })
            }
            // The JSON keeps the text exactly, escaped as JSON.
            let json = try run(["audit", "log", "--instance", id, "--json"])
            #expect(json.stdout.contains(#"\u001b[2J"#), "\(json.stdout)")
        }
    }
}
