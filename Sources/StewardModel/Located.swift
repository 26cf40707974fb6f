import StewardDiagnostics
import StewardExpressions

/// A value with the place in the workflow file where it was written.
public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    public let value: Value
    public let location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

/// Text that may hold `${{ … }}` expressions, parsed once when the file is read.
public struct TemplateText: Sendable, Hashable {
    /// The text as written.
    public let raw: String
    /// The parsed template; nil only when it had a syntax error (already reported).
    public let template: ExpressionTemplate?
    public let location: SourceLocation
    /// Where each character offset of `raw` is in the file (for precise expression errors).
    let origin: ScalarOrigin
    /// Whether an expression in it reads `states`: the engine gathers every state's values
    /// only for those (most titles and messages read inputs, vars or the item).
    public let readsStates: Bool

    init(raw: String, template: ExpressionTemplate?, location: SourceLocation, origin: ScalarOrigin) {
        self.raw = raw
        self.template = template
        self.location = location
        self.origin = origin
        readsStates = template?.expressions.contains { $0.reads("states") } ?? false
    }

    public static func == (lhs: TemplateText, rhs: TemplateText) -> Bool {
        lhs.raw == rhs.raw && lhs.location == rhs.location
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(raw)
        hasher.combine(location)
    }

    /// Whether the text holds an expression (as opposed to a fixed value).
    public var isExpression: Bool {
        if case .literal? = template { return false }
        return template != nil
    }

    /// The text when it holds no expression.
    public var literal: String? {
        if case .literal(let text)? = template { return text }
        return nil
    }
}

/// Maps a character offset inside a scalar's text back to a line and column.
///
/// Exact for plain and quoted scalars on one line (the usual case for expressions);
/// for block scalars and multi-line values it points at the value's start.
struct ScalarOrigin: Sendable, Hashable {
    let start: SourceLocation
    let quoted: Bool
    let singleLine: Bool

    func location(ofOffset offset: Int) -> SourceLocation {
        guard singleLine else { return start }
        return SourceLocation(line: start.line, column: start.column + offset + (quoted ? 1 : 0))
    }
}
