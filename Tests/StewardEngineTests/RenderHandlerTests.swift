import Foundation
import StewardAudit
import StewardExpressions
import StewardPlugins
import StewardTestSupport
import Testing

/// `render`: a document from a template of the templates folder, into the instance's documents folder.
@Suite("render")
struct RenderHandlerTests {
    static let data: ExpressionValue = .object([
        "year": .integer(2026), "goals": .string("<script>alert(1)</script> & 学习"),
        "items": .list([.object(["name": .string("理论学习"), "owner": .string("zhang.wei")]),
                        .object(["name": .string("组织建设"), "owner": .string("chen.jing")])]),
        "approved": .bool(true), "note": .null,
    ])

    /// A project folder with `templates/` holding `templates`, and a request for `render`.
    struct Place {
        let root: URL
        var templates: URL { root.appendingPathComponent("templates") }
        var documents: URL { root.appendingPathComponent("documents") }

        func request(_ arguments: ExpressionObject) -> StepRequest {
            StepRequest(key: "i1/document/0/1/1", operationKey: "i1/document/0/1", instance: "i1", workflow: "plan",
                        state: "document", attempt: 1, arguments: .object(arguments),
                        places: HandlerPlaces(outbox: root.appendingPathComponent("outbox"),
                                              ledger: root.appendingPathComponent("ledger"), documents: documents,
                                              templates: templates, work: root.appendingPathComponent("work")),
                        deadline: .now + .seconds(30))
        }

        func call(template: String, output: String, data: ExpressionValue = RenderHandlerTests.data,
                  format: String? = nil) async -> StepOutcome {
            var arguments: ExpressionObject = ["template": .string(template), "output": .string(output), "data": data]
            if let format { arguments["format"] = .string(format) }
            return await RenderHandler().call(request(arguments))
        }

        func document(_ name: String) throws -> String {
            try String(contentsOf: documents.appendingPathComponent("i1/" + name), encoding: .utf8)
        }
    }

    func withTemplates(_ templates: [String: String], _ body: (Place) async throws -> Void) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("render-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let place = Place(root: root)
        try FileManager.default.createDirectory(at: place.templates, withIntermediateDirectories: true)
        for (name, text) in templates { try Data(text.utf8).write(to: place.templates.appendingPathComponent(name)) }
        try await body(place)
    }

    func failure(_ outcome: StepOutcome) throws -> StepFailure {
        guard case .failure(let failure) = outcome.result else {
            Issue.record("expected a failure, got \(outcome)")
            throw CancellationError()
        }
        return failure
    }

    static let plan = """
        # {{year}}年计划

        {{goals}}
        {{#items}}
        - {{name}}（{{owner}}）
        {{/items}}
        {{#approved}}已批准{{/approved}}{{^note}}（无备注）{{/note}}

        """

