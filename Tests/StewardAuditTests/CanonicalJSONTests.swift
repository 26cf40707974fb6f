import StewardAudit
import Testing

@Suite struct CanonicalJSONTests {
    @Test func keysAreSortedByUnicodeScalarsWithoutWhitespace() {
        let value: AuditValue = ["b": 1, "a": ["z": true, "Z": false, "é": nil, "e\u{301}x": "", "😀": 1, "\u{FFFD}": 2],
                                 "B": [1, 2.5, "x"], "": "empty"]
        #expect(canonicalJSON(value)
            == #"{"":"empty","B":[1,2.5,"x"],"a":{"Z":false,"e\#u{301}x":"","z":true,"é":null,"\#u{FFFD}":2,"😀":1},"b":1}"#)
    }

    @Test func insertionOrderDoesNotMatter() {
        var members: [String: AuditValue] = [:]
        for key in (0..<50).map({ "k\($0)" }).shuffled() { members[key] = .int(1) }
        var other: [String: AuditValue] = [:]
        for key in (0..<50).map({ "k\($0)" }) { other[key] = .int(1) }
        #expect(canonicalJSON(.object(members)) == canonicalJSON(.object(other)))
    }

    @Test func stringsKeepNonASCIIAndEscapeOnlyWhatJSONRequires() {
        #expect(canonicalJSON("批准了申请 / ok") == #""批准了申请 / ok""#)
        #expect(canonicalJSON("q\"b\\n\nr\rt\tb\u{8}f\u{C}x\u{1}\u{1F}\u{7F}") == #""q\"b\\n\nr\rt\tb\bf\fx\u0001\u001f\#u{7F}""#)
        #expect(canonicalJSON("\u{2028}🎉") == "\"\u{2028}🎉\"")
    }

    @Test func integersAndLiterals() {
        #expect(canonicalJSON([nil, true, false, 0, -1, .int(Int64.max), .int(Int64.min)])
            == "[null,true,false,0,-1,9223372036854775807,-9223372036854775808]")
        #expect(canonicalJSON([:]) == "{}")
        #expect(canonicalJSON([]) == "[]")
    }

    /// Expected text from a JavaScript engine's `String(x)` (the RFC 8785 rule), by IEEE-754 bit pattern;
    /// the first 24 are RFC 8785 Appendix B's.
    @Test(arguments: NumberVectors.all)
    func doublesFormatLikeECMAScript(bits: String, expected: String) throws {
        let pattern = try #require(UInt64(bits, radix: 16))
        #expect(canonicalJSON(.double(Double(bitPattern: pattern))) == expected)
    }

    @Test func nonFiniteDoublesBecomeNull() {
        #expect(canonicalJSON([.double(.nan), .double(.infinity), .double(-.infinity)]) == "[null,null,null]")
    }

    @Test func renderingIsIdempotentThroughTheParser() throws {
        let value: AuditValue = ["note": "预算 \"充足\"\n", "n": [0.1, 1e21, .double(.leastNonzeroMagnitude), -0.0, 1.0, 123456789012345678], "ok": true]
        let text = canonicalJSON(value)
        let reparsed = try AuditValue(parsingJSON: text)
        #expect(canonicalJSON(reparsed) == text)
        let spaced = try AuditValue(parsingJSON: " { \"ok\" : true ,\"n\":[1E-1,1e+21,5e-324,-0,1.0,123456789012345678], \"note\":\"\\u9884\\u7b97 \\\"\\u5145\\u8db3\\\"\\n\"}")
        #expect(canonicalJSON(spaced) == text)
    }

    @Test(arguments: [
        ("", 1), ("{", 2), ("[1,]", 4), ("{\"a\":1,\"a\":2}", 8), ("01", 2), ("1.", 3), ("\"\\ud800\"", 8),
        ("\"\u{1}\"", 2), ("tru", 1), ("[1] x", 5), ("1e999", 1), ("\"\\x\"", 3), ("{\"a\" 1}", 6), ("-", 2),
    ])
    func parserRejectsInvalidJSONWithColumn(text: String, column: Int) {
        #expect(throws: JSONParseError.self) { try AuditValue(parsingJSON: text) }
        do {
            _ = try AuditValue(parsingJSON: text)
        } catch {
            #expect(error.column == column, "\(text): \(error)")
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try AuditValue(parsingJSON: deep) }
        let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect((try? AuditValue(parsingJSON: fine)) != nil)
    }

    @Test func parserReadsNumbers() throws {
        #expect(try AuditValue(parsingJSON: "9223372036854775807") == .int(.max))
        #expect(try AuditValue(parsingJSON: "9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try AuditValue(parsingJSON: "-0") == .int(0))
        #expect(try AuditValue(parsingJSON: "2.50") == .double(2.5))
        #expect(try AuditValue(parsingJSON: "\"\\ud83d\\ude00\"") == .string("😀"))
    }
}
