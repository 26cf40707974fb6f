/// The static type of an expression, as the checker infers it.
///
/// `person` and `role` are strings (ids) that say what they name; they mix freely with `string`.
/// `any` means "not known before run time" and is never reported as a mismatch.
public indirect enum ExpressionType: Sendable, Hashable, CustomStringConvertible {
    /// Not known before run time.
    case any
    /// Only null (the literal `null`).
    case null
    /// Scalar types, as `ExpressionValue` has them.
    case bool, integer, number, string, date, datetime
    /// A person's id (`actor`, a form field of type person); a string.
    case person
    /// A role's id; a string.
    case role
    /// A list whose elements have the given type.
    case list(of: ExpressionType)
    /// An object with known fields. A closed object (`isOpen: false`) has only these fields, and the
    /// checker reports any other; an open one may have more, of type `any`.
    case object(fields: [String: ExpressionType], isOpen: Bool)
    /// The type, or null (a field that need not be filled in).
    case optional(ExpressionType)

    /// The type without `optional`.
    public var unwrapped: ExpressionType {
        if case let .optional(inner) = self { return inner.unwrapped }
        return self
    }

    /// The type of the elements of a list of this type; `any` when it is not a list.
    var elementType: ExpressionType {
        if case let .list(element) = unwrapped { return element }
        return .any
    }

    /// How the type reads in messages: `integer`, `list of string`, `object`.
    public var description: String {
        switch self {
        case .any: return "any value"
        case .null: return "null"
        case .bool: return "boolean"
        case .integer: return "integer"
        case .number: return "number"
        case .string: return "string"
        case .date: return "date"
        case .datetime: return "datetime"
        case .person: return "person"
        case .role: return "role"
        case let .list(element): return element == .any ? "list" : "list of \(element)"
        case .object: return "object"
        case let .optional(inner): return inner.description
        }
    }

    /// The kinds of run-time value this type admits.
    var kinds: ValueKinds {
        switch self {
        case .any: return .all
        case .null: return .null
        case .bool: return .bool
        case .integer: return .integer
        case .number: return .number
        case .string, .person, .role: return .string
        case .date: return .date
        case .datetime: return .datetime
        case .list: return .list
        case .object: return .object
        case let .optional(inner): return inner.kinds.union(.null)
        }
    }

    /// The kinds when the value is present (null removed, unless null is all it can be).
    var presentKinds: ValueKinds {
        let kinds = self.kinds
        let present = kinds.subtracting(.null)
        return present.isEmpty ? kinds : present
    }

    /// A type that covers both, for the two branches of `?:` and the elements of a list literal.
    static func union(_ a: ExpressionType, _ b: ExpressionType) -> ExpressionType {
        if a == b { return a }
        switch (a, b) {
        case (.any, _), (_, .any): return .any
        case (.null, .optional), (.optional, .null): return a == .null ? b : a
        case (.null, _): return .optional(b)
        case (_, .null): return .optional(a)
        case let (.optional(x), _): return .optional(union(x, b.unwrapped))
        case let (_, .optional(y)): return .optional(union(a, y))
        case (.integer, .number), (.number, .integer): return .number
        case (.string, .person), (.string, .role), (.person, .string), (.role, .string), (.person, .role),
             (.role, .person):
            return .string
        case let (.list(x), .list(y)): return .list(of: union(x, y))
        default: return .any
        }
    }
}

/// Sets of run-time value kinds, for checking operands and arguments.
struct ValueKinds: OptionSet, Sendable, Hashable {
    let rawValue: Int
    static let null = ValueKinds(rawValue: 1)
    static let bool = ValueKinds(rawValue: 2)
    static let integer = ValueKinds(rawValue: 4)
    static let number = ValueKinds(rawValue: 8)
    static let string = ValueKinds(rawValue: 16)
    static let date = ValueKinds(rawValue: 32)
    static let datetime = ValueKinds(rawValue: 64)
    static let list = ValueKinds(rawValue: 128)
    static let object = ValueKinds(rawValue: 256)
    static let numeric: ValueKinds = [.integer, .number]
    static let all: ValueKinds = [.null, .bool, .integer, .number, .string, .date, .datetime, .list, .object]

    /// The kind of a value.
    init(of value: ExpressionValue) {
        switch value {
        case .null: self = .null
        case .bool: self = .bool
        case .integer: self = .integer
        case .number: self = .number
        case .string: self = .string
        case .date: self = .date
        case .datetime: self = .datetime
        case .list: self = .list
        case .object: self = .object
        }
    }

    init(rawValue: Int) { self.rawValue = rawValue }

    /// `a string, list or object`, for messages.
    var phrase: String {
        let names: [(ValueKinds, String)] = [
            (.bool, "boolean"), (.integer, "integer"), (.number, "number"), (.string, "string"), (.date, "date"),
            (.datetime, "datetime"), (.list, "list"), (.object, "object"), (.null, "null"),
        ]
        var parts = names.filter { contains($0.0) }.map(\.1)
        if contains(.numeric) { parts.removeAll { $0 == "integer" || $0 == "number" }; parts.insert("number", at: 0) }
        guard let first = parts.first else { return "nothing" }
        let article = first.first.map { "aeiou".contains($0) } == true ? "an" : "a"
        if parts.count == 1 { return "\(article) \(first)" }
        return "\(article) " + parts.dropLast().joined(separator: ", ") + " or " + (parts.last ?? "")
    }
}
