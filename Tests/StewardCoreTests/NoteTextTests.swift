import Foundation
import StewardCore
import Testing

/// The core keeps its usual notes in parts and puts them into words when they are read or
/// written to the trail; both must say exactly what the sentence says.
@Suite("notes in words")
struct NoteTextTests {
    static func encoded(_ note: CoreNote) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(note), as: UTF8.self)
    }

    @Test("every note of two long scenarios is written as JSONEncoder writes its sentence, and reads back equal")
    func writtenAsTheSentence() throws {
        let notes = try BinaryCodecTests.runMix().history.flatMap(\.notes)
            + ReplayAndDeterminismTests.runPlan().history.flatMap(\.notes)
        #expect(notes.count > 50)
        for note in notes {
            var out = JSONText()
            out.note(note)
            #expect(out.text == (try Self.encoded(note)), "\(note.what)")
            #expect(try JSONDecoder().decode(CoreNote.self, from: Data(out.bytes)) == note)
        }
    }

    @Test("the sentences: entered, chose (and on whose behalf), decided")
    func sentences() throws {
        var driver = try drive(BinaryCodecTests.mix, inputs: ["people": ["zhou.min", "qian.li"]])
        #expect(driver.lastNotes.map(\.what).contains("entered task 'draft'"))
        let draft = try #require(driver.state.tasks.first { $0.state == "draft" })
        _ = try driver.apply(.acted(task: draft.id, person: "li.ming", action: "submit", form: ["goals": "目标"],
                                    comment: nil, onBehalfBy: "sun.hong"))
        let words = driver.lastNotes.map(\.what)
        #expect(words.contains("li.ming (by sun.hong) chose 'submit'"))
        #expect(words.contains("task 'draft' decided: submit"))
        for note in driver.lastNotes {
            var out = JSONText()
            out.note(note)
            #expect(out.text == (try Self.encoded(note)))
        }
    }
}

/// The writer scans text eight bytes at a time for what needs escaping; every ASCII byte at
/// every place in and around a word must be found.
@Suite("JSON text escapes")
struct JSONTextEscapeTests {
    @Test("each ASCII byte at each of 17 places is written as JSONEncoder writes it")
    func everyByteEverywhere() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for byte in UInt8(0)..<0x80 {
            for place in 0..<17 {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 17)
                bytes[place] = byte
                let text = String(decoding: bytes, as: UTF8.self)
                var out = JSONText()
                out.string(text)
                let expected = String(decoding: try encoder.encode([text]), as: UTF8.self).dropFirst().dropLast()
                #expect(out.text == String(expected), "byte \(byte) at \(place)")
            }
        }
    }
}
