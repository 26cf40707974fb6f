import StewardDiagnostics

/// The type of a form field or workflow input.
public indirect enum FieldType: Sendable, Hashable, CustomStringConvertible {
    case string, text, integer, number, boolean, date, datetime, duration, person, role, file
    /// One of fixed values.
    case enumeration([String])
    /// A list whose items have the given spec.
    case list(FieldSpec)
    /// An object with named fields, in order.
    case object([FieldSpec])

    /// The names users write after `type:`.
    public static let names = ["string", "text", "integer", "number", "boolean", "date", "datetime",
                               "duration", "person", "role", "enum", "list", "object", "file"]

    public var description: String {
        switch self {
        case .string: "string"
        case .text: "text"
        case .integer: "integer"
        case .number: "number"
        case .boolean: "boolean"
        case .date: "date"
        case .datetime: "datetime"
        case .duration: "duration"
        case .person: "person"
        case .role: "role"
        case .file: "file"
        case .enumeration: "enum"
        case .list: "list"
        case .object: "object"
        }
    }
}

/// A typed value an input or form field holds, after checking against its spec.
public indirect enum FieldValue: Sendable, Hashable {
    case null
    case string(String)
    case integer(Int)
    case number(Double)
    case boolean(Bool)
    case list([FieldValue])
    case object([String: FieldValue])
}

/// One input of a workflow or one field of a task's form.
public struct FieldSpec: Sendable, Hashable {
    public let name: String
    public let type: FieldType
    public let required: Bool
    public let defaultValue: FieldValue?
    public let minimum: Double?
    public let maximum: Double?
    /// A regular expression the whole text must match (strings and text).
    public let pattern: String?
    /// The label shown to people (often Chinese).
    public let label: String?
    public let location: SourceLocation
    /// Where `default:` is written, for findings about its value (a person not in the roster).
    public var defaultLocation: SourceLocation?

    public init(name: String, type: FieldType, required: Bool = false, defaultValue: FieldValue? = nil,
                minimum: Double? = nil, maximum: Double? = nil, pattern: String? = nil, label: String? = nil,
                location: SourceLocation) {
        self.name = name
        self.type = type
        self.required = required
        self.defaultValue = defaultValue
        self.minimum = minimum
        self.maximum = maximum
        self.pattern = pattern
        self.label = label
        self.location = location
    }
}
