import Foundation

/// Conversions between Swift values and the store's text columns.
enum ColumnCoding {
    /// A status column's value as its enum; a value outside the schema's CHECK means damage.
    static func decode<Value: RawRepresentable>(_ raw: String, as type: Value.Type) throws(StoreError) -> Value
    where Value.RawValue == String {
        guard let value = Value(rawValue: raw) else { throw StoreError(.corrupt, StoreError.corruptMessage) }
        return value
    }

    /// A list of names as a JSON array of strings, the bytes JSONEncoder gives (slashes
    /// escaped too); written by hand because every act stores a task's lists.
    static func encodeList(_ names: [String]) -> String {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (index, name) in names.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            for byte in name.utf8 {
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out += [UInt8(ascii: "\\"), byte]
                case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
                case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
                case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                case 0x00..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                            hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
                default: out.append(byte)
                }
            }
            out.append(UInt8(ascii: "\""))
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
        error.sqliteCode == constraintPrimaryKey || error.sqliteCode == constraintUnique
    }
}
