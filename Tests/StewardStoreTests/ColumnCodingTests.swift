import Foundation
import Testing
@testable import StewardStore

/// A task's people and roles are stored as JSON arrays (the inbox query reads them with
/// `json_each`); the hand-written encoder must give what JSONEncoder gives.
@Suite("column coding")
struct ColumnCodingTests {
    static let names: [[String]] = [
        [], [""], ["li.ming"], ["张伟", "陈静"], ["a/b", "c\\d", "\"q\""], ["\u{0}\u{1}\u{8}\u{9}\u{A}\u{C}\u{D}\u{1F}\u{7F}"],
        ["😀", "é", "\u{2028}", "tab\there"],
    ]

    @Test("lists of names: the bytes of JSONEncoder, read back as they were", arguments: names)
    func sameAsJSONEncoder(_ list: [String]) throws {
        let written = ColumnCoding.encodeList(list)
        #expect(written == String(decoding: try JSONEncoder().encode(list), as: UTF8.self))
        #expect(try ColumnCoding.decodeList(written) == list)
    }
}
