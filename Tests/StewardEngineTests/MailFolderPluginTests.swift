import Foundation
import StewardYAML
import Testing

/// The example channel `plugins/mail-folder`, run as Steward will run it: one request on
/// stdin, JSON frames on stdout; the mail it writes read back with Python's `email` package.
@Suite("mail-folder plug-in")
struct MailFolderPluginTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("plugins/mail-folder")

    /// Runs `program` with python3, `input` on stdin; its exit status and stdout.
    static func python(_ arguments: [String], input: String, environment: [String: String] = [:]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        process.environment = environment.merging(["PATH": "/usr/local/bin:/usr/bin:/bin"]) { mine, _ in mine }
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self))
    }

    /// The frames of one call: each stdout line as a JSON object.
    static func call(_ request: [String: Any], environment: [String: String] = [:]) throws -> [[String: Any]] {
        let line = String(decoding: try JSONSerialization.data(withJSONObject: request), as: UTF8.self) + "\n"
        let (status, out) = try python([folder.appendingPathComponent("mail-folder.py").path], input: line, environment: environment)
        #expect(status == 0)
        return try out.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any], "not a JSON object: \($0)")
        }
    }

    static func request(outbox: URL, to people: [[String: String]]) -> [String: Any] {
        ["with": ["to": people, "subject": "2026年党建工作规划已发布", "body": "请登录查看。\n第二行",
                  "notice": "plan-1/publish/0/4"],
         "key": "plan-1/publish/0/1/4", "operation_key": "plan-1/publish/0/4",
         "places": ["outbox": outbox.path, "work": outbox.deletingLastPathComponent().appendingPathComponent("work").path]]
    }

    @Test("a mail per notice: To with the names encoded, the Subject in Chinese, a Message-ID from the operation key; written once")
    func writesMail() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("mail-folder-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let outbox = root.appendingPathComponent("outbox")
        let people = [["id": "li.ming", "name": "李明", "email": "li.ming@example.org"], ["id": "sun.hong", "name": "孙红"],
                      ["id": "zhang.wei", "name": "张伟", "email": "zhang.wei@example.org"]]
        let frames = try Self.call(Self.request(outbox: outbox, to: people), environment: ["MAIL_FROM": "工会办公室 <office@example.org>"])

        let manifest = try #require(YAMLLoader().loadSingleDocument(
            try YAMLSource.read(path: Self.folder.appendingPathComponent("plugin.yaml").path, limit: 1 << 16)).document?.root.mapping)
        #expect(frames.first?["type"] as? String == "hello" && frames.first?["protocol"] as? Int == 1)
        #expect(frames.first?["name"] as? String == manifest["name"]?.scalar?.text)
        #expect(frames.first?["version"] as? String == manifest["version"]?.scalar?.text)
        #expect(frames.dropFirst().dropLast().allSatisfy { $0["type"] as? String == "log" })
        #expect(frames.contains { $0["message"] as? String == "sun.hong has no email in the roster: not in the mail" })
        let result = try #require(frames.last)
        #expect(result["type"] as? String == "result" && result["ok"] as? Bool == true)
        let output = try #require(result["output"] as? [String: Any])
        #expect(output["skipped"] as? [String] == ["sun.hong"])
        let file = try #require(output["file"] as? String)
        let messageID = try #require(output["message_id"] as? String)

        let read = """
            import email, email.policy, email.utils, json, sys
            m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
            print(json.dumps({"from": str(m["From"]), "to": [[a.display_name, a.addr_spec] for a in m["To"].addresses],
                              "subject": str(m["Subject"]),
                              "date": email.utils.parsedate_to_datetime(m["Date"]).isoformat(),
                              "id": m["Message-ID"], "type": m.get_content_type(), "charset": m.get_content_charset(),
                              "body": m.get_content(), "defects": len(m.defects)}, ensure_ascii=False))
            """
        let mailFile = outbox.appendingPathComponent(file)
        let (status, parsed) = try Self.python(["-c", read, mailFile.path], input: "")
        #expect(status == 0, "\(parsed)")
        let mail = try #require(try JSONSerialization.jsonObject(with: Data(parsed.utf8)) as? [String: Any])
        #expect(mail["to"] as? [[String]] == [["李明", "li.ming@example.org"], ["张伟", "zhang.wei@example.org"]])
        #expect(mail["from"] as? String == "工会办公室 <office@example.org>")
        #expect(mail["subject"] as? String == "2026年党建工作规划已发布")
        #expect(mail["id"] as? String == messageID)
        #expect(mail["type"] as? String == "text/plain" && mail["charset"] as? String == "utf-8")
        #expect(mail["body"] as? String == "请登录查看。\r\n第二行\r\n", "text in MIME's canonical form: CRLF line ends")
        #expect(mail["defects"] as? Int == 0)
        #expect((mail["date"] as? String)?.hasSuffix("+00:00") == true)
        let bytes = try Data(contentsOf: mailFile)
        #expect(bytes.allSatisfy { $0 < 0x80 }, "headers and body are 7-bit: RFC 2047 words and base64")
        #expect(String(decoding: bytes, as: UTF8.self).contains("\r\nSubject: =?utf-8?"))

        // The same notice again (a retry): the mail is there; nothing is written twice.
        let again = try Self.call(Self.request(outbox: outbox, to: people))
        #expect((again.last?["output"] as? [String: Any])?["file"] as? String == file)
        #expect(again.contains { ($0["message"] as? String)?.hasSuffix("is there already (notice plan-1/publish/0/4)") == true })
        #expect(try Data(contentsOf: mailFile) == bytes)
        #expect(try FileManager.default.contentsOfDirectory(atPath: mailFile.deletingLastPathComponent().path) == [mailFile.lastPathComponent])
    }

    @Test("a request it cannot carry out is a result with ok false, not retryable", arguments: [
        ("not json", "the request is not JSON"),
        (#"{"with":{"to":"li.ming","subject":"s","notice":"n"},"places":{"outbox":"/tmp"}}"#, "'to' must be a list of people"),
        (#"{"with":{"to":[{"id":"x","email":"a b@x.org"}],"subject":"s","notice":"n"},"places":{"outbox":"/tmp/mf-never"}}"#,
         "is not a mail address"),
    ])
    func refuses(request: String, message: String) throws {
        let (status, out) = try Self.python([Self.folder.appendingPathComponent("mail-folder.py").path], input: request + "\n")
        #expect(status == 0)
        let last = try #require(out.split(separator: "\n").last)
        let result = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        let error = try #require(result["error"] as? [String: Any])
        #expect(result["ok"] as? Bool == false && error["kind"] as? String == "bad-request" && error["retryable"] as? Bool == false)
        #expect((error["message"] as? String)?.contains(message) == true, "\(error)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/mf-never"))
    }
}
