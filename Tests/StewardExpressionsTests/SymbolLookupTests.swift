import Testing
@testable import StewardExpressions

/// The lexer finds symbols by comparing scalars; that lookup must agree with the symbols'
/// own spelling, for every symbol and for every pair of ASCII punctuation.
@Suite("symbols by scalar")
struct SymbolLookupTests {
    @Test("every symbol is found from its scalars, and nothing else is")
    func agree() {
        for symbol in Token.Symbol.allCases {
            let scalars = Array(symbol.rawValue.unicodeScalars)
            let found = scalars.count == 1 ? Token.Symbol(scalars[0]) : Token.Symbol(scalars[0], scalars[1])
            #expect(found == symbol, "\(symbol.rawValue)")
        }
        let punctuation = (0x21...0x7E).compactMap(Unicode.Scalar.init).filter { !$0.properties.isAlphabetic && !("0"..."9").contains($0) }
        for first in punctuation {
            #expect(Token.Symbol(first) == Token.Symbol(rawValue: String(first)), "\(first)")
            for second in punctuation {
                #expect(Token.Symbol(first, second) == Token.Symbol(rawValue: String(first) + String(second)), "\(first)\(second)")
            }
        }
    }
}
