import Foundation
import StewardPlugins
import StewardTestSupport
import Testing

/// A path a workflow or a plug-in gives a handler stays inside its folder.
@Suite("safe paths")
struct SafePathTests {
    /// A folder with `documents/` (the base) and a sibling `documents-evil/` beside it.
    func withFolders(_ body: (URL, URL) throws -> Void) throws {
        try withTemporaryDirectory { dir in
            let base = dir.appendingPathComponent("documents")
            let sibling = dir.appendingPathComponent("documents-evil")
            try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: sibling, withIntermediateDirectories: true)
            try body(base, sibling)
        }
    }

    func refusal(_ body: () throws(StepFailure) -> URL) -> StepFailure? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    @Test("'..', an absolute path, empty and '.' steps and control characters are refused, naming the path and why",
          arguments: [("../x.md", "'..'"), ("a/../../x.md", "'..'"), ("../documents-evil/x.md", "'..'"),
                      ("/etc/passwd", "absolute"), ("a//b.md", "empty step"), ("a/", "empty step"), ("./a.md", "'.'"),
                      ("", "empty"), ("a\u{1B}[2J.md", "U+001B"), ("a\nb.md", "U+000A")])
    func refusedText(path: String, reason: String) throws {
        try withFolders { base, sibling in
            let failure = try #require(refusal { () throws(StepFailure) in
                try SafePath.fileForWriting(path, in: base, what: "the output")
            })
            #expect(failure.kind == "path")
            #expect(!failure.retryable)
            #expect(failure.message.contains(reason), "\(failure.message)")
            #expect(failure.message.hasPrefix("the output "), "\(failure.message)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: sibling.path).isEmpty)
        }
    }

    @Test("a path inside the folder is made step by step and stays there")
    func inside() throws {
        try withFolders { base, _ in
            let file = try SafePath.fileForWriting("2026/计划/plan.md", in: base, what: "the output")
            #expect(file.path == base.appendingPathComponent("2026/计划/plan.md").path)
            var isFolder: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: base.appendingPathComponent("2026/计划").path, isDirectory: &isFolder))
            #expect(isFolder.boolValue)
        }
    }

    @Test("a link to a folder outside, anywhere below the base, is refused and nothing is made through it")
    func linkedFolder() throws {
        try withFolders { base, sibling in
            try FileManager.default.createSymbolicLink(at: base.appendingPathComponent("shared"), withDestinationURL: sibling)
            for path in ["shared/x.md", "shared/deeper/x.md"] {
                let failure = try #require(refusal { () throws(StepFailure) in
                    try SafePath.fileForWriting(path, in: base, what: "the output")
                })
                #expect(failure.message.contains("'shared' is a link"), "\(failure.message)")
            }
            let reading = try #require(refusal { () throws(StepFailure) in
                try SafePath.fileForReading("shared/x.md", in: base, what: "the template")
            })
            #expect(reading.message.contains("'shared' is a link"), "\(reading.message)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: sibling.path).isEmpty)
        }
    }

    @Test("a link where the file is, to a file outside, is neither written through nor read")
    func linkedFile() throws {
        try withFolders { base, sibling in
            let secret = sibling.appendingPathComponent("secret.txt")
            try Data("secret\n".utf8).write(to: secret)
            try FileManager.default.createSymbolicLink(at: base.appendingPathComponent("plan.md"), withDestinationURL: secret)
            let writing = try #require(refusal { () throws(StepFailure) in
                try SafePath.fileForWriting("plan.md", in: base, what: "the output")
            })
            #expect(writing.message.contains("is a link"), "\(writing.message)")
            let reading = try #require(refusal { () throws(StepFailure) in
                try SafePath.fileForReading("plan.md", in: base, what: "the template")
            })
            #expect(reading.message.contains("is a link"), "\(reading.message)")
            #expect(try String(contentsOf: secret, encoding: .utf8) == "secret\n")
        }
    }

    @Test("a file missing from the templates folder is a failure that says so, not retryable")
    func missingFile() throws {
        try withFolders { base, _ in
            let failure = try #require(refusal { () throws(StepFailure) in
                try SafePath.fileForReading("nope.md", in: base, what: "the template")
            })
            #expect(failure.message.contains("does not exist"), "\(failure.message)")
            #expect(!failure.retryable)
        }
    }
}
