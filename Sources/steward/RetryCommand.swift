import ArgumentParser
import StewardEngine

/// `steward retry INSTANCE --as ADMIN`: puts back timers a tick set aside.
struct Retry: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Put back the timers of an instance that ticks set aside (roster admins only).",
        discussion: "A timer whose instance fails to apply it \(Engine.timerFailureBudget) ticks in a row is set aside, with a trail entry and a notice to the admins. Mend the cause (a damaged row, a definition that no longer compiles, a missing calendar year), then put it back; the next tick fires it.")

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The instance id.") var instance: String

    func run() throws {
        let session = try Session(options)
        let instance = try session.instanceID(self.instance)
        let actor = try session.actor(options, on: instance)
        do {
            let restored = try session.engine.retry(instance: instance, actor: actor)
            if options.json { printJSON(["instance": instance, "restored": restored.joined(separator: ",")]); return }
            print("\(instance): put back \(restored.joined(separator: ", ")); the next tick fires \(restored.count == 1 ? "it" : "them")")
        } catch {
            throw Failure.report(error)
        }
    }
}
