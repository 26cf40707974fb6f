import ArgumentParser
import StewardEngine
import StewardExpressions

extension ResolvedOutcome: ExpressibleByArgument {}

/// `steward resolve INSTANCE --outcome succeeded|failed --reason T --as ADMIN`: what a step
/// flagged after a crash did, as an admin found out; the instance goes on from there.
struct Resolve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Say what a step flagged after a crash did (roster admins only), so that its instance goes on.",
        discussion: """
            A step whose handler is not idempotent is flagged when a crash came between its call and the \
            result: it may or may not have run, and calling it again could do it twice. Check what \
            happened (was the payment made, the message sent?), then say so: 'succeeded' goes on as after \
            the handler's success, with --output values as its output (text); 'failed' as after a failure \
            of kind resolved-failed, the step's retry: and catch: applying. 'steward tasks' shows the \
            admins the flagged steps.
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The instance id.") var instance: String
    @Option(help: "What the step did: succeeded or failed.") var outcome: ResolvedOutcome
    @Option(name: .customLong("output"), help: "An output value of a step that succeeded, name=value (repeatable).")
    var outputs: [String] = []
    @Option(help: "The flagged step's state, when several are flagged.") var state: String?
    @Option(help: "What was checked and found (recorded in the trail).") var reason: String

    func validate() throws {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--reason must say why") }
        if outcome == .failed, !outputs.isEmpty { throw ValidationError("--output goes with --outcome succeeded only") }
        _ = try KeyValues.parse(outputs, what: "--output")
    }

    func run() throws {
        let session = try Session(options)
        let instance = try session.instanceID(self.instance)
        let actor = try session.actor(options, on: instance)
        let values = try KeyValues.parse(outputs, what: "--output")
        let output = ExpressionObject(values.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
        do {
            let state = try session.engine.resolve(instance: instance, state: state, outcome: outcome, output: output,
                                                   reason: reason, actor: actor)
            if options.json { printJSON(InstanceView(state, zone: session.project.zone)); return }
            let now = state.status == .running ? "now at \(state.currentStates.joined(separator: ", "))" : state.status.rawValue
            print("\(instance): the flagged step is resolved as \(outcome.rawValue); the instance is \(now)")
        } catch {
            throw Failure.report(error)
        }
    }
}
