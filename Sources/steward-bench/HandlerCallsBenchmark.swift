import Foundation
import StewardExpressions
import StewardPlugins

/// `steward-bench handler-calls`: step handler calls per second by tier, each call made
/// through the `StepHandler` interface as the engine makes it, next to a bare start of
/// `/bin/true` (the floor for anything that starts a process per call).
enum HandlerCallsBenchmark: Benchmark {
    static let name = "handler-calls"
    static let summary = "calls/s of a built-in, process plug-ins (Python, Swift) and a library, vs fork+exec of /bin/true"
    static var defaults: BenchOptions { BenchOptions(sizeMB: 0, repetitions: 3, count: 200) }
    static var defaultsText: String { "(default --count 200 calls per tier, --repeat 3)" }

    static func run(_ options: BenchOptions) -> Int32 {
        let calls = options.count ?? defaults.count!
        do {
            guard let plugins = PackageFiles.find("plugins") else { throw BenchFailure("no plugins/ folder above this folder") }
            let folder = try ScratchFolder("handler-calls")
            let places = HandlerPlaces(outbox: folder.url.appendingPathComponent("outbox"), ledger: folder.url.appendingPathComponent("ledger"),
                                       documents: folder.url.appendingPathComponent("documents"),
                                       templates: folder.url.appendingPathComponent("templates"),
                                       work: folder.url.appendingPathComponent("work"))
            try FileManager.default.createDirectory(at: places.templates, withIntermediateDirectories: true)
            try Data("# {{title}}\n".utf8).write(to: places.templates.appendingPathComponent("t.md"))
            let loaded = PluginFolder.load(plugins, shownAs: "plugins", reserved: Set(HandlerRegistry.builtIn.names))
            func plugin(_ name: String) -> (any StepHandler)? { loaded.handlers.first { $0.contract.name == name } }

            var tiers: [(label: String, handler: any StepHandler, arguments: ExpressionObject)] = [
                ("built-in render (a Markdown file, synced)", RenderHandler(),
                 ["template": "t.md", "output": "t.md", "data": ["title": "规划"]]),
            ]
            if let rollCall = plugin("roll-call") {
                tiers.append(("process plug-in, Python (roll-call)", rollCall, ["members": "members.csv"]))
            }
            let signOff: ExpressionObject = ["document": "纪要", "signers": ["li.ming"], "signed": ["li.ming"]]
            var missing: [String] = []
            if let compiled = plugin("sign-off") {
                tiers.append(("process plug-in, Swift (sign-off)", compiled, signOff))
                let library = plugins.appendingPathComponent("sign-off/.build/release/libSignOff.so").resolvingSymlinksInPath()
                let contract = HandlerContract(name: "sign-off", version: compiled.contract.version, summary: "", tier: .library,
                                               inputs: compiled.contract.inputs, errors: compiled.contract.errors,
                                               idempotent: true, timeout: .seconds(5))
                tiers.append(("library plug-in, Swift (libSignOff.so)", try LibraryPlugin.load(path: library.path, contract: contract), signOff))
            } else {
                missing.append("sign-off (build it: swift build -c release --package-path plugins/sign-off)")
            }

            print("\(calls) calls per tier, one at a time, best of \(options.repetitions)")
            print("")
            var table = Table(["what", "calls/s", "ms per call", "vs /bin/true"], rightAligned: [1, 2, 3])
            let floor = try Measure.best(of: options.repetitions) { () throws -> Void in
                for _ in 0..<calls { _ = try CLIStartBenchmark.spawnAndWait("/bin/true", []) }
            }.seconds
            table.add(["fork+exec /bin/true (the floor for process plug-ins)", (Double(calls) / floor).fixed(0),
                       (floor * 1000 / Double(calls)).fixed(2), "1.00×"])
            for (index, tier) in tiers.enumerated() {
                let seconds = try Measure.best(of: options.repetitions) { () throws -> Void in
                    for call in 0..<calls {
                        let request = StepRequest(key: "bench/\(index)/0/1/\(call)", operationKey: "bench/\(index)/0/\(call)",
                                                  instance: "bench-\(index)", workflow: "bench", state: "call", attempt: 1,
                                                  arguments: .object(tier.arguments), places: places,
                                                  deadline: .now + .seconds(30))
                        let outcome = wait { await tier.handler.call(request) }
                        if case .failure(let failure) = outcome.result { throw BenchFailure("\(tier.label): \(failure.message)") }
                    }
                }.seconds
                table.add([tier.label, (Double(calls) / seconds).fixed(0), (seconds * 1000 / Double(calls)).fixed(2),
                           "\((floor / seconds).fixed(2))×"])
            }
            print(table.text)
            for line in missing { print("not measured: \(line)") }
            print("")
            print("vs /bin/true: calls per second as a share of bare process starts (above 1× needs no process)")
        } catch {
            printError("steward-bench: \(error)")
            return 1
        }
        return 0
    }

    /// Waits on this (non-pool) thread for an async call.
    static func wait(_ body: @escaping @Sendable () async -> StepOutcome) -> StepOutcome {
        let box = OutcomeBox()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            box.value = await body()
            done.signal()
        }
        done.wait()
        return box.value!
    }
}

private final class OutcomeBox: @unchecked Sendable {
    var value: StepOutcome?
}
