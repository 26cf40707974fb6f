import StewardPluginKit
import Testing

/// The kit's JSON: what a plug-in reads and writes must be exactly what Steward writes and reads.
@Suite("plug-in JSON")
struct PluginJSONTests {
    @Test("values read back as written, keys in order, text escaped to stay on one line")
    func roundTrip() throws {
        let value: PluginValue = [
            "zeta": 1, "alpha": [true, false, nil], "text": "引号\"\\ 换行\n\t\u{01}\u{2028}", "half": 0.5,
            "big": .number(1e300), "nested": ["list": [], "object": [:]],
        ]
        let text = value.json
        #expect(text.hasPrefix(#"{"zeta":1,"alpha":[true,false,null],"text":"引号\"\\ 换行\n\t\u0001\u2028","#), "\(text)")
        #expect(!text.contains("\n"))
        let back = try PluginValue(json: text)
        #expect(back == value)
        #expect(back.object?.keys == ["zeta", "alpha", "text", "half", "big", "nested"])
    }

    @Test("whole numbers stay integers, others are numbers")
    func numbers() throws {
        #expect(try PluginValue(json: "12") == .integer(12))
        #expect(try PluginValue(json: "-0") == .integer(0))
        #expect(try PluginValue(json: "1.5e2") == .number(150))
        #expect(try PluginValue(json: "99999999999999999999") == .number(1e20))
        #expect(PluginValue.number(.nan).json == "null")
        #expect(PluginValue.number(3).json == "3")
    }

    @Test("escapes, including a pair of surrogates, read as the characters they stand for")
    func escapes() throws {
        #expect(try PluginValue(json: #""a\/b\u00e9\ud83d\ude00""#) == .string("a/bé😀"))
    }

    @Test("malformed JSON is refused with the column and the reason", arguments: [
        (#"{"a":1,}"#, "expected a key in quotes"),
        (#"{"a":1,"a":2}"#, "the key 'a' appears twice"),
        ("[1 2]", "expected ',' or ']' in a list"),
        (#""\ud800""#, "a lone surrogate"),
        ("01", "unexpected text after the value"),
        ("\"a\nb\"", "control character"),
        ("nul", "expected 'null'"),
        ("1e999", "out of range"),
    ])
    func refused(text: String, reason: String) {
        #expect {
            try PluginValue(json: text)
        } throws: { error in
            (error as? PluginJSONError)?.message.contains(reason) == true
        }
    }

    @Test("nesting deeper than the limit is refused, not a crash")
    func deep() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: PluginJSONError.self) { try PluginValue(json: text) }
    }
}
