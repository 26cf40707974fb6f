import ArgumentParser
import Foundation
import StewardAudit
import StewardEngine
import StewardTime

/// `steward audit report`: one self-contained file an auditor can keep, for an instance or
/// for every instance active in a period. The store is verified first, as `audit verify`
/// does; a trail that does not verify is said so at the top and the command exits 1.
struct AuditReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write an auditor's report (HTML or Markdown) of an instance, or of every instance active in a period.",
        discussion: """
            The report holds the timeline (who, when in the office's time zone, what, comment, deadline met or missed, \
            the definition, clock overrides), each decision with its form data and votes, and the verification of the \
            trail with the checkpoints given. Exit 1 when the trail does not verify (the report is written and says so).
            """)

    enum Format: String, ExpressibleByArgument { case html, md }

    @OptionGroup var options: GlobalOptions
    @Option(help: "The instance: its id, or a part that begins or ends only one id.") var instance: String?
    @Option(help: "The period's first day (or time), in the office's time zone; with --until.") var since: String?
    @Option(help: "The day (or time) after the period (exclusive); with --since.") var until: String?
    @Option(help: "html (one file, inline styles, no scripts) or md.") var format: Format = .html
    @Option(name: [.customLong("out"), .customLong("output")],
            help: "Write to this file instead of standard output (an existing file only with --force).")
    var out: String?
    @Flag(help: "Replace the file --out names if it exists.") var force = false
    @Option(help: "A checkpoint file written by 'audit checkpoint', or a folder of them (repeatable).") var checkpoint: [String] = []
    @Option(help: "A file holding the public key (base64) that must have signed the checkpoints.") var key: String?

    func validate() throws {
        switch (instance, since, until) {
        case (_?, nil, nil), (nil, _?, _?): break
        case (_?, _, _): throw ValidationError("give --instance, or --since and --until, not both")
        case (nil, _, _): throw ValidationError("say what to report on: --instance ID, or a period with --since DATE --until DATE")
        }
    }

    func run() throws {
        let checkpoints = try CheckpointFiles.load(checkpoint)
        let trusted = try key.map(CheckpointFiles.publicKey)
        let session = try Session(options, readOnly: true, calendarWarnings: false)
        try Output.checkWritable(out, force: force, store: session.engine.store.location)
        let zone = session.project.zone
        let engine = session.engine
        let verification: ReportVerification
        let instances: [ReportInstance]
        var period: ReportPeriod?
        do {
            let store = try Engine.verifyStore(store: engine.store, checkpoints: checkpoints, trustedKey: trusted)
            var outcome = VerifyOutcome(report: store.chain, checkpoints: checkpoints, trustedKey: trusted)
            outcome.store = store
            verification = ReportVerification(outcome, checkpoints: checkpoint)
        } catch {
            throw Failure.report(error)
        }
        var builder = ReportBuilder(engine: engine, project: session.project)
        // A person named with --as must be a reader of the instance; a period leaves out the others.
        let reader = try session.actor(options, required: false).person
        if let instance {
            let id = try session.instanceID(instance)
            do {
                try engine.checkReader(reader, try engine.instance(id))
                instances = [try builder.instance(id)]
            } catch { throw Failure.report(error) }
        } else {
            let from = try AuditLog.time(since ?? "", "--since", zone: zone)
            let to = try AuditLog.time(until ?? "", "--until", zone: zone)
            guard from < to else { throw ValidationError("--since \(since ?? "") is not before --until \(until ?? "")") }
            do {
                var readable: [ReportInstance] = []
                for found in try Self.active(engine, from: from, to: to, builder: &builder) {
                    if let reader, try !engine.mayRead(reader, instance: found.id) { continue }
                    readable.append(found)
                }
                instances = readable
            } catch { throw Failure.report(error) }
            period = ReportPeriod(since: from, until: to, sinceText: since ?? "", untilText: until ?? "", instances: instances)
        }
        // The time it was made: STEWARD_NOW in a demo project, as every entry it writes.
        let now = try Session.clock(session.environment, allowed: session.project.config.clock == .manual).0()
        let text = ReportText(zone: zone, now: now, version: StewardVersion.current)
        let heading = instances.count == 1 && period == nil ? "审计报告 Audit report — \(instances[0].id)"
            : "审计报告 Audit report \(since ?? "") – \(until ?? "")"
        let document = switch format {
        case .html: ReportHTML(text: text).document(title: heading, heading: heading, verification: verification,
                                                     period: period, instances: instances)
        case .md: ReportMarkdown(text: text).document(heading: heading, verification: verification, period: period,
                                                      instances: instances)
        }
        try Output.write(document, to: out)
        if !verification.isOK {
            StandardStreams.warn("steward: error: the trail does not verify; the report says so (run 'steward audit verify' for details)\n")
            throw ExitCode(1)
        }
    }

    /// Every instance with a trail entry in [from, to), in the order of their first such entry.
    static func active(_ engine: Engine, from: Int64, to: Int64, builder: inout ReportBuilder) throws(EngineError)
        -> [ReportInstance] {
        var ids: [String] = []
        var seen = Set<String>()
        try engine.trail(instance: nil, person: nil, since: from, until: to) { entry in
            if !entry.instance.isEmpty, seen.insert(entry.instance).inserted { ids.append(entry.instance) }
        }
        var instances: [ReportInstance] = []
        for id in ids { instances.append(try builder.instance(id)) }
        return instances
    }
}
