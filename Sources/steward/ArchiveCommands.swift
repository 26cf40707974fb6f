import ArgumentParser
import Foundation
import StewardEngine

/// `steward archive …`: the ledger packages (台账) the `archive` step writes.
struct ArchiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive", abstract: "Check the ledger packages (台账) the archive step writes.",
        subcommands: [ArchiveVerify.self])
}

struct ArchiveVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a ledger package: every file against its manifest, the trail entries' hashes, the definition and roster.",
        discussion: """
            Exit 0 when the package is intact; 1 naming each file that was altered, added or removed; \
            3 when the file does not exist. Needs no project or store.
            """)

    @Argument(help: "The package, e.g. ledger/党建台账/2026/<instance>.zip.") var file: String
    @Flag(help: "Print the result as JSON, for scripts.") var json = false

    func run() throws {
        let check = PackageCheck(bytes: try Self.read(file))
        if json {
            printJSON(check)
        } else {
            for line in Self.lines(check, file: file) { print(Display.shown(line)) }
        }
        if !check.ok { throw ExitCode(1) }
    }

    /// The package's bytes; a missing file is not found (3), a folder wrong usage (64), a
    /// file the system cannot read an I/O failure (5).
    static func read(_ path: String) throws -> [UInt8] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw Failure.report(EngineError(.notFound, "there is no file '\(path)'"))
        }
        guard !isFolder.boolValue else {
            throw Failure.report(EngineError(.usage, "'\(path)' is a folder; give a package file (NAME.zip)"))
        }
        do {
            return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw Failure.report(EngineError(.store, "cannot read '\(path)': \(error.localizedDescription)"))
        }
    }

    /// Entries of one instance link to each other only where nothing of another came between.
    static func linkText(_ check: PackageCheck) -> String {
        let pairs = max(0, check.trailEntries - 1)
        if check.linksChecked == pairs { return "each follows the one before it (they are consecutive in the trail)" }
        return "\(check.linksChecked) of \(pairs) links checked (the others lie apart, with other instances' entries between)"
    }

    /// The verdict first, then what was checked, then what the check does not prove.
    static func lines(_ check: PackageCheck, file: String) -> [String] {
        guard check.ok else {
            return check.problems.map { "FAILED: " + $0.message }
                + ["the package \(file) is not as it was sealed: \(check.problems.count) problem\(check.problems.count == 1 ? "" : "s")"]
        }
        let instance = check.instance ?? "?"
        var lines = [
            "OK: the ledger package of \(instance) (workflow \(check.workflow ?? "?")\(check.ledger.map { ", ledger \($0)" } ?? "")) is intact",
            "files: \(check.files) match the SHA-256 and size manifest.json gives; none missing, none added",
            "trail: \(check.trailEntries) entries of the instance, each matching its own hash; " + linkText(check),
            "definition and roster: the ones the trail entries name",
        ]
        if let sealed = check.checkpoint {
            lines.append("checkpoint: sealed under the trail's checkpoint of \(sealed.size) entries, root \(sealed.root); "
                         + "the entries up to \(sealed.size) lie under it")
        } else {
            lines.append("checkpoint: none had been made when the package was sealed")
        }
        lines.append("sha256: \(check.sha256)")
        lines.append("not proven: that this is the package Steward wrote, since whoever rewrites a file can rewrite the "
                     + "manifest; the archive step recorded the package's SHA-256 in the office's trail: compare it "
                     + "(steward audit log --instance \(instance))")
        return lines
    }
}
