import Foundation
import StewardDiagnostics

/// Turns the paths a user typed into the workflow files to check.
struct WorkflowFiles {
    var files: [String] = []
    /// Problems with the paths themselves (an empty folder).
    var problems: [Diagnostic] = []

    /// A finding when `path`, given with `option`, is not a folder; nil when it is one.
    static func missingFolder(_ path: String, option: String) -> Diagnostic? {
        var isDirectory: ObjCBool = false
        guard !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) || !isDirectory.boolValue else {
            return nil
        }
        return Diagnostic(code: "folder-not-found", file: path, location: nil,
                          message: "\(option) names '\(path)', which is not a folder",
                          notes: ["give the folder that holds the files, or leave the option out to use the default"])
    }

    static func expand(_ paths: [String]) -> WorkflowFiles {
        var result = WorkflowFiles()
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                result.files.append(path)  // a missing file is reported when it is read
                continue
            }
            let names = ((try? fm.contentsOfDirectory(atPath: path)) ?? [])
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
                .sorted()
            if names.isEmpty {
                result.problems.append(Diagnostic(
                    code: "no-workflow-files", file: path, location: nil,
                    message: "this folder holds no workflow files (.yaml or .yml)",
                    notes: ["give a workflow file, or a folder that holds some"]))
            }
            let prefix = path.hasSuffix("/") ? path : path + "/"
            result.files.append(contentsOf: names.map { prefix + $0 })
        }
        var seen = Set<String>()
        result.files = result.files.filter { seen.insert($0).inserted }
        return result
    }
}
