/// A JSON value as the plug-in protocol carries it: what a call's `with:` holds and what a
/// handler returns. Objects keep their keys in the order they were written.
///
/// The kit has its own value type (it depends on nothing of Steward's), so a plug-in built
/// against it never shares a Swift type with the Steward that loads it.
public enum PluginValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A whole number written without a fraction or exponent, in the 64-bit range.
    case integer(Int)
    /// Any other number.
    case number(Double)
    case string(String)
    case list([PluginValue])
    case object(PluginObject)

    /// The text, when the value is a string.
    public var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The whole number, when the value is one.
    public var integer: Int? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The number, whole or not.
    public var number: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .number(let value): return value
        default: return nil
        }
    }

    public var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var list: [PluginValue]? {
        if case .list(let items) = self { return items }
        return nil
    }

    public var object: PluginObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    public var isNull: Bool { self == .null }
}

/// A JSON object with its keys in order; setting a key that exists replaces its value in place.
public struct PluginObject: Sendable, Equatable, ExpressibleByDictionaryLiteral, Sequence {
    public private(set) var entries: [(key: String, value: PluginValue)] = []

    public init() {}

    /// Later duplicates of a key replace earlier ones.
    public init(_ pairs: some Sequence<(String, PluginValue)>) {
        for (key, value) in pairs { self[key] = value }
    }

    public init(dictionaryLiteral elements: (String, PluginValue)...) { self.init(elements) }

    public subscript(key: String) -> PluginValue? {
        get { entries.first { $0.key == key }?.value }
        set {
            let index = entries.firstIndex { $0.key == key }
            switch (index, newValue) {
            case let (index?, value?): entries[index].value = value
            case let (index?, nil): entries.remove(at: index)
            case let (nil, value?): entries.append((key, value))
            case (nil, nil): break
            }
        }
    }

    public var keys: [String] { entries.map(\.key) }
    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    public func makeIterator() -> IndexingIterator<[(key: String, value: PluginValue)]> { entries.makeIterator() }

    /// Objects are equal when they hold the same keys with equal values, in any order.
    public static func == (lhs: PluginObject, rhs: PluginObject) -> Bool {
        lhs.count == rhs.count && lhs.entries.allSatisfy { rhs[$0.key] == $0.value }
    }
}

extension PluginValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: PluginValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, PluginValue)...) { self = .object(PluginObject(elements)) }
    public init(nilLiteral: ()) { self = .null }
}
