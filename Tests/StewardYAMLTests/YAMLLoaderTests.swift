import StewardYAML
import Testing

@Suite("YAML loader")
struct YAMLLoaderTests {
    func load(_ text: String, limits: YAMLLimits = .default) throws -> YAMLNode {
        let docs = try YAMLLoader(limits: limits).loadStream(text)
        return try #require(docs.first).root
    }

    func error(_ text: String, limits: YAMLLimits = .default) -> YAMLError? {
        do {
            _ = try YAMLLoader(limits: limits).loadStream(text)
            return nil
        } catch {
            return error
        }
    }

    @Test("scalars stay untyped text with their style")
    func untypedScalars() throws {
        let root = try load("a: yes\nb: no\nc: 1.10\nd: 0123\ne: 'quoted'\nf: \"double\"\ng: |\n  lit\nh: >\n  fold\n")
        let m = try #require(root.mapping)
        #expect(m["a"]?.scalar?.text == "yes")
        #expect(m["b"]?.scalar?.text == "no")
        #expect(m["c"]?.scalar?.text == "1.10")
        #expect(m["d"]?.scalar?.text == "0123")
        #expect(m["e"]?.scalar?.style == .singleQuoted)
        #expect(m["f"]?.scalar?.style == .doubleQuoted)
        #expect(m["g"]?.scalar == YAMLScalar(text: "lit\n", style: .literal, range: try #require(m["g"]).range))
        #expect(m["h"]?.scalar?.style == .folded)
        #expect(m["a"]?.scalar?.style == .plain)
    }

    @Test("every node has its 1-based start and end, counting Chinese characters as one column")
    func positions() throws {
        let root = try load("title: 年度党建工作规划\nstates:\n  - draft\n  - { to: 审议 }\n")
        let m = try #require(root.mapping)
        #expect(m.pairs[0].key.start == YAMLMark(line: 1, column: 1))
        #expect(m.pairs[0].value.start == YAMLMark(line: 1, column: 8))
        #expect(m.pairs[0].value.range.end == YAMLMark(line: 1, column: 16))
        let list = try #require(m["states"]?.sequence)
        #expect(list.range.start == YAMLMark(line: 3, column: 3))
        #expect(list.items[0].start == YAMLMark(line: 3, column: 5))
        let flow = try #require(list.items[1].mapping)
        #expect(flow.style == .flow)
        #expect(flow.range.start == YAMLMark(line: 4, column: 5))
        #expect(flow["to"]?.start == YAMLMark(line: 4, column: 11))
        #expect(flow.range.end == YAMLMark(line: 4, column: 15))
    }

    @Test("mappings keep the order the author wrote")
    func order() throws {
        let m = try #require(try load("z: 1\na: 2\nm: 3\n").mapping)
        #expect(m.pairs.compactMap { $0.key.scalar?.text } == ["z", "a", "m"])
    }

    @Test("anchors and aliases resolve to the anchored node")
    func aliases() throws {
        let m = try #require(try load("base: &b { role: union-office }\nother: *b\n").mapping)
        #expect(m["other"]?.mapping?["role"]?.scalar?.text == "union-office")
    }

    @Test("merge keys bring in keys the mapping does not set itself")
    func merge() throws {
        let text = """
            defaults: &d { due: 5 workdays, quorum: any }
            extra: &e { remind: 2 days, quorum: all }
            review:
              <<: [*d, *e]
              quorum: majority
            """
        let review = try #require(try load(text).mapping?["review"]?.mapping)
        #expect(review.pairs.compactMap { $0.key.scalar?.text } == ["due", "remind", "quorum"])
        #expect(review["quorum"]?.scalar?.text == "majority")
        #expect(review["due"]?.scalar?.text == "5 workdays")
    }

    @Test("a merge of something that is not a mapping is refused")
    func badMerge() {
        #expect(error("a:\n  <<: 5\n")?.kind == .badMerge)
    }

    @Test("merge keys can be turned off: '<<' is then an ordinary key")
    func mergeOff() throws {
        var limits = YAMLLimits()
        limits.mergeKeys = false
        let m = try #require(try load("a: &a {x: 1}\nb:\n  <<: *a\n", limits: limits).mapping)
        #expect(m["b"]?.mapping?["<<"]?.mapping?["x"]?.scalar?.text == "1")
    }

    @Test("a duplicate key names both positions")
    func duplicateKey() throws {
        let e = try #require(error("states:\n  draft: {}\n  review: {}\n  draft: {}\n"))
        #expect(e.kind == .duplicateKey)
        #expect(e.mark == YAMLMark(line: 4, column: 3))
        #expect(e.message == "the key 'draft' appears twice in this mapping (first at line 2, column 3)")
    }

    @Test("quoted and plain spellings of one key are the same key")
    func duplicateAcrossStyles() {
        #expect(error("id: a\n\"id\": b\n")?.kind == .duplicateKey)
    }

    @Test("duplicate complex keys are found too")
    func duplicateComplexKey() {
        #expect(error("? [a, b]\n: 1\n? [a, b]\n: 2\n")?.kind == .duplicateKey)
    }

    @Test("duplicates can be allowed by the caller")
    func duplicatesAllowed() throws {
        var limits = YAMLLimits()
        limits.allowDuplicateKeys = true
        #expect(try load("a: 1\na: 2\n", limits: limits).mapping?.pairs.count == 2)
    }

    @Test("nesting deeper than the limit is refused at the first level too deep")
    func depth() throws {
        var limits = YAMLLimits()
        limits.maxDepth = 3
        #expect(try load("a: [[1]]", limits: limits).mapping != nil)
        let e = try #require(error("a: [[[1]]]", limits: limits))
        #expect(e.kind == .tooDeep)
        #expect(e.mark == YAMLMark(line: 1, column: 6))
    }

