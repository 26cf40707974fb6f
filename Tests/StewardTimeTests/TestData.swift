import Foundation

/// Where the tests find the shared suites and the package's own files.
///
/// The package root is `STEWARD_ROOT` if set, else the nearest folder above this file that
/// holds `Package.swift`. The suites are `STEWARD_SUITES` if set, else `<root>/../shared/suites`.
enum TestData {
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    static func packageRoot(filePath: String = #filePath) throws -> URL {
        if let root = ProcessInfo.processInfo.environment["STEWARD_ROOT"], !root.isEmpty {
            return URL(fileURLWithPath: root, isDirectory: true)
        }
        var folder = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                return folder
            }
            folder = folder.deletingLastPathComponent()
        }
        throw Missing(description: "no Package.swift above \(filePath); set STEWARD_ROOT")
    }

    static func suites() throws -> URL {
        if let suites = ProcessInfo.processInfo.environment["STEWARD_SUITES"], !suites.isEmpty {
            return URL(fileURLWithPath: suites, isDirectory: true)
        }
        return try packageRoot().deletingLastPathComponent().appendingPathComponent("shared/suites", isDirectory: true)
    }

    /// The bytes of `relativePath` under the suites folder.
    static func suiteFile(_ relativePath: String) throws -> Data {
        let url = try suites().appendingPathComponent(relativePath)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw Missing(description: "cannot read \(url.path); set STEWARD_SUITES to the shared suites folder")
        }
        return data
    }

    /// The text of `relativePath` under the package root.
    static func packageText(_ relativePath: String) throws -> String {
        let url = try packageRoot().appendingPathComponent(relativePath)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw Missing(description: "cannot read \(url.path); set STEWARD_ROOT to the package root")
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, suite relativePath: String) throws -> T {
        try JSONDecoder().decode(type, from: suiteFile(relativePath))
    }
}
