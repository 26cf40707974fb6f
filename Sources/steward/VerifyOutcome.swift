import StewardAudit
import StewardEngine

/// What `audit verify` found and what that proves, printed as lines or as JSON.
///
/// A verification says exactly what it showed: a trail that agrees with itself is not
/// thereby anchored (someone with write access could have rewritten it whole), and a
/// signed checkpoint checked without the public key proves nothing about who made it.
struct VerifyOutcome {
    /// The trail's own checks.
    var report: VerificationReport
    /// The outside checkpoints given.
    var checkpoints: [Checkpoint]
    /// The key they had to be signed with, when given.
    var trustedKey: CheckpointPublicKey?
    /// The store's checks; nil when an exported file was verified.
    var store: StoreVerification?
    /// Replay's count of instances and what differed, when asked for.
    var replay: (checked: Int, mismatches: [ReplayMismatch])?

    init(report: VerificationReport, checkpoints: [Checkpoint], trustedKey: CheckpointPublicKey?) {
        self.report = report
        self.checkpoints = checkpoints
        self.trustedKey = trustedKey
    }

    /// Every problem: the trail's, the store's, then replay's.
    var problems: [AuditProblem] {
        let found = store?.problems ?? report.problems
        let differing = (replay?.mismatches ?? []).map {
            AuditProblem(kind: "replayMismatch", severity: .error, instance: $0.instance, message: $0.message)
        }
        return found + differing
    }

    /// True when no problem is an error (warnings do not fail a verification).
    var isOK: Bool { !problems.contains { $0.severity == .error } }

    /// The text report: the verdict first (`OK: …`, or a `FAILED: …` line per error), what
    /// was checked, what anchors the trail and its signature, then the warnings.
    var lines: [String] {
        let all = problems
        let errors = all.filter { $0.severity == .error }
        var lines: [String] = []
        if errors.isEmpty {
            let count = report.checkpointsChecked == 1 ? "1 checkpoint" : "\(report.checkpointsChecked) checkpoints"
            let chains = report.chains.map { " in \($0.count) chains" } ?? ""
            lines.append("OK: \(report.entriesChecked) entries\(chains), \(count), root \(report.rootHash)")
            if let store { lines.append(storeLine(store)) }
        } else {
            lines += errors.map { "FAILED: " + Self.text($0) }
        }
        if let replay {
            let differing = replay.mismatches.count
            lines.append(differing == 0 ? "replay: \(replay.checked) instances match their trail"
                : "replay: \(differing) of \(replay.checked) instances differ from their trail")
        }
        if errors.isEmpty { lines += anchorLines }
        lines += all.filter { $0.severity == .warning }.map { "warning: " + Self.text($0) }
        if errors.isEmpty, !report.isAnchored {
            let keeper = store == nil ? "the file" : "the store"
            lines.append("warning: not anchored: no outside checkpoint was given (--checkpoint FILE), so this shows only "
                + "that the trail agrees with itself; someone with write access to \(keeper) could have rewritten all of it")
        }
        return lines
    }

    private static func text(_ problem: AuditProblem) -> String {
        problem.instance.map { "instance \($0): \(problem.message)" } ?? problem.message
    }

    private func storeLine(_ store: StoreVerification) -> String {
        "store: checkpoints it records: \(report.storeCheckpointsChecked), matching the trail; pinned sources: "
            + "\(plural(store.definitionsChecked, "workflow definition")) and "
            + "\(plural(store.environmentsChecked, "roster and calendar snapshot")), matching their hashes; "
            + "append-only triggers: \(store.triggersExpected), as Steward made them"
    }

    /// What the outside checkpoints anchor, and what is known of who made them.
    private var anchorLines: [String] {
        guard report.isAnchored else { return [] }
        var lines: [String] = []
        let anchored = report.anchoredSize
        let total = report.entriesChecked
        if anchored >= total {
            lines.append("anchored: the checkpoints given cover every entry (\(total))")
        } else if report.chains != nil {
            lines.append("anchored: \(anchored) entries (each chain up to the size the latest checkpoint gives it) match "
                + "the checkpoints given; the other \(total - anchored) came after it, so only a later checkpoint can "
                + "anchor them")
        } else {
            lines.append("anchored: entries 1 to \(anchored) match the checkpoints given; entries \(anchored + 1) to \(total) "
                + "came after the latest of them, so only a later checkpoint can anchor them")
        }
        let keys = Set(checkpoints.compactMap(\.keyID)).sorted().joined(separator: ", ")
        switch report.signatures {
        case .verified:
            lines.append("signature: verified with key \(trustedKey?.keyID ?? keys)")
        case .notChecked:
            lines.append("signature: not checked: the checkpoints are signed (key \(keys)) but no --key was given, so "
                + "nothing shows who made them; give the office's public key with --key FILE.pub")
        case .unsigned:
            lines.append("signature: none: the checkpoints are not signed; they prove what they say only as far as "
                + "their files were kept where the store's operator cannot change them")
        case .none:
            break
        }
        return lines
    }

    private func plural(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    /// The JSON report (`--json`): the same shape for a store and a file, `null` where a
    /// check does not apply.
    var json: VerifyJSON {
        VerifyJSON(ok: isOK, source: store == nil ? "file" : "store", entries: report.entriesChecked, root: report.rootHash,
                   checkpointsChecked: report.checkpointsChecked, anchored: report.isAnchored,
                   anchoredEntries: report.anchoredSize, signature: report.signatures.rawValue,
                   storeCheckpointsChecked: store.map { _ in report.storeCheckpointsChecked },
                   definitionsChecked: store?.definitionsChecked, environmentsChecked: store?.environmentsChecked,
                   triggersChecked: store?.triggersExpected,
                   replay: replay.map { VerifyJSON.Replay(checked: $0.checked, differing: $0.mismatches.count) },
                   problems: problems)
    }
}

/// `audit verify --json`: one object, every key always present (docs/cli.md lists them).
struct VerifyJSON: Encodable {
    struct Replay: Encodable {
        let checked: Int
        let differing: Int
    }

    let ok: Bool
    let source: String
    let entries: Int64
    let root: String
    let checkpointsChecked: Int
    let anchored: Bool
    let anchoredEntries: Int64
    let signature: String
    let storeCheckpointsChecked: Int?
    let definitionsChecked: Int?
    let environmentsChecked: Int?
    let triggersChecked: Int?
    let replay: Replay?
    let problems: [AuditProblem]

    private enum CodingKeys: String, CodingKey {
        case ok, source, entries, root, checkpointsChecked, anchored, anchoredEntries, signature, storeCheckpointsChecked
        case definitionsChecked, environmentsChecked, triggersChecked, replay, problems
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ok, forKey: .ok)
        try container.encode(source, forKey: .source)
        try container.encode(entries, forKey: .entries)
        try container.encode(root, forKey: .root)
        try container.encode(checkpointsChecked, forKey: .checkpointsChecked)
        try container.encode(anchored, forKey: .anchored)
        try container.encode(anchoredEntries, forKey: .anchoredEntries)
        try container.encode(signature, forKey: .signature)
        // Optionals are written as null rather than left out, so every report has every key.
        try container.encode(storeCheckpointsChecked, forKey: .storeCheckpointsChecked)
        try container.encode(definitionsChecked, forKey: .definitionsChecked)
        try container.encode(environmentsChecked, forKey: .environmentsChecked)
        try container.encode(triggersChecked, forKey: .triggersChecked)
        try container.encode(replay, forKey: .replay)
        try container.encode(problems, forKey: .problems)
    }
}
