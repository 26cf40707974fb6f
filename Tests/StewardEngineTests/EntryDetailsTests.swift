import Foundation
import StewardCore
import StewardEngine
import StewardExpressions
import StewardModel
import StewardTestSupport
import StewardTime
import Testing

/// The trail's details are written by a hand-made writer; entries written before it used
/// JSONEncoder, and replay reads them with JSONDecoder. Both must agree byte for byte.
@Suite("entry details")
struct EntryDetailsTests {
    static func reference(_ details: EntryDetails) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(details) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    @Test("the writer gives JSONEncoder's bytes for 3,000 generated details, and they read back")
    func matchesJSONEncoder() throws {
        var maker = DetailsMaker(seed: 2026)
        for round in 0..<3_000 {
            let details = maker.details()
            let written = try details.json()
            let expected = Self.reference(details)
            try #require(written == expected, "round \(round)")
            if written != "{}" {
                #expect(EntryDetails.parse(written) == details, "round \(round)")
            }
        }
    }

    @Test("escapes: quotes, backslashes, control characters; slashes, DEL and Chinese as they are")
    func escapes() throws {
        let text = "\"\\/\u{0}\u{1}\u{8}\u{9}\u{A}\u{C}\u{D}\u{1F}\u{7F} 审核 😀 \u{2028}"
        let details = EntryDetails(event: .cancelled(reason: text, by: nil))
        #expect(try details.json() == Self.reference(details))
        #expect(try details.json().contains(#"\"\\/\u0000\u0001\b\t\n\f\r\u001f"#))
    }

    @Test("numbers: whole, tiny, huge, negative zero; a non-finite number is an error, never details left out")
    func numbers() throws {
        for number in [0.0, -0.0, 1.0, 0.1, 1e-7, 1e16, 1e20, 1.2345678901234568e20, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
                       -2.5, 12345.678] {
            let details = EntryDetails(event: .signalled(name: "n", payload: .number(number)))
            #expect(try details.json() == Self.reference(details), "\(number)")
        }
        for number in [Double.nan, .infinity, -.infinity] {
            #expect(throws: JSONText.NonFiniteNumber.self) {
                try EntryDetails(event: .signalled(name: "n", payload: .number(number))).json()
            }
        }
    }

    @Test("an empty details object, and every event kind with and without its optional fields")
    func everyEventKind() throws {
        #expect(try EntryDetails().json() == "{}")
        let events: [CoreEvent] = [
            .started(inputs: [:], by: nil), .started(inputs: ["year": .integer(2026)], by: "li.ming"),
            .acted(task: "t", person: "p", action: "a", form: [:], comment: nil, onBehalfBy: nil),
            .acted(task: "t", person: "p", action: "a", form: ["x": .date(CivilDate(year: 2026, month: 3, day: 31)!)], comment: "好",
                   onBehalfBy: "admin"),
            .timerFired(timer: "t1"), .handlerSucceeded(step: "s", output: .list([.null, .bool(true)])),
            .handlerFailed(step: "s", kind: "handler", message: "m", retryable: nil),
            .handlerFailed(step: "s", kind: "rate-limited", message: "m", retryable: false),
            .childFinished(scope: 3, state: "s", child: "c", outcome: .rejected, outputs: ["o": .string("v")]),
            .cancelled(reason: "r", by: nil), .cancelled(reason: "r", by: "p"),
            .signalled(name: "n", payload: .datetime(Instant(millisecondsSinceEpoch: -1))),
            .reassigned(task: "t", people: [], roles: [], by: "admin", reason: "r"),
            .reassigned(task: "t", people: ["张伟", "b"], roles: ["office"], by: "admin", reason: "调岗"),
        ]
        for event in events {
            var details = EntryDetails(event: event, notes: [CoreNote(scope: 0, from: nil, to: "draft", what: "entered")])
            details.parent = ParentLink(instance: "i", scope: 1, state: "s")
            #expect(try details.json() == Self.reference(details), "\(event)")
        }
    }
}

/// Random details over the values the trail carries, with text chosen to hit every escape.
struct DetailsMaker {
    var random: SeededGenerator
    static let alphabet: [String] = ["a", "Z", "0", " ", "审", "核", "😀", "\"", "\\", "/", "\n", "\t", "\u{1}", "\u{7F}",
                                     "\u{2028}", "é", "{", "]", ":", ","]

    init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    mutating func chance(_ oneIn: Int) -> Bool { Int.random(in: 0..<oneIn, using: &random) == 0 }

