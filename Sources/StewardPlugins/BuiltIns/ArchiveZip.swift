import Foundation
import ZIPFoundation

/// One file of a ledger package: its name inside the ZIP and its bytes.
public struct ArchiveEntry: Sendable, Equatable {
    public let name: String
    public let bytes: [UInt8]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }
}

/// Writing and reading ledger packages as ZIP files.
///
/// Written so that the same entries always give the same bytes: entries in the order given
/// (the package sorts them), every one dated 1980-01-01 00:00 (the earliest date ZIP can
/// hold), mode 0644, and stored without compression, so the bytes depend on no compressor's
/// version and any ZIP tool reads them.
public enum ArchiveZip {
    /// Why a ZIP could not be written or read.
    public struct Failure: Error, Sendable {
        public let message: String
    }

    /// The date every entry carries (interpreted in UTC by the writer).
    static let entryDate = Date(timeIntervalSince1970: 315_532_800)

    /// The largest package read back (all entries together, 1 GiB): a ZIP claiming more is refused unread.
    public static let readLimit: UInt64 = 1 << 30

    public static func bytes(of entries: [ArchiveEntry]) throws(Failure) -> [UInt8] {
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            for entry in entries {
                let bytes = entry.bytes
                try archive.addEntry(with: entry.name, type: .file, uncompressedSize: Int64(bytes.count),
                                     modificationDate: entryDate, permissions: 0o644, compressionMethod: .none,
                                     provider: { (position: Int64, size: Int) throws -> Data in
                                         Data(bytes[Int(position)..<(Int(position) + size)])
                                     })
            }
            guard let data = archive.data else { throw Failure(message: "the ZIP writer returned nothing") }
            return Array(data)
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(message: "cannot make the ZIP: \(error)")
        }
    }

    /// The entries of the ZIP `bytes`, in their order, each checked against its CRC-32; folders
    /// and links are reported by name (a package holds only files).
    public static func entries(of bytes: [UInt8]) throws(Failure) -> [ArchiveEntry] {
        let archive: Archive
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw Failure(message: "it is not a ZIP file (\(error))")
        }
        let listed = Array(archive)
        let claimed = listed.reduce(UInt64(0)) { $0 &+ $1.uncompressedSize }
        guard claimed <= readLimit else {
            throw Failure(message: "its entries claim \(claimed) bytes, more than the \(readLimit) read")
        }
        var entries: [ArchiveEntry] = []
        for entry in listed {
            guard entry.type == .file else {
                throw Failure(message: "the entry '\(entry.path)' is a \(entry.type == .directory ? "folder" : "link"), not a file")
            }
            var data = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
            } catch {
                throw Failure(message: "the entry '\(entry.path)' cannot be read back (\(error)): it was altered or damaged")
            }
            entries.append(ArchiveEntry(name: entry.path, bytes: Array(data)))
        }
        return entries
    }
}
