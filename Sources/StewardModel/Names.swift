/// What counts as a well-formed id or name in the workflow language.
enum Names {
    /// Workflow ids: `[a-z0-9][a-z0-9-]*`, at most 64 characters (they name files and appear in commands).
    static func isWorkflowID(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, s.unicodeScalars.count <= 64, isLowerAlnum(first) else { return false }
        return s.unicodeScalars.allSatisfy { isLowerAlnum($0) || $0 == "-" }
    }

    /// Handler names (`uses:`, steward.yaml `channels:`): as workflow ids.
    static func isHandlerName(_ s: String) -> Bool { isWorkflowID(s) }

    /// Ids the command line uses as words, so a workflow may not take them.
    static let reservedWorkflowIDs: Set<String> = ["all", "help", "new", "none", "steward", "default", "version"]

    /// State, field, action and variable names: a letter (Chinese letters too) then letters, digits, `_` or `-`.
    static func isName(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, s.unicodeScalars.count <= 64,
              isLetter(first) || first == "_" else { return false }
        return s.unicodeScalars.allSatisfy { isLetter($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }

    /// A letter, any script; ASCII answered without the Unicode tables.
    static func isLetter(_ c: Unicode.Scalar) -> Bool {
        c.isASCII ? ("a"..."z").contains(c) || ("A"..."Z").contains(c) : c.properties.isAlphabetic
    }

    /// Names the language itself uses in the places a user could pick one.
    static let reservedFieldNames: Set<String> = ["comment"]

    /// Roster ids (people and roles): lower-case letters, digits, `.`, `_` and `-`.
    static func isRosterID(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, isLowerAlnum(first), s.unicodeScalars.count <= 64 else { return false }
        return s.unicodeScalars.allSatisfy { isLowerAlnum($0) || $0 == "-" || $0 == "." || $0 == "_" }
    }

    private static func isLowerAlnum(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("0"..."9").contains(c)
    }
}