    @Test("a Markdown document: values filled in, lists iterated, '<' '>' '&' escaped so no HTML opens, the path and hash returned")
    func markdown() async throws {
        try await withTemplates(["plan.md": Self.plan]) { place in
            let outcome = await place.call(template: "plan.md", output: "2026年计划.md")
            let text = try place.document("2026年计划.md")
            #expect(text == """
                # 2026年计划

                &lt;script&gt;alert(1)&lt;/script&gt; &amp; 学习
                - 理论学习（zhang.wei）
                - 组织建设（chen.jing）
                已批准（无备注）

                """)
            let digest = MerkleHash(sha256: Array(text.utf8)).hex
            #expect(outcome == .success(.object(["path": .string("i1/2026年计划.md"), "sha256": .string(digest)])))
            // The same template and data again: the same bytes, the same answer.
            #expect(await place.call(template: "plan.md", output: "2026年计划.md") == outcome)
        }
    }

    @Test("an HTML document escapes values as HTML, quotes included; triple braces are the template's choice")
    func html() async throws {
        try await withTemplates(["page.html": "<p title=\"{{goals}}\">{{goals}}</p>{{{year}}}\n"]) { place in
            let outcome = await place.call(template: "page.html", output: "page.html")
            guard case .success = outcome.result else { Issue.record("\(outcome)"); return }
            let text = try place.document("page.html")
            #expect(text == "<p title=\"&lt;script&gt;alert(1)&lt;/script&gt; &amp; 学习\">&lt;script&gt;alert(1)&lt;/script&gt; &amp; 学习</p>2026\n")
            #expect(!text.contains("<script>"))
        }
    }

    @Test("a Markdown template whose first line is blank keeps it")
    func leadingBlankLine() async throws {
        try await withTemplates(["blank.md": "\n{{year}}\n"]) { place in
            _ = await place.call(template: "blank.md", output: "blank.md")
            let text = try place.document("blank.md")
            #expect(text == "\n2026\n")
        }
    }

    @Test("a name the data lacks fails the step, naming the name, its line and the section it is in; nothing is written")
    func missingName() async throws {
        try await withTemplates(["plan.md": "# {{year}}\n{{#items}}\n- {{name}} {{deadline}}\n{{/items}}\n{{goal}}\n"]) { place in
            let failure = try failure(await place.call(template: "plan.md", output: "plan.md"))
            #expect(failure.kind == "template")
            #expect(!failure.retryable)
            #expect(failure.message.contains("'deadline' at line 3:12 (inside 'items')"), "\(failure.message)")
            #expect(failure.message.contains("'goal' at line 5:1"), "\(failure.message)")
            #expect(failure.message.contains("the template 'plan.md'"), "\(failure.message)")
            #expect(!FileManager.default.fileExists(atPath: place.documents.appendingPathComponent("i1/plan.md").path))
        }
    }

    @Test("names are found after the delimiters change")
    func delimiters() async throws {
        try await withTemplates(["d.md": "{{=<% %>=}}<% year %> <% nope %> {{year}}"]) { place in
            let failure = try failure(await place.call(template: "d.md", output: "d.md"))
            #expect(failure.message.contains("'nope' at line 1:23"), "\(failure.message)")
            #expect(!failure.message.contains("'year'"), "\(failure.message)")
        }
    }

    @Test("a dotted name is looked up whole: 'owner.name' fails when the owner is text")
    func dottedName() async throws {
        try await withTemplates(["t.md": "{{#items}}{{owner.name}}{{/items}}"]) { place in
            let failure = try failure(await place.call(template: "t.md", output: "t.md"))
            #expect(failure.message.contains("'owner.name' at line 1:11"), "\(failure.message)")
        }
    }

    @Test("a syntax error names the template file, the line and the column",
          arguments: [("a\n{{#items}}\nx\n", "line 4:1", "not closed"), ("ok\n  {{/items}}\n", "line 2:", "closing tag"),
                      ("{{#a}}{{/b}}", "line 1:", "closing tag")])
    func syntaxError(text: String, place expected: String, reason: String) async throws {
        try await withTemplates(["bad.md": text]) { place in
            let failure = try failure(await place.call(template: "bad.md", output: "bad.md", data: .object(["a": .bool(true)])))
            #expect(failure.kind == "template")
            #expect(failure.message.hasPrefix("the template 'bad.md' \(expected)"), "\(failure.message)")
            #expect(failure.message.contains(reason), "\(failure.message)")
        }
    }

    @Test("partials and transforms are refused with their place")
    func refusedTags() async throws {
        try await withTemplates(["p.md": "x\n{{> header}}\n", "t.md": "{{uppercased(goals)}}"]) { place in
            let partial = try failure(await place.call(template: "p.md", output: "p.md"))
            #expect(partial.message.contains("line 2:1: partials and blocks"), "\(partial.message)")
            let transform = try failure(await place.call(template: "t.md", output: "t.md"))
            #expect(transform.message.contains("line 1:1: 'uppercased(goals)' applies a transform"), "\(transform.message)")
        }
    }

    @Test("a template name that leaves the templates folder is refused, a sibling folder's name included",
          arguments: ["../templates-evil/x.md", "/etc/passwd", "sub/../../x.md"])
    func templateEscape(name: String) async throws {
        try await withTemplates([:]) { place in
            let evil = place.root.appendingPathComponent("templates-evil")
            try FileManager.default.createDirectory(at: evil, withIntermediateDirectories: true)
            try Data("SECRET {{year}}".utf8).write(to: evil.appendingPathComponent("x.md"))
            let failure = try failure(await place.call(template: name, output: "out.md"))
            #expect(failure.kind == "path")
            #expect(failure.message.contains("the template '\(name)' is refused"), "\(failure.message)")
            #expect(!FileManager.default.fileExists(atPath: place.documents.appendingPathComponent("i1/out.md").path))
        }
    }

    @Test("a template that is a link is not followed")
    func templateLink() async throws {
        try await withTemplates([:]) { place in
            let outside = place.root.appendingPathComponent("outside.md")
            try Data("SECRET".utf8).write(to: outside)
            try FileManager.default.createSymbolicLink(at: place.templates.appendingPathComponent("plan.md"), withDestinationURL: outside)
            let failure = try failure(await place.call(template: "plan.md", output: "out.md"))
            #expect(failure.kind == "path")
            #expect(failure.message.contains("link"), "\(failure.message)")
        }
    }

    @Test("an output that leaves the instance's documents folder is refused and nothing is written outside it",
          arguments: ["../i2/plan.md", "../../plan.md", "/tmp/plan.md", "a//plan.md"])
    func outputEscape(output: String) async throws {
        try await withTemplates(["plan.md": "{{year}}"]) { place in
            let failure = try failure(await place.call(template: "plan.md", output: output, format: "md"))
            #expect(failure.kind == "path")
            #expect(failure.message.contains("the output '\(output)' is refused"), "\(failure.message)")
            let written = FileManager.default.enumerator(atPath: place.root.path)?.compactMap { $0 as? String }
                .filter { $0.hasSuffix("plan.md") && !$0.hasPrefix("templates") } ?? []
            #expect(written.isEmpty, "\(written)")
        }
    }

    @Test("the format comes from the output's extension or 'format'; neither is a clear failure")
    func format() async throws {
        try await withTemplates(["t.txt": "<{{year}}>"]) { place in
            let failure = try failure(await place.call(template: "t.txt", output: "out.txt"))
            #expect(failure.message.contains("say 'format: md' or 'format: html'"), "\(failure.message)")
            _ = await place.call(template: "t.txt", output: "out.txt", data: .object(["year": .string("<b>")]), format: "html")
            #expect(try place.document("out.txt") == "<&lt;b&gt;>")
        }
    }

    @Test("validate checks render's with: against its contract")
    func contract() throws {
        let contract = try #require(HandlerRegistry.builtIn.contract(named: "render"))
        #expect(contract.required == ["template", "output", "data"])
        #expect(contract.errors.contains("template") && contract.errors.contains("path"))
        #expect(contract.idempotent)
    }
}
