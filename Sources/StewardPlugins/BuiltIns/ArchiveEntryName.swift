import Foundation

/// The names of the files inside a ledger package, made by Steward: whatever a file in the
/// documents folder is called, its entry cannot point outside the folder an auditor unpacks
/// it into, on any system. (ZIP writers store the name they are given, `../` included.)
public enum ArchiveEntryName {
    /// `name` made safe, or nil when nothing is left:
    /// - `\` counts as a folder separator (it is one on Windows), so `..\x` is two steps;
    /// - empty, `.` and `..` steps are dropped, and with them any leading `/`;
    /// - `:` (a drive on Windows) and control characters become `_`;
    /// - the text is in Unicode NFC, so the same name is the same bytes.
    public static func clean(_ name: String) -> String? {
        let normalized = name.precomposedStringWithCanonicalMapping
        let steps = normalized.replacingOccurrences(of: "\\", with: "/").split(separator: "/")
            .filter { $0 != "." && $0 != ".." }
            .map { step in
                String(String.UnicodeScalarView(step.unicodeScalars.map { scalar in
                    scalar == ":" || SafePath.isControl(scalar) ? "_" : scalar
                }))
            }
        return steps.isEmpty ? nil : steps.joined(separator: "/")
    }

    /// Whether `name` is already as `clean` would make it.
    public static func isClean(_ name: String) -> Bool {
        clean(name) == name && name.utf8.elementsEqual(name.precomposedStringWithCanonicalMapping.utf8)
    }

    /// Whether `a` sorts before `b` by their UTF-8 bytes: the order of a package's entries.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
