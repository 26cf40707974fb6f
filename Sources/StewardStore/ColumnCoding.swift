import Foundation
import StewardAudit

/// Conversions between Swift values and the store's text columns.
enum ColumnCoding {
    /// A status column's value as its enum; a value outside the schema's CHECK means damage.
    static func decode<Value: RawRepresentable>(_ raw: String, as type: Value.Type) throws(StoreError) -> Value
    where Value.RawValue == String {
        guard let value = Value(rawValue: raw) else { throw StoreError(.corrupt, StoreError.corruptMessage) }
        return value
    }

    /// A list of names as a JSON array of strings, the bytes JSONEncoder gives (slashes
    /// escaped too); written without it because every act stores a task's lists.
    static func encodeList(_ names: [String]) -> String {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (index, name) in names.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            AuditValue.writeString(name, to: &out, escapingSlashes: true)
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    /// A JSON array of strings as a list; anything else means damage.
    static func decodeList(_ text: String) throws(StoreError) -> [String] {
        guard let names = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) else {
            throw StoreError(.corrupt, StoreError.corruptMessage)
        }
        return names
    }

    /// SQLite extended result codes the store tells apart.
    static let constraintPrimaryKey: Int32 = 19 | (6 << 8)
    static let constraintUnique: Int32 = 19 | (8 << 8)
    static let constraintForeignKey: Int32 = 19 | (3 << 8)

    /// True for a duplicate primary key or unique value.
    static func isDuplicate(_ error: StoreError) -> Bool {
        error.violation == .duplicate
    }
}
