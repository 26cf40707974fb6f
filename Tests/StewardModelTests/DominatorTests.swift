import Testing
@testable import StewardModel

/// "Always ran before" is answered from a flow's dominator tree; it must agree with the
/// definition (the later state cannot be reached from the start without the earlier one),
/// which the checker answered before with one walk of the flow per question.
@Suite("dominators")
struct DominatorTests {
    @Test("2,000 random flows with loops, branches and unreachable states: the same answers as the definition")
    func agreesWithTheDefinition() {
        var state: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<2_000 {
            let count = 1 + next(14)
            let successors = (0..<count).map { _ in (0..<next(4)).map { _ in next(count) } }
            let start = next(count)
            let dominators = Dominators(successors: successors, start: start)
            for a in 0..<count {
                let blocked = FlowGraph.reachable(successors, from: start, avoiding: a)
                for b in 0..<count where a != b {
                    #expect(dominators.dominates(a, b) == !blocked[b], "\(successors) start \(start): \(a) dom \(b)")
                }
            }
        }
    }

    @Test("a flow with no start: every answer is 'always'")
    func noStart() {
        let dominators = Dominators(successors: [[1], []], start: nil)
        #expect(dominators.dominates(0, 1) && dominators.dominates(1, 0))
    }
}

/// Names accept letters of any script; ASCII is answered without the Unicode tables.
@Suite("name letters")
struct NameLetterTests {
    @Test("every ASCII scalar and some others: a letter exactly when Unicode says alphabetic")
    func asciiAgrees() {
        for value in UInt32(0)..<0x80 {
            let scalar = Unicode.Scalar(value)!
            #expect(Names.isLetter(scalar) == scalar.properties.isAlphabetic, "U+\(String(value, radix: 16))")
        }
        for scalar: Unicode.Scalar in ["审", "é", "Ω", "١", "\u{3000}"] {
            #expect(Names.isLetter(scalar) == scalar.properties.isAlphabetic)
        }
        #expect(Names.isName("起草_1") && Names.isName("draft-2") && !Names.isName("2draft") && !Names.isName("a b"))
    }
}