    mutating func text() -> String {
        (0..<Int.random(in: 0...8, using: &random)).map { _ in Self.alphabet.randomElement(using: &random)! }.joined()
    }

    mutating func optionalText() -> String? { chance(3) ? nil : text() }

    mutating func number() -> Double {
        switch Int.random(in: 0..<6, using: &random) {
        case 0: Double(Int.random(in: -1000...1000, using: &random))
        case 1: Double.random(in: -1...1, using: &random)
        case 2: Double.random(in: -1e30...1e30, using: &random)
        case 3: Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF)
        case 4: Double.random(in: 0...1e-300, using: &random)
        default: [0.0, -0.0, 0.1, 1e16, 1e21, .leastNonzeroMagnitude].randomElement(using: &random)!
        }
    }

    mutating func value(depth: Int = 0) -> ExpressionValue {
        switch Int.random(in: 0..<(depth < 2 ? 9 : 7), using: &random) {
        case 0: .null
        case 1: .bool(chance(2))
        case 2: .integer(Int.random(in: Int.min...Int.max, using: &random))
        case 3: .number(number())
        case 4: .string(text())
        case 5: .date(CivilDate(year: Int.random(in: 1...9999, using: &random), month: Int.random(in: 1...12, using: &random),
                                day: Int.random(in: 1...28, using: &random))!)
        case 6: .datetime(Instant(millisecondsSinceEpoch: Int64.random(in: -1_000_000_000_000...9_000_000_000_000, using: &random)))
        case 7: .list((0..<Int.random(in: 0...3, using: &random)).map { _ in value(depth: depth + 1) })
        default: .object(object(depth: depth + 1))
        }
    }

    mutating func object(depth: Int = 0) -> ExpressionObject {
        var object: ExpressionObject = [:]
        for _ in 0..<Int.random(in: 0...3, using: &random) { object[text()] = value(depth: depth) }
        return object
    }

    mutating func event() -> CoreEvent {
        switch Int.random(in: 0..<10, using: &random) {
        case 0: .started(inputs: object(), by: optionalText())
        case 1: .acted(task: text(), person: text(), action: text(), form: object(), comment: optionalText(),
                       onBehalfBy: optionalText())
        case 2: .timerFired(timer: text())
        case 3: .handlerSucceeded(step: text(), output: value())
        case 4: .handlerFailed(step: text(), kind: text(), message: text(), retryable: Bool.random(using: &random) ? nil : false)
        case 5: .childFinished(scope: Int.random(in: 0...99, using: &random), state: text(), child: text(),
                               outcome: [Outcome.completed, .rejected, .cancelled, .failed].randomElement(using: &random)!,
                               outputs: object())
        case 6: .cancelled(reason: text(), by: optionalText())
        case 7: .reassigned(task: text(), people: (0..<Int.random(in: 0...3, using: &random)).map { _ in text() },
                            roles: (0..<Int.random(in: 0...2, using: &random)).map { _ in text() }, by: text(), reason: text())
        case 8: .ballotCast(task: text(), person: text(), onBehalfBy: optionalText(), tally: chance(2) ? nil : object())
        default: .signalled(name: text(), payload: value())
        }
    }

    mutating func details() -> EntryDetails {
        var details = EntryDetails()
        if !chance(4) { details.event = event() }
        if chance(3) { details.workflow = text() }
        if chance(4) { details.parent = ParentLink(instance: text(), scope: Int.random(in: 0...9, using: &random), state: text()) }
        if chance(2) {
            details.notes = (0..<Int.random(in: 0...4, using: &random)).map { _ in
                CoreNote(scope: Int.random(in: 0...9, using: &random), from: optionalText(), to: optionalText(), what: text())
            }
        }
        if chance(3) {
            details.notices = (0..<Int.random(in: 0...2, using: &random)).map { _ in
                Notice(people: (0..<Int.random(in: 0...3, using: &random)).map { _ in text() }, subject: text(), body: text(),
                       reason: text(), task: optionalText())
            }
        }
        if chance(3) { details.refusal = text() }
        if chance(3) { details.message = text() }
        if chance(4) { details.onBehalfBy = text() }
        if chance(4) { details.step = text() }
        if chance(4) { details.handler = text() }
        if chance(2) { details.clock = text() }
        if chance(2) { details.environment = text() }
        if chance(3) { details.rules = Int.random(in: 1...2, using: &random) }
        return details
    }
}
