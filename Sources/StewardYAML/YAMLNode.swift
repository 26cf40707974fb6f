/// A position in YAML source: 1-based line and column (columns count Unicode characters).
public struct YAMLMark: Hashable, Sendable, Comparable, CustomStringConvertible {
    private let storedLine: UInt32
    private let storedColumn: UInt32
    public var line: Int { Int(storedLine) }
    public var column: Int { Int(storedColumn) }

    public init(line: Int, column: Int) {
        self.storedLine = UInt32(truncatingIfNeeded: line)
        self.storedColumn = UInt32(truncatingIfNeeded: column)
    }

    public var description: String { "\(line):\(column)" }

    public static func < (lhs: YAMLMark, rhs: YAMLMark) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

/// Where a node starts and where it ends (just past its last character).
public struct YAMLRange: Hashable, Sendable {
    public let start: YAMLMark
    public let end: YAMLMark

    public init(start: YAMLMark, end: YAMLMark) {
        self.start = start
        self.end = end
    }
}

/// How a scalar was written; quoted scalars are always strings to the schema.
public enum ScalarStyle: String, Sendable, Hashable {
    case plain, singleQuoted, doubleQuoted, literal, folded
}

/// Whether a collection was written in block (indented) or flow (`[…]`, `{…}`) style.
public enum CollectionStyle: String, Sendable, Hashable {
    case block, flow
}

/// A scalar exactly as written: its text is never typed here.
///
/// The language layer types each scalar by the field it fills, so `no`, `1.10`
/// and `0123` keep the meaning their author gave them.
public struct YAMLScalar: Hashable, Sendable {
    public let text: String
    public let style: ScalarStyle
    /// The resolved tag (`tag:yaml.org,2002:str`, `!`), or nil when none was written.
    public let tag: String?
    public let range: YAMLRange

    public init(text: String, style: ScalarStyle, tag: String? = nil, range: YAMLRange) {
        self.text = text
        self.style = style
        self.tag = tag
        self.range = range
    }

    /// A plain, untagged scalar that the core schema would read as null (`~`, `null`, empty).
    public var isNull: Bool {
        guard style == .plain else { return tag == YAMLTag.null }
        if let tag, tag != YAMLTag.null { return false }
        switch text {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }
}

/// A sequence of nodes.
public struct YAMLSequence: Hashable, Sendable {
    public let items: [YAMLNode]
    public let style: CollectionStyle
    public let tag: String?
    public let range: YAMLRange
}

/// One key and its value, in source order.
public struct YAMLPair: Hashable, Sendable {
    public let key: YAMLNode
    public let value: YAMLNode
}

/// A mapping whose pairs keep the order the author wrote them in.
public struct YAMLMapping: Hashable, Sendable {
    public let pairs: [YAMLPair]
    public let style: CollectionStyle
    public let tag: String?
    public let range: YAMLRange

    /// The value of the first pair whose key is the scalar `key`.
    public subscript(key: String) -> YAMLNode? {
        // Matched in place: going through `scalar` would copy each key's scalar out of its node.
        for pair in pairs {
            if case .scalar(let s) = pair.key, s.text == key { return pair.value }
        }
        return nil
    }
}

/// A node of the immutable tree the loader builds; aliases are already resolved.
public indirect enum YAMLNode: Hashable, Sendable {
    case scalar(YAMLScalar)
    case sequence(YAMLSequence)
    case mapping(YAMLMapping)

    /// Where the node starts and ends in the source.
    public var range: YAMLRange {
        switch self {
        case .scalar(let s): s.range
        case .sequence(let s): s.range
        case .mapping(let m): m.range
        }
    }

    /// Where the node starts.
    public var start: YAMLMark { range.start }

    /// The tag written on the node, if any.
    public var tag: String? {
        switch self {
        case .scalar(let s): s.tag
        case .sequence(let s): s.tag
        case .mapping(let m): m.tag
        }
    }

    public var scalar: YAMLScalar? {
        if case .scalar(let s) = self { return s }
        return nil
    }

    public var sequence: YAMLSequence? {
        if case .sequence(let s) = self { return s }
        return nil
    }

    public var mapping: YAMLMapping? {
        if case .mapping(let m) = self { return m }
        return nil
    }

    /// A word for the kind of node, for messages: "a text value", "a list", "a mapping".
    public var kindDescription: String {
        switch self {
        case .scalar: "a single value"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }
}

/// One document of a stream.
public struct YAMLDocument: Hashable, Sendable {
    /// The document's content; an empty document holds a null scalar.
    public let root: YAMLNode
    public let range: YAMLRange
}

/// The standard tags the loader accepts without `allowCustomTags`.
public enum YAMLTag {
    public static let prefix = "tag:yaml.org,2002:"
    public static let str = prefix + "str"
    public static let int = prefix + "int"
    public static let float = prefix + "float"
    public static let bool = prefix + "bool"
    public static let null = prefix + "null"
    public static let seq = prefix + "seq"
    public static let map = prefix + "map"
    public static let merge = prefix + "merge"
    /// The non-specific tag `!`: "a string, whatever it looks like".
    public static let nonSpecific = "!"

    static let standard: Set<String> = [str, int, float, bool, null, seq, map, merge, nonSpecific]
}