    @Test("node count includes every alias expansion")
    func nodeCount() throws {
        var limits = YAMLLimits()
        limits.maxNodes = 30
        // a: 4 nodes; b: 1 + 3 × 4 = 13; the document: 1 + 2 keys + 4 + 13 = 20.
        #expect(throws: Never.self) { try load("a: &a [1, 2, 3]\nb: [*a, *a, *a]\n", limits: limits) }
        let e = try #require(error("a: &a [1, 2, 3]\nb: [*a, *a, *a]\nc: [*a, *a, *a]\n", limits: limits))
        #expect(e.kind == .tooManyNodes)
        #expect(e.mark?.line == 3)
    }

    @Test("scalar and input size limits name their limit")
    func sizes() throws {
        var limits = YAMLLimits()
        limits.maxScalarBytes = 10
        let long = try #require(error("a: abcdefghijk\n", limits: limits))
        #expect(long.kind == .scalarTooLong)
        #expect(long.message.contains("limit of 10 bytes"))
        limits.maxInputBytes = 5
        #expect(error("a: 1234\n", limits: limits)?.kind == .inputTooLarge)
    }

    @Test("custom tags are refused unless allowed; standard tags pass")
    func tags() throws {
        let e = try #require(error("a: !secret x\n"))
        #expect(e.kind == .customTag)
        #expect(e.mark == YAMLMark(line: 1, column: 4))
        #expect(try load("a: !!str 1\n").mapping?["a"]?.scalar?.tag == YAMLTag.str)
        #expect(try load("a: !secret x\n", limits: .permissive).mapping?["a"]?.scalar?.tag == "!secret")
    }

    @Test("an alias to no anchor is refused")
    func unknownAlias() {
        #expect(error("a: *nowhere\n")?.kind == .unknownAlias)
    }

    @Test("invalid UTF-8, NUL and UTF-16 are refused with a position")
    func encodings() throws {
        let bad = try #require(error(bytes: Array("a: ok\nb: ".utf8) + [0xFF]))
        #expect(bad.kind == .encoding)
        #expect(bad.mark == YAMLMark(line: 2, column: 4))
        #expect(error(bytes: Array("a: 1".utf8) + [0])?.kind == .nulByte)
        #expect(error(bytes: [0xFF, 0xFE, 0x61, 0x00])?.message == "the file is UTF-16 text; save it as UTF-8")
        #expect(error(bytes: Array("a: \u{01}".utf8))?.kind == .encoding)
    }

    /// The input check reads ASCII eight bytes at a time: a NUL or a bad byte must be found
    /// at every place in and around those words, with its column.
    @Test("a NUL or an invalid byte at each of 20 places is found where it is")
    func badBytesEverywhere() throws {
        for place in 0..<20 {
            for (byte, kind) in [(UInt8(0), YAMLError.Kind.nulByte), (0xFF, .encoding), (0xC0, .encoding)] {
                var bytes = Array(("k: " + String(repeating: "a", count: 24) + "\n").utf8)
                bytes[3 + place] = byte
                let found = try #require(error(bytes: bytes), "byte \(byte) at \(place)")
                #expect(found.kind == kind)
                #expect(found.mark == YAMLMark(line: 1, column: 4 + place))
            }
        }
        #expect(error(bytes: Array(("k: " + String(repeating: "a", count: 24) + "\n").utf8)) == nil)
    }

    func error(bytes: [UInt8]) -> YAMLError? {
        do {
            _ = try YAMLLoader().loadStream(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test("all documents of a stream are returned; an empty stream has none")
    func documents() throws {
        #expect(try YAMLLoader().loadStream("a: 1\n---\nb: 2\n---\n").count == 3)
        #expect(try YAMLLoader().loadStream("").isEmpty)
        #expect(try YAMLLoader().loadStream("# only a comment\n").isEmpty)
    }

    @Test("libyaml's wording is replaced by a sentence, with the original as a note",
          arguments: [
              ("a: 1\n\tb: 2\n", "a tab cannot indent YAML; use spaces"),
              ("a: b: c\n", "a ': ' cannot appear here; put a value that contains ': ' in quotes, or check the indentation of this line"),
              ("a: [1, 2\n", "a '[' list is not closed, or two of its items lack a ',' between them"),
              ("a: {x: 1\n", "a '{' mapping is not closed, or two of its entries lack a ',' between them"),
              ("a: \"open\n", "a quoted value is not closed; add the closing quote"),
              ("a: @x\n", "'@' cannot start a value; put the value in quotes"),
              ("a:\n  - 1\n - 2\n", "this line does not line up with the keys above it; check its indentation"),
              ("a: \"\\q\"\n", "unknown escape in a double-quoted string; write '\\\\' for a backslash, or use single quotes"),
          ])
    func reworded(_ input: String, _ message: String) throws {
        let e = try #require(error(input))
        #expect(e.kind == .syntax)
        #expect(e.message == message)
        #expect(e.notes.last?.hasPrefix("libyaml: ") == true)
    }

    @Test("core-schema JSON follows YAML 1.2, not 1.1")
    func coreSchema() throws {
        let json = try load("a: yes\nb: true\nc: 0o17\nd: 0x1F\ne: 1.5e3\nf: ~\ng: '1'\nh: .inf\ni: 012\n").coreSchemaJSON()
        #expect(json == .object([
            ("a", .string("yes")), ("b", .bool(true)), ("c", .integer(15)), ("d", .integer(31)),
            ("e", .number(1500)), ("f", .null), ("g", .string("1")), ("h", .number(.infinity)), ("i", .integer(12)),
        ]))
    }
}
