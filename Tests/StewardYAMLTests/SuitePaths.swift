import Foundation

/// Where the shared test data lives: `STEWARD_SUITES`, else `../shared/suites` beside the package.
enum SuitePaths {
    static var packageRoot: URL {
        if let root = ProcessInfo.processInfo.environment["STEWARD_ROOT"] { return URL(fileURLWithPath: root) }
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
            url.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }

    static var suites: URL {
        if let dir = ProcessInfo.processInfo.environment["STEWARD_SUITES"] { return URL(fileURLWithPath: dir) }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/suites")
    }

    static var yamlTestSuite: URL { suites.appendingPathComponent("yaml-test-suite") }
}
