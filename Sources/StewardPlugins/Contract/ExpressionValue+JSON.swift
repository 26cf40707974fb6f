import StewardAudit
import StewardExpressions

extension ExpressionValue {
    /// Reads a JSON text (strictly, as the trail's reader does): objects with their keys sorted,
    /// integers that fit as whole numbers, other numbers as decimals.
    init(parsingJSON text: String) throws(JSONParseError) {
        self.init(try AuditValue(parsingJSON: text))
    }

    /// A JSON value as a value of the workflow language (an object's keys sorted, so that what
    /// is recorded does not depend on the order a plug-in or a server wrote them in).
    init(_ value: AuditValue) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = Int(exactly: number).map { .integer($0) } ?? .number(Double(number))
        case .double(let number): self = .number(number)
        case .string(let text): self = .string(text)
        case .array(let items): self = .list(items.map(ExpressionValue.init))
        case .object(let fields):
            self = .object(ExpressionObject(fields.sorted { $0.key < $1.key }.map { ($0.key, ExpressionValue($0.value)) }))
        }
    }
}
