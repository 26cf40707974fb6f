import StewardExpressions

/// A JSON writer that gives, byte for byte, what `JSONEncoder` with `.sortedKeys` and
/// `.withoutEscapingSlashes` gives for the same Codable values, without its boxing: the
/// trail's details are written for every event, and JSONEncoder cost more than the event.
///
/// Callers write the keys of an object in byte order themselves (the types written here
/// have fixed keys). Tests hold the output to JSONEncoder's on generated values.
public struct JSONText {
    public private(set) var bytes: [UInt8] = []
    /// Whether the next key or element needs a comma before it.
    private var needsComma = false

    /// JSONEncoder refuses NaN and infinities; so does this writer.
    public struct NonFiniteNumber: Error, CustomStringConvertible {
        public var description: String { "a number that is not finite (NaN or infinity) cannot be recorded" }
    }

    public init(capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func openObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    public mutating func closeObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    public mutating func openArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    public mutating func closeArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// A key: plain ASCII with nothing to escape (the fixed field names of our types).
    public mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        raw(name)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func string(_ value: String) {
        quoted { $0.unquoted(value) }
    }

    /// One string value whose contents `body` writes in pieces.
    mutating func quoted(_ body: (inout JSONText) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        body(&self)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Text inside a string value, escaped.
    mutating func unquoted(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            // Most text needs no escape at all: copy it in one go.
            if !Self.needsEscape(utf8) {
                bytes.append(contentsOf: utf8)
            } else {
                for byte in utf8 { escape(byte) }
            }
        }
    }

    /// Whether any byte is a control character, `"` or `\`; eight bytes at a time.
    static func needsEscape(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // A byte of `x` is zero exactly when the matching high bit of this is set.
        func hasZeroByte(_ x: UInt64) -> Bool { (x &- ones) & ~x & highs != 0 }
        let raw = UnsafeRawBufferPointer(utf8)
        var offset = 0
        while offset + 8 <= raw.count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            // Below 0x20: subtracting 0x20 borrows into the high bit of a byte that had it clear.
            let control = (word &- ones &* 0x20) & ~word & highs != 0
            if control || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C)) { return true }
            offset += 8
        }
        while offset < raw.count {
            let byte = raw[offset]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return true }
            offset += 1
        }
        return false
    }

    public mutating func int<Integer: BinaryInteger>(_ value: Integer) {
        separate()
        if value >= 0 && value < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
        } else {
            bytes.append(contentsOf: String(value).utf8)
        }
        needsComma = true
    }

    public mutating func bool(_ value: Bool) {
        separate()
        raw(value ? "true" : "false")
        needsComma = true
    }

    /// As JSONEncoder: the shortest text that reads back the same, without a trailing ".0".
    public mutating func double(_ value: Double) throws(NonFiniteNumber) {
        guard value.isFinite else { throw NonFiniteNumber() }
        separate()
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
        needsComma = true
    }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func escape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
        case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
        case 0x08: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "f"))
        case 0x0A: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
        case 0x00..<0x20:
            raw("\\u00")
            bytes.append(Self.hexDigit(byte >> 4))
            bytes.append(Self.hexDigit(byte & 0x0F))
        default:
            bytes.append(byte)
        }
    }
}

// MARK: the core's values, as their Codable conformances encode them

extension JSONText {
    /// A tagged value: `["i",5]`, `["o",[["key",value],…]]` (see ExpressionValue+Codable).
    public mutating func value(_ value: ExpressionValue) throws(NonFiniteNumber) {
        openArray()
        switch value {
        case .null: string("z")
        case .bool(let b): string("b"); bool(b)
        case .integer(let i): string("i"); int(i)
        case .number(let d): string("n"); try double(d)
        case .string(let s): string("s"); string(s)
        case .date(let d): string("d"); string(d.description)
        case .datetime(let t): string("t"); int(t.millisecondsSinceEpoch)
        case .list(let items):
            string("l")
            openArray()
            for item in items { try self.value(item) }
            closeArray()
        case .object(let object):
            string("o")
            try pairs(object)
        }
        closeArray()
    }

    public mutating func object(_ object: ExpressionObject) throws(NonFiniteNumber) {
        openArray()
        string("o")
        try pairs(object)
        closeArray()
    }

