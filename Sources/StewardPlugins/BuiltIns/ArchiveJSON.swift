import StewardExpressions

/// The JSON files of a ledger package, laid out for people to read (two spaces a level,
/// fields in their order) from Steward's one JSON writer (`ExpressionValue.json`), so the
/// same values always give the same bytes.
enum ArchiveJSON {
    static func text(_ value: ExpressionValue) -> String {
        layout(value, indent: "") + "\n"
    }

    private static func layout(_ value: ExpressionValue, indent: String) -> String {
        let inner = indent + "  "
        switch value {
        case .list(let items) where !items.isEmpty:
            return "[\n" + items.map { inner + layout($0, indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        case .object(let object) where !object.entries.isEmpty:
            let fields = object.entries.map { inner + ExpressionValue.string($0.key).json + ": " + layout($0.value, indent: inner) }
            return "{\n" + fields.joined(separator: ",\n") + "\n" + indent + "}"
        default:
            return value.json
        }
    }
}
