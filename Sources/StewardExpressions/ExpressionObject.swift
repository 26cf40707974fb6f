/// Named values in the order they were given; looking a name up is a hash lookup.
public struct ExpressionObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    /// The field names in order.
    public private(set) var keys: [String] = []
    private var storage: [String: ExpressionValue] = [:]

    /// An object with no fields.
    public init() {}

    /// An object with these fields in this order; a repeated name keeps its first place and its last value.
    public init(_ pairs: some Sequence<(String, ExpressionValue)>) {
        for (key, value) in pairs { self[key] = value }
    }

    public init(dictionaryLiteral elements: (String, ExpressionValue)...) { self.init(elements) }

    /// The value of a field, or nil when there is no such field; setting nil removes the field.
    public subscript(key: String) -> ExpressionValue? {
        get { storage[key] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if storage.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// How many fields there are.
    public var count: Int { keys.count }

    /// The fields in order.
    public var entries: [(key: String, value: ExpressionValue)] {
        keys.compactMap { key in storage[key].map { (key, $0) } }
    }
}
