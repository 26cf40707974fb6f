extension Checkpoint {
    /// Reads the text form (see `Checkpoint`), version 1, 2 or 3; strict: exactly the lines
    /// `serialized()` writes.
    public init(parsing text: String) throws(CheckpointError) {
        guard text.hasSuffix("\n") else { throw CheckpointError(message: "checkpoint text must end with a newline") }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var bodyLines: Int
        switch lines.first {
        case Checkpoint.header: bodyLines = 5
        case Checkpoint.headerV2, Checkpoint.headerV3: bodyLines = 7
        default: throw CheckpointError(line: 1, message: "expected '\(Checkpoint.headerV2)' or '\(Checkpoint.header)'")
        }
        var chains: [ChainHead]?
        if lines.first == Checkpoint.headerV3 {
            chains = try Checkpoint.chainLines(lines)
            bodyLines += 1 + (chains?.count ?? 0)
        }
        guard lines.count >= bodyLines + 1 else {
            throw CheckpointError(line: lines.count + 1,
                                  message: "checkpoint text ends early: expected \(bodyLines) body lines and a blank line")
        }
        guard let size = Checkpoint.decimal(lines[2]) else {
            throw CheckpointError(line: 3, message: "tree size must be a non-negative decimal number")
        }
        guard let createdAt = Checkpoint.decimal(lines[4], allowNegative: true) else {
            throw CheckpointError(line: 5, message: "created time must be a decimal number of milliseconds")
        }
        var previous: CheckpointLink?
        if bodyLines >= 7 {
            guard let previousSize = Checkpoint.decimal(lines[5]) else {
                throw CheckpointError(line: 6, message: "the previous checkpoint's size must be a non-negative decimal number")
            }
            previous = CheckpointLink(treeSize: previousSize, rootHash: lines[6])
        }
        guard lines[bodyLines].isEmpty else {
            throw CheckpointError(line: bodyLines + 1, message: "expected a blank line after the body")
        }
        var keyID: String?
        var signature: String?
        let signatureLine = bodyLines + 1
        if lines.count == signatureLine + 1 {
            let parts = lines[signatureLine].split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, parts[0] == "\u{2014}" else {
                throw CheckpointError(line: signatureLine + 1,
                                      message: "expected a signature line '\u{2014} <key id> <base64 signature>'")
            }
            keyID = parts[1]
            signature = parts[2]
        } else if lines.count > signatureLine + 1 {
            throw CheckpointError(line: signatureLine + 2, message: "unexpected text after the signature line")
        }
        self.init(origin: lines[1], treeSize: size, rootHash: lines[3], createdAt: createdAt,
                  keyID: keyID, signature: signature, previous: previous, chains: chains)
        try validate()
    }

    /// A version 3 checkpoint's chains: line 8 gives their number K, lines 9 to 8+K one chain
    /// each, `<chain> <size> <root>`, numbered 0 to K-1 in order.
    private static func chainLines(_ lines: [String]) throws(CheckpointError) -> [ChainHead] {
        guard lines.count > 7, let count = decimal(lines[7]), count >= 2, count <= 1 << 20 else {
            throw CheckpointError(line: 8, message: "expected the number of chains, a decimal number of at least 2")
        }
        guard lines.count >= 8 + Int(count) else {
            throw CheckpointError(line: lines.count + 1,
                                  message: "checkpoint text ends early: expected \(count) chain lines")
        }
        var chains: [ChainHead] = []
        for chain in 0..<Int(count) {
            let parts = lines[8 + chain].split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, parts[0] == String(chain), let size = decimal(parts[1]) else {
                throw CheckpointError(line: 9 + chain, message: "expected '\(chain) <size> <root>'")
            }
            chains.append(ChainHead(size: size, root: parts[2]))
        }
        return chains
    }

    /// A canonical decimal Int64: digits only (a leading '-' if allowed), no leading zeros.
    static func decimal(_ text: String, allowNegative: Bool = false) -> Int64? {
        guard let value = Int64(text), String(value) == text else { return nil }
        guard allowNegative || value >= 0 else { return nil }
        return value
    }
}
