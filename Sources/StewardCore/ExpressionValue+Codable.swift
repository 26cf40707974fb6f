import StewardExpressions
import StewardTime

/// Values are stored tagged (`["i", 5]`, `["d", "2026-03-31"]`) so that a whole number,
/// a decimal, a date and a time read back exactly as they were written.
extension ExpressionValue: Codable {
    public init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        let tag = try c.decode(String.self)
        switch tag {
        case "z": self = .null
        case "b": self = .bool(try c.decode(Bool.self))
        case "i": self = .integer(try c.decode(Int.self))
        case "n": self = .number(try c.decode(Double.self))
        case "s": self = .string(try c.decode(String.self))
        case "d":
            let text = try c.decode(String.self)
            guard let date = CivilDate(iso: text) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "bad date \(text)")
            }
            self = .date(date)
        case "t": self = .datetime(Instant(millisecondsSinceEpoch: try c.decode(Int64.self)))
        case "l": self = .list(try c.decode([ExpressionValue].self))
        case "o":
            let pairs = try c.decode([Pair].self)
            self = .object(ExpressionObject(pairs.map { ($0.key, $0.value) }))
        default:
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "unknown value tag \(tag)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        switch self {
        case .null: try c.encode("z")
        case .bool(let b): try c.encode("b"); try c.encode(b)
        case .integer(let i): try c.encode("i"); try c.encode(i)
        case .number(let d): try c.encode("n"); try c.encode(d)
        case .string(let s): try c.encode("s"); try c.encode(s)
        case .date(let d): try c.encode("d"); try c.encode(d.description)
        case .datetime(let t): try c.encode("t"); try c.encode(t.millisecondsSinceEpoch)
        case .list(let items): try c.encode("l"); try c.encode(items)
        case .object(let o): try c.encode("o"); try c.encode(o.entries.map { Pair(key: $0.key, value: $0.value) })
        }
    }

    private struct Pair: Codable {
        let key: String
        let value: ExpressionValue

        init(key: String, value: ExpressionValue) {
            self.key = key
            self.value = value
        }

        init(from decoder: any Decoder) throws {
            var c = try decoder.unkeyedContainer()
            key = try c.decode(String.self)
            value = try c.decode(ExpressionValue.self)
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.unkeyedContainer()
            try c.encode(key)
            try c.encode(value)
        }
    }
}

extension ExpressionObject: Codable {
    public init(from decoder: any Decoder) throws {
        guard case .object(let o) = try ExpressionValue(from: decoder) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected an object"))
        }
        self = o
    }

    public func encode(to encoder: any Encoder) throws {
        try ExpressionValue.object(self).encode(to: encoder)
    }
}

extension Instant: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(millisecondsSinceEpoch: try decoder.singleValueContainer().decode(Int64.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(millisecondsSinceEpoch)
    }
}
