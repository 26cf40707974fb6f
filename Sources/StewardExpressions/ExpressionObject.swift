/// Named values in the order they were given.
///
/// Objects here are small (a form, a step's arguments, an instance's variables): their
/// fields are kept as a list and found by comparing names, which costs less than hashing.
/// Past `indexedFrom` fields a name → position table is kept as well, so a large object
/// (a roster, an imported list) still looks names up in constant time.
public struct ExpressionObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    /// The fields in order.
    public private(set) var entries: [(key: String, value: ExpressionValue)] = []
    /// Positions by name, only once the object is large.
    private var positions: [String: Int]?
    static let indexedFrom = 16

    /// An object with no fields.
    public init() {}

    /// An object with these fields in this order; a repeated name keeps its first place and its last value.
    public init(_ pairs: some Sequence<(String, ExpressionValue)>) {
        for (key, value) in pairs { self[key] = value }
    }

    public init(dictionaryLiteral elements: (String, ExpressionValue)...) { self.init(elements) }

    private func position(of key: String) -> Int? {
        if let positions { return positions[key] }
        return entries.firstIndex { $0.key == key }
    }

    /// The value of a field, or nil when there is no such field; setting nil removes the field.
    public subscript(key: String) -> ExpressionValue? {
        get { position(of: key).map { entries[$0].value } }
        set {
            let existing = position(of: key)
            switch (existing, newValue) {
            case let (index?, value?):
                entries[index].value = value
            case let (nil, value?):
                entries.append((key, value))
                if positions != nil {
                    positions?[key] = entries.count - 1
                } else if entries.count >= Self.indexedFrom {
                    positions = Dictionary(entries.enumerated().map { ($0.element.key, $0.offset) }, uniquingKeysWith: { a, _ in a })
                }
            case let (index?, nil):
                entries.remove(at: index)
                if positions != nil {
                    positions = Dictionary(entries.enumerated().map { ($0.element.key, $0.offset) }, uniquingKeysWith: { a, _ in a })
                }
            case (nil, nil):
                break
            }
        }
    }

    /// The field names in order.
    public var keys: [String] { entries.map(\.key) }

    /// How many fields there are.
    public var count: Int { entries.count }

    /// Same fields in the same order with equal values.
    public static func == (lhs: ExpressionObject, rhs: ExpressionObject) -> Bool {
        lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}
