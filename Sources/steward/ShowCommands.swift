import ArgumentParser
import Foundation
import StewardEngine
import StewardStore

/// `steward show definition|roster HASH`: what was in force, as the store keeps it.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a workflow definition or roster as it was in force, by its hash.",
        subcommands: [ShowDefinition.self, ShowRoster.self])
}

struct ShowDefinition: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "definition",
        abstract: "Print the workflow definition (YAML) pinned under HASH, exactly as instances started with it.",
        discussion: "HASH is the hash 'audit log' and the auditor's report show, or 4 or more of its first hex digits.")

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The definition's hash, or its beginning.") var hash: String

    func run() throws {
        let session = try Session(options, readOnly: true, calendarWarnings: false)
        let found: (hash: String, source: [UInt8])
        do { found = try session.engine.pinnedSource(.definitions, named: hash) } catch { throw Failure.report(error) }
        let text = String(decoding: found.source, as: UTF8.self)
        if options.json {
            printJSON(["hash": found.hash, "source": text])
        } else {
            ShownSource.print(text)
        }
    }
}

struct ShowRoster: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roster",
        abstract: "Print the roster recorded under HASH (the snapshot of roster and calendars events were decided under).",
        discussion: """
            HASH is the roster snapshot the auditor's report names, or 4 or more of its first hex digits. --calendars \
            prints the snapshot's calendar files after the roster; --json prints the whole snapshot.
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The snapshot's hash, or its beginning.") var hash: String
    @Flag(help: "Also print the calendar files of the snapshot.") var calendars = false

    func run() throws {
        let session = try Session(options, readOnly: true, calendarWarnings: false)
        let found: (hash: String, source: [UInt8])
        do { found = try session.engine.pinnedSource(.environments, named: hash) } catch { throw Failure.report(error) }
        guard let snapshot = ProjectEnvironment(source: found.source) else {
            throw Failure.report(EngineError(.store, "the roster snapshot \(found.hash.prefix(12)) in the store cannot be read"))
        }
        if options.json {
            printJSON(SnapshotJSON(hash: found.hash, roster: snapshot.roster, calendars: snapshot.calendars))
            return
        }
        ShownSource.print(snapshot.roster ?? "# (the project had no roster that loaded)\n")
        guard calendars else { return }
        for (name, text) in snapshot.calendars.sorted(by: { $0.key < $1.key }) {
            Swift.print("# --- calendar \(Display.shown(name)) ---")
            ShownSource.print(text)
        }
    }

    private struct SnapshotJSON: Encodable {
        let hash: String
        let roster: String?
        let calendars: [String: String]
    }
}

/// A stored file's text: to a pipe or file byte for byte (so `sha256sum` or `diff` can check
/// it), to a terminal line by line through `Display.shown`.
enum ShownSource {
    static func print(_ text: String) {
        guard isatty(STDOUT_FILENO) != 0 else {
            Swift.print(text, terminator: "")
            return
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(text.hasSuffix("\n") ? 1 : 0) {
            Swift.print(Display.shown(String(line)))
        }
    }
}
