import StewardTime

/// A value an expression works with or produces.
///
/// `Equatable` here is structural (Swift's `==`: `.integer(1) != .number(1)`); the language's own
/// `==` is `equals(_:)`, which compares numbers by value. People and roles are strings (their ids).
public enum ExpressionValue: Sendable, Equatable {
    /// No value: a field not filled in, a state not run yet, `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A whole number in the 64-bit range.
    case integer(Int)
    /// A finite decimal number.
    case number(Double)
    /// Text.
    case string(String)
    /// A calendar day.
    case date(CivilDate)
    /// A point in time.
    case datetime(Instant)
    /// An ordered list.
    case list([ExpressionValue])
    /// Named fields, in the order they were given.
    case object(ExpressionObject)

    /// The name of the value's type as messages print it: `integer`, `string`, `list`…
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .integer: return "integer"
        case .number: return "number"
        case .string: return "string"
        case .date: return "date"
        case .datetime: return "datetime"
        case .list: return "list"
        case .object: return "object"
        }
    }

    /// True for `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension ExpressionValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: ExpressionValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, ExpressionValue)...) { self = .object(ExpressionObject(elements)) }
}
