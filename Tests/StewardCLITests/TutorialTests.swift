import Foundation
import StewardTestSupport
import Testing

/// docs/tutorial.md, done as an organizer would: its workflow and test files are the ones
/// written into a new project, and every `steward` command it shows is run here, with the
/// answers it promises.
@Suite("the tutorial", .serialized)
struct TutorialTests {
    static let text: String = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/tutorial.md")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    /// The files the tutorial has the reader write: `<!-- tutorial: PATH -->` then a YAML block.
    static func files() -> [(path: String, text: String)] {
        let lines = text.components(separatedBy: "\n")
        var found: [(String, String)] = []
        for (index, line) in lines.enumerated() where line.hasPrefix("<!-- tutorial: ") {
            let path = String(line.dropFirst("<!-- tutorial: ".count).dropLast(" -->".count))
            let body = lines[(index + 2)...].prefix { $0 != "```" }
            found.append((path, body.joined(separator: "\n") + "\n"))
        }
        return found
    }

    /// Every `steward …` line of the tutorial's shell blocks, without comments and pipes.
    static func commands() -> [String] {
        var inShell = false
        var found: [String] = []
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("```") { inShell = line == "```sh"; continue }
            guard inShell, line.hasPrefix("steward ") else { continue }
            let command = line.components(separatedBy: " #")[0].components(separatedBy: " |")[0]
            found.append(command.trimmingCharacters(in: .whitespaces))
        }
        return found
    }

    @Test("its files validate and pass their tests, and every command it shows does what it says")
    func followed() throws {
        let files = Self.files()
        #expect(files.map(\.path) == ["workflows/hardship-aid.yaml", "workflows/tests/hardship-aid.test.yaml"])
        try withTemporaryDirectory { dir in
            var ran: [String] = []
            var now = "2026-11-02T09:00:00+08:00"
            var ids: [String: String] = [:]
            @discardableResult
            func steward(_ line: String, exit: Int32 = 0) throws -> StewardProcess.Result {
                ran.append(line)
                var arguments = line.split(separator: " ").dropFirst().map(String.init)
                arguments = arguments.map { ids[$0] ?? $0 }
                let result = try StewardProcess.run(arguments, in: dir, environment: ["STEWARD_NOW": now])
                #expect(result.status == exit, "\(line): \(result)")
                return result
            }
            try steward("steward init --clock manual")
            for file in files {
                let url = dir.appendingPathComponent(file.path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.text.utf8).write(to: url)
            }
            #expect(try steward("steward validate").stderr.contains("no problems"))
            #expect(try steward("steward graph workflows/hardship-aid.yaml --detail").stdout.contains("督办：due → 转交 角色 工会委员会 (union-committee)"))
            #expect(try steward("steward graph workflows/hardship-aid.yaml --detail --format dot").stdout.hasPrefix("digraph"))
            let tested = try steward("steward test").stdout
            #expect(tested.contains("PASS  审核、审批后告知申请人并归档") && tested.contains("passed, 0 failed"), "\(tested)")

            let started = try steward("steward start hardship-aid --as li.ming --input worker=zhang.wei --input amount=800 --input reason=家人住院")
            let first: String = try #require(started.stdout.split(separator: " ").dropFirst().first.map { String($0.dropLast()) })
            ids["ID"] = first
            #expect(try steward("steward tasks --as li.ming").stdout.contains("填写：审核意见 (opinion) text 必填"))
            #expect(try steward("steward act ID approve --as li.ming", exit: 2).stderr.contains("审核意见 (opinion)"))
            try steward("steward act ID approve --field opinion=情况属实 --as li.ming")
            #expect(try steward("steward act ID approve --state approval --as li.ming", exit: 2).stderr.contains("not-eligible"))
            #expect(try steward("steward tasks --as sun.hong").stdout.contains("支部书记审批"))
            try steward("steward act ID approve --as sun.hong")
            try steward("steward tick")
            #expect(try steward("steward status ID").stdout.contains("completed"))
            #expect(try steward("steward notices --as zhang.wei").stdout.contains("您的帮扶申请已批准：800元"))
            let package = "ledger/帮扶台账/2026/\(first).zip"
            #expect(try steward("steward archive verify \(package)").stdout.hasPrefix("OK"))
            ran.removeLast()

            let second = try steward("steward start hardship-aid --as li.ming --input worker=zhou.min --input amount=500 --input reason=子女上学")
            let next: String = try #require(second.stdout.split(separator: " ").dropFirst().first.map { String($0.dropLast()) })
            ids["ID2"] = next
            try steward("steward act ID2 approve --field opinion=属实 --as li.ming")
            now = "2026-11-05T10:00:00+08:00"
            try steward("steward tick")
            #expect(try steward("steward tasks --as zhang.wei").stdout.contains("逾期督办转交"))
            #expect(try steward("steward notices --as sun.hong").stdout.contains("「支部书记审批」已逾期，转由"))
            ran.removeLast()

            #expect(try steward("steward audit verify").stdout.hasPrefix("OK"))
            try steward("steward audit report --instance ID --format html --output 帮扶审计.html")
            let report = try String(contentsOf: dir.appendingPathComponent("帮扶审计.html"), encoding: .utf8)
            #expect(report.contains("困难职工帮扶") && report.contains("审核意见 (opinion)"))
            let year = try steward("steward audit report --since 2026-01-01 --until 2026-12-31 --format md").stdout
            #expect(year.contains(next))
            ran.removeLast()

            // Nothing the tutorial tells the reader to run was left out here.
            let shown = Self.commands()
            #expect(shown.count >= 15)
            for command in shown where !command.hasPrefix("steward init") {
                #expect(ran.contains(command), "the tutorial's '\(command)' is not followed by this test")
            }
        }
    }
}