    private mutating func pairs(_ object: ExpressionObject) throws(NonFiniteNumber) {
        openArray()
        for (key, item) in object.entries {
            openArray()
            string(key)
            try value(item)
            closeArray()
        }
        closeArray()
    }

    public mutating func event(_ event: CoreEvent) throws(NonFiniteNumber) {
        openObject()
        switch event {
        case let .started(inputs, by):
            key("started"); openObject()
            if let by { key("by"); string(by) }
            key("inputs"); try object(inputs)
        case let .acted(task, person, action, form, comment, onBehalfBy):
            key("acted"); openObject()
            key("action"); string(action)
            if let comment { key("comment"); string(comment) }
            key("form"); try object(form)
            if let onBehalfBy { key("onBehalfBy"); string(onBehalfBy) }
            key("person"); string(person)
            key("task"); string(task)
        case let .ballotCast(task, person, onBehalfBy, tally):
            key("ballotCast"); openObject()
            if let onBehalfBy { key("onBehalfBy"); string(onBehalfBy) }
            key("person"); string(person)
            if let tally { key("tally"); try object(tally) }
            key("task"); string(task)
        case let .timerFired(timer):
            key("timerFired"); openObject()
            key("timer"); string(timer)
        case let .handlerSucceeded(step, output):
            key("handlerSucceeded"); openObject()
            key("output"); try value(output)
            key("step"); string(step)
        case let .handlerFailed(step, kind, message, retryable):
            key("handlerFailed"); openObject()
            key("kind"); string(kind)
            key("message"); string(message)
            if let retryable { key("retryable"); bool(retryable) }
            key("step"); string(step)
        case let .childFinished(scope, state, child, outcome, outputs):
            key("childFinished"); openObject()
            key("child"); string(child)
            key("outcome"); string(outcome.rawValue)
            key("outputs"); try object(outputs)
            key("scope"); int(scope)
            key("state"); string(state)
        case let .cancelled(reason, by):
            key("cancelled"); openObject()
            if let by { key("by"); string(by) }
            key("reason"); string(reason)
        case let .signalled(name, payload):
            key("signalled"); openObject()
            key("name"); string(name)
            key("payload"); try value(payload)
        case let .reassigned(task, people, roles, by, reason):
            key("reassigned"); openObject()
            key("by"); string(by)
            key("people"); strings(people)
            key("reason"); string(reason)
            key("roles"); strings(roles)
            key("task"); string(task)
        case .calendarUpdated:
            key("calendarUpdated"); openObject()
        }
        closeObject()
        closeObject()
    }

    public mutating func note(_ note: CoreNote) {
        openObject()
        if let from = note.from { key("from"); string(from) }
        key("scope"); int(note.scope)
        if let to = note.to { key("to"); string(to) }
        key("what")
        // The usual notes are written from their parts, without making the sentence first.
        switch note.detail {
        case .text(let text): string(text)
        case let .entered(type, name): quoted { $0.raw("entered "); $0.unquoted(type); $0.raw(" '"); $0.unquoted(name); $0.raw("'") }
        case let .chose(person, by, action):
            quoted { out in
                out.unquoted(person)
                if let by { out.raw(" (by "); out.unquoted(by); out.raw(")") }
                out.raw(" chose '"); out.unquoted(action); out.raw("'")
            }
        case let .decided(task, action):
            quoted { $0.raw("task '"); $0.unquoted(task); $0.raw("' decided: "); $0.unquoted(action) }
        }
        closeObject()
    }

    /// A list of texts.
    mutating func strings(_ items: [String]) {
        openArray()
        for item in items { string(item) }
        closeArray()
    }

    public mutating func notice(_ notice: Notice) {
        openObject()
        key("body"); string(notice.body)
        key("people"); strings(notice.people)
        key("reason"); string(notice.reason)
        key("subject"); string(notice.subject)
        if let task = notice.task { key("task"); string(task) }
        closeObject()
    }

    public mutating func parent(_ link: ParentLink) {
        openObject()
        key("instance"); string(link.instance)
        key("scope"); int(link.scope)
        key("state"); string(link.state)
        closeObject()
    }
}
