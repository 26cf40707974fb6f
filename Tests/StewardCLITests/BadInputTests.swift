import StewardTestSupport
import Foundation
import Testing

/// Every kind of bad input gets a message naming the problem, exit code 1, and no crash.
@Suite("bad input to steward validate")
struct BadInputTests {
    /// The classic alias bomb: nine levels, each ten aliases of the one before.
    static var aliasBomb: String {
        var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"]
        var previous = "a"
        for name in names {
            let refs = Array(repeating: "*\(previous)", count: 9).joined(separator: ",")
            text += "\(name): &\(name) [\(refs)]\n"
            previous = name
        }
        return text
    }

    struct Case: CustomStringConvertible, Sendable {
        let name: String
        let bytes: [UInt8]
        let code: String
        let message: String
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "alias bomb", bytes: Array(aliasBomb.utf8), code: "yaml-limit-nodes",
             message: "expands to more than 1000000 values"),
        Case(name: "100,000 nested [", bytes: Array(repeating: UInt8(ascii: "["), count: 100_000),
             code: "yaml-limit-depth", message: "nested more than 128 levels deep"),
        Case(name: "10 MB one-line scalar", bytes: Array(("key: " + String(repeating: "x", count: 10_000_000)).utf8),
             code: "yaml-limit-size", message: "more than the limit of 8388608 bytes"),
        Case(name: "invalid UTF-8", bytes: Array("title: ".utf8) + [0xC4, 0xEA, 0xB6, 0xC8] + [10],
             code: "yaml-encoding", message: "invalid UTF-8 byte 0xC4"),
        Case(name: "binary garbage", bytes: [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0xFF, 0xFE],
             code: "yaml-nul-byte", message: "NUL byte"),
        Case(name: "empty file", bytes: [], code: "yaml-empty", message: "holds no YAML document"),
        Case(name: "duplicate keys", bytes: Array("id: plan\ntitle: A\nid: other\n".utf8),
             code: "yaml-duplicate-key", message: "the key 'id' appears twice"),
        Case(name: "tab indentation", bytes: Array("states:\n\tdraft: {}\n".utf8),
             code: "yaml-syntax", message: "a tab cannot indent YAML; use spaces"),
        Case(name: "unknown tag", bytes: Array("steps: !include other.yaml\n".utf8),
             code: "yaml-custom-tag", message: "the tag '!include' is not supported"),
        Case(name: "two documents", bytes: Array("a: 1\n---\nb: 2\n".utf8),
             code: "yaml-multiple-documents", message: "holds 2 YAML documents"),
    ]

    @Test("each bad file is refused cleanly", arguments: cases)
    func refused(_ c: Case) throws {
        try withTemporaryDirectory { dir in
            let file = dir.appendingPathComponent("bad.yaml")
            try Data(c.bytes).write(to: file)
            let result = try StewardProcess.run(["validate", file.path])
            #expect(!result.crashed)
            #expect(result.status == 1)
            #expect(result.stdout.contains("[\(c.code)]"), "\(result.stdout)")
            #expect(result.stdout.contains(c.message), "\(result.stdout)")
        }
    }

    @Test("a 10 MB scalar inside the size limit is refused by the scalar limit")
    func longScalar() throws {
        try withTemporaryDirectory { dir in
            // 1.5 MiB: under the 8 MiB input limit, over the 1 MiB scalar limit.
            let file = dir.appendingPathComponent("long.yaml")
            try Data(("key: " + String(repeating: "x", count: 1_500_000)).utf8).write(to: file)
            let result = try StewardProcess.run(["validate", file.path])
            #expect(result.status == 1)
            #expect(result.stdout.contains("long.yaml:1:6: error: this value is 1500000 bytes long"), "\(result.stdout)")
            #expect(result.stdout.contains("[yaml-limit-scalar]"))
        }
    }

    @Test("a --calendars or --workflows that is not a folder is reported, not silently ignored")
    func optionFoldersThatAreNotFolders() throws {
        try withTemporaryDirectory { dir in
            let workflow = dir.appendingPathComponent("plan.yaml")
            try Data("steward: 1\nid: plan\ntitle: 计划\nstart: done\nstates:\n  done: { type: final }\n".utf8).write(to: workflow)
            #expect(try StewardProcess.run(["validate", workflow.path]).status == 0)
            for option in ["--calendars", "--workflows"] {
                let result = try StewardProcess.run(["validate", workflow.path, option, dir.appendingPathComponent("nosuch").path])
                #expect(result.status == 1)
                #expect(result.stdout.contains("\(option) names"))
                #expect(result.stdout.contains("which is not a folder [folder-not-found]"))
            }
        }
    }

    @Test("a missing file, a folder without workflows and an unreadable file are refused")
    func pathsThatAreNotFiles() throws {
        try withTemporaryDirectory { dir in
            let missing = try StewardProcess.run(["validate", dir.appendingPathComponent("nosuch.yaml").path])
            #expect(missing.status == 1)
            #expect(missing.stdout.contains("nosuch.yaml: error: no such file; check the path and its spelling [file-not-found]"))

            let empty = dir.appendingPathComponent("empty-folder")
            try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
            let folder = try StewardProcess.run(["validate", empty.path])
            #expect(folder.status == 1)
            #expect(folder.stdout.contains("[no-workflow-files]"))

            // A socket is unreadable even for root, who can read a file with mode 000.
            let socketPath = dir.appendingPathComponent("socket.yaml").path
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (i, byte) in socketPath.utf8.prefix(raw.count - 1).enumerated() { raw[i] = byte }
            }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            defer { close(fd) }
            #expect(bound == 0)
            let socketResult = try StewardProcess.run(["validate", socketPath])
            #expect(socketResult.status == 1)
            #expect(socketResult.stdout.contains("socket.yaml: error: this is not a regular file"))
            #expect(socketResult.stdout.contains("[file-unreadable]"))

            if getuid() != 0 {
                let locked = dir.appendingPathComponent("locked.yaml")
                try Data("a: 1\n".utf8).write(to: locked)
                try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: locked.path)
                let unreadable = try StewardProcess.run(["validate", locked.path])
                #expect(unreadable.status == 1)
                #expect(unreadable.stdout.contains("permission denied"))
            }
        }
    }

    @Test("wrong usage exits 64 with argument-parser's message")
    func usage() throws {
        let result = try StewardProcess.run(["validate", "--format", "yaml", "x.yaml"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--format"))
        let unknown = try StewardProcess.run(["frobnicate"])
        #expect(unknown.status == 64)
    }
}
