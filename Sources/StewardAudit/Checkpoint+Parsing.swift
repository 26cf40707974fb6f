extension Checkpoint {
    /// Reads the text form (see `Checkpoint`); strict: exactly the lines `serialized()` writes.
    public init(parsing text: String) throws(CheckpointError) {
        guard text.hasSuffix("\n") else { throw CheckpointError(message: "checkpoint text must end with a newline") }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 6 else {
            throw CheckpointError(line: lines.count + 1, message: "checkpoint text ends early: expected 5 body lines and a blank line")
        }
        guard lines[0] == Checkpoint.header else {
            throw CheckpointError(line: 1, message: "expected '\(Checkpoint.header)'")
        }
        guard let size = Checkpoint.decimal(lines[2]) else {
            throw CheckpointError(line: 3, message: "tree size must be a non-negative decimal number")
        }
        guard let createdAt = Checkpoint.decimal(lines[4], allowNegative: true) else {
            throw CheckpointError(line: 5, message: "created time must be a decimal number of milliseconds")
        }
        guard lines[5].isEmpty else { throw CheckpointError(line: 6, message: "expected a blank line after the body") }
        var keyID: String?
        var signature: String?
        if lines.count == 7 {
            let parts = lines[6].split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, parts[0] == "\u{2014}" else {
                throw CheckpointError(line: 7, message: "expected a signature line '\u{2014} <key id> <base64 signature>'")
            }
            keyID = parts[1]
            signature = parts[2]
        } else if lines.count > 7 {
            throw CheckpointError(line: 8, message: "unexpected text after the signature line")
        }
        self.init(origin: lines[1], treeSize: size, rootHash: lines[3], createdAt: createdAt,
                  keyID: keyID, signature: signature)
        try validate()
    }

    /// A canonical decimal Int64: digits only (a leading '-' if allowed), no leading zeros.
    static func decimal(_ text: String, allowNegative: Bool = false) -> Int64? {
        guard let value = Int64(text), String(value) == text else { return nil }
        guard allowNegative || value >= 0 else { return nil }
        return value
    }
}
