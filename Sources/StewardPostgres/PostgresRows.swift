import NIOCore
import PostgresNIO
import StewardStore

/// The rows of one PostgreSQL statement as a store `Statement`: collected whole, read in place.
///
/// Columns arrive in PostgreSQL's binary format; the store's SQL returns only integers, text
/// and bytes, which are read here without a decoder per type.
final class PostgresRows: Statement {
    private let rows: [PostgresRow]
    private var index = -1
    private var cells: [PostgresCell] = []

    init(_ rows: [PostgresRow]) {
        self.rows = rows
    }

    func step() throws(StoreError) -> Bool {
        index += 1
        guard index < rows.count else { return false }
        cells = Array(rows[index])
        return true
    }

    func isNull(_ column: Int32) -> Bool { cell(column)?.bytes == nil }

    func int64(_ column: Int32) -> Int64 {
        guard let cell = cell(column), var bytes = cell.bytes else { return 0 }
        if cell.format == .text { return Int64(String(buffer: bytes)) ?? 0 }
        switch cell.dataType {
        case .int8: return bytes.readInteger(as: Int64.self) ?? 0
        case .int4, .oid: return Int64(bytes.readInteger(as: Int32.self) ?? 0)
        case .int2: return Int64(bytes.readInteger(as: Int16.self) ?? 0)
        case .bool: return Int64(bytes.readInteger(as: UInt8.self) ?? 0)
        default: return Int64(String(buffer: bytes)) ?? 0
        }
    }

    func text(_ column: Int32) -> String {
        guard let cell = cell(column), let bytes = cell.bytes else { return "" }
        guard cell.format == .binary else { return String(buffer: bytes) }
        switch cell.dataType {
        case .int8, .int4, .int2, .oid, .bool: return String(int64(column))
        // Binary jsonb starts with a version byte.
        case .jsonb: return String(decoding: bytes.readableBytesView.dropFirst(), as: UTF8.self)
        default: return String(buffer: bytes)
        }
    }

    func value(_ column: Int32) -> SQLValue {
        guard let cell = cell(column), cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int8, .int4, .int2, .oid, .bool: return .int(int64(column))
        case .bytea: return .blob(blob(column))
        default: return .text(text(column))
        }
    }

    func blob(_ column: Int32) -> [UInt8] {
        guard let bytes = cell(column)?.bytes else { return [] }
        return Array(bytes.readableBytesView)
    }

    func textBytes(_ column: Int32) -> UnsafeRawBufferPointer {
        // The cell's buffer lives as long as this row set; its storage is not moved while read.
        guard let bytes = cell(column)?.bytes else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return bytes.withUnsafeReadableBytes { UnsafeRawBufferPointer(start: $0.baseAddress, count: $0.count) }
    }

    private func cell(_ column: Int32) -> PostgresCell? {
        let index = Int(column)
        return cells.indices.contains(index) ? cells[index] : nil
    }
}
