import StewardExpressions
import StewardTime
import Testing

/// A small deterministic generator, so that a failing input can be reproduced.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Fuzz")
struct FuzzTests {
    static let characters: [String] = [
        "(", ")", "[", "]", "{", "}", "$", "'", "\"", "\\", ".", ",", "!", "?", ":", "-", "+", "*", "/", "%", "<",
        ">", "=", "&", "|", " ", "a", "b", "1", "0", "9", "党", "\u{0}", "\n", "u", "é", "👍",
    ]

    static let tokens: [String] = [
        "inputs", ".", "year", "due", "branch", "states", "draft", "form", "items", "vars", "names", "now", "actor",
        "item", "(", ")", "[", "]", ",", "'x'", "'党建'", "1", "0", "2.5", "9223372036854775807", "+", "-", "*",
        "/", "%", "==", "!=", "<", ">=", "&&", "||", "!", "?", ":", "in", "null", "true", "len", "default", "date",
        "addDays", "addWorkdays", "split", "join", "integer", "number", "min", "contains", "${{", "}}", " ",
        "=>", "v", "map", "filter", "count", "sum", "avg", "votes", "score",
    ]

    /// Every error offset must lie within the text, so that the caller's caret lands on it.
    func verify(_ text: String) {
        let count = text.unicodeScalars.count
        do {
            let template = try ExpressionTemplate.parse(text)
            let checked = template.check(in: .sample)
            for finding in checked.findings {
                #expect((0...count).contains(finding.offset), "\(text): \(finding)")
                #expect(!finding.message.isEmpty)
            }
            do {
                _ = try template.evaluate(in: .sample)
            } catch {
                #expect((0...count).contains(error.offset), "\(text): \(error)")
            }
        } catch {
            #expect((0...count).contains(error.offset), "\(text): \(error)")
            #expect(!error.message.isEmpty)
        }
    }

    @Test("random characters never crash the parser, checker or evaluator")
    func randomCharacters() {
        var generator = SplitMix64(state: 20_260_930)
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...40, using: &generator)
            var text = "${{ "
            for _ in 0..<length { text += Self.characters.randomElement(using: &generator) ?? "" }
            if Bool.random(using: &generator) { text += " }}" }
            verify(text)
        }
    }

    @Test("random token soup never crashes the parser, checker or evaluator")
    func randomTokens() {
        var generator = SplitMix64(state: 42)
        var parsed = 0
        for _ in 0..<3_000 {
            let length = Int.random(in: 1...16, using: &generator)
            var source = ""
            for _ in 0..<length { source += (Self.tokens.randomElement(using: &generator) ?? "") + " " }
            let text = "规划${{ " + source + "}}"
            if (try? ExpressionTemplate.parse(text)) != nil { parsed += 1 }
            verify(text)
        }
        #expect(parsed > 0)
    }
}
