import StewardExpressions
import StewardPlugins
import StewardTime

/// Whether a value written in `with:` fits the type a handler's contract gives the input.
enum HandlerInputCheck {
    /// Whether an expression of static type `type` may fill an input of type `wanted`.
    static func accepts(_ wanted: HandlerValueType, _ type: ExpressionType) -> Bool {
        switch (wanted, type.unwrapped) {
        case (.any, _), (_, .any), (_, .null): true
        case (.text, _): true
        case (.number, .number), (.number, .integer), (.integer, .integer), (.boolean, .bool): true
        case (.date, .date), (.date, .string), (.datetime, .datetime), (.datetime, .date), (.datetime, .string): true
        case (.duration, .string): true
        case (.person, .person), (.person, .string), (.role, .role), (.role, .string): true
        case (.recipients, .person), (.recipients, .role), (.recipients, .string), (.recipients, .list), (.recipients, .object): true
        case (.list, .list): true
        case (.object, .object): true
        default: false
        }
    }

    static func describe(_ type: HandlerValueType) -> String {
        switch type {
        case .text: "text"
        case .number: "a number"
        case .integer: "a whole number"
        case .boolean: "true or false"
        case .date: "a date"
        case .datetime: "a date and time"
        case .duration: "a duration such as 3d or 2 working days"
        case .person: "a person of the roster"
        case .role: "a role of the roster"
        case .recipients: "people or roles (a person or role id, { person: P }, { role: R }, or a list of them)"
        case .list: "a list"
        case .object: "a mapping of keys to values"
        case .any: "any value"
        }
    }

    /// What is wrong with a value written out (no expression) for an input of type `wanted`; nil when it fits.
    static func problem(_ value: ArgumentValue, for wanted: HandlerValueType) -> String? {
        switch (value, wanted) {
        case (_, .any), (.text, .text): return nil
        case (.list, .list), (.mapping, .object): return nil
        case (.list(let items, _), .recipients): return items.lazy.compactMap { problem($0, for: .recipients) }.first
        case (.mapping(let pairs, _), .recipients):
            guard pairs.count == 1, ["role", "person"].contains(pairs[0].key) else {
                return "a mapping in it names one person or role, as { role: R } or { person: P }"
            }
            if case .mapping = pairs[0].value { return "'\(pairs[0].key)' takes an id, or a list of ids" }
            return nil
        case (.text(let text), _):
            // Expressions are checked by type in the expression pass.
            guard let literal = text.literal else { return nil }
            return literalProblem(literal, for: wanted)
        case (.list, _): return "a list was given"
        case (.mapping, _): return "a mapping was given"
        }
    }

    private static func literalProblem(_ text: String, for wanted: HandlerValueType) -> String? {
        switch wanted {
        case .integer: return Int(text) == nil ? "'\(text)' is not a whole number" : nil
        case .number: return Double(text) == nil ? "'\(text)' is not a number" : nil
        case .boolean: return text == "true" || text == "false" ? nil : "'\(text)' is neither true nor false"
        case .date: return CivilDate(iso: text) == nil ? "'\(text)' is not a date (YYYY-MM-DD)" : nil
        case .datetime:
            if CivilDate(iso: text) != nil { return nil }
            do { _ = try Instant(iso8601: text) } catch { return "'\(text)': \(error.description)" }
            return nil
        case .duration:
            do { _ = try DurationSpec(parsing: text) } catch { return "'\(text)': \(error.description)" }
            return nil
        case .list, .object: return "'\(text)' is a single value"
        case .text, .any, .person, .role, .recipients: return nil
        }
    }
}
