import StewardYAML

/// `steward-bench yaml`: how fast the loader builds its positioned tree compared
/// with libyaml's raw event parsing, and how fast it refuses hostile input.
enum YAMLBenchmark: Benchmark {
    static let name = "yaml"
    static let summary = "YAML loading vs raw libyaml events; alias-bomb and nesting refusals"
    static var defaults: BenchOptions { BenchOptions(sizeMB: 50, repetitions: 5) }
    /// The loader should run at least at this fraction of raw libyaml speed.
    static let goal = 0.5

    static func run(_ options: BenchOptions) -> Int32 {
        #if DEBUG
        printError("steward-bench: warning: debug build; measure with swift run -c release steward-bench yaml")
        #endif
        let generated = WorkflowYAML.generate(byteCount: options.sizeMB * 1_000_000)
        let bytes = generated.bytes
        let megabytes = Double(bytes.count) / 1_000_000
        print("YAML loading: \(megabytes.fixed(1)) MB, \(generated.workflows.grouped) workflows in one document, "
            + "best of \(options.repetitions)")
        print("")

        let figures: LoadingFigures
        do {
            figures = try measureLoading(bytes, repetitions: options.repetitions)
        } catch {
            printError("steward-bench: the generated document did not load: \(error)")
            return 1
        }
        guard figures.directEvents == figures.events else {
            printError("steward-bench: libyaml called directly counted "
                + "\(figures.directEvents.map(String.init) ?? "an error"), countEvents \(figures.events)")
            return 1
        }
        var table = Table(["measure", "time (ms)", "MB/s"], rightAligned: [1, 2])
        for (label, seconds) in [
            ("libyaml events, C API directly (reference)", figures.directSeconds),
            ("raw libyaml events (countEvents)", figures.rawSeconds),
            ("loader: events + positioned tree", figures.loadSeconds),
        ] {
            table.add([label, (seconds * 1000).fixed(1), (megabytes / seconds).fixed(1)])
        }
        print(table.text)
        print("")
        let ratio = figures.rawSeconds / figures.loadSeconds
        print("loader/raw: \(ratio.fixed(2))× (goal ≥ \(goal.fixed(2))×: \(ratio >= goal ? "met" : "NOT met"))")
        print("events: \(figures.events.grouped); tree nodes: \(figures.nodes.grouped) (aliases counted where they expand)")
        print("releasing the tree (not in the loader time): \((figures.releaseSeconds * 1000).fixed(1)) ms")
        print("")
        return refusals(repetitions: options.repetitions) ? 0 : 1
    }

    struct LoadingFigures {
        var directSeconds = Double.infinity
        var rawSeconds = Double.infinity
        var loadSeconds = Double.infinity
        var releaseSeconds = 0.0
        var directEvents: Int?
        var events = 0
        var nodes = 0
    }

    /// Best times of libyaml called directly, `countEvents` and the loader over `bytes`.
    ///
    /// The three runs alternate, so all see the same machine load; each tree is
    /// released outside the timed region, and the last release is timed on its own.
    private static func measureLoading(_ bytes: [UInt8], repetitions: Int) throws(YAMLError) -> LoadingFigures {
        var limits = YAMLLimits()
        limits.maxInputBytes = max(64 << 20, bytes.count)
        limits.maxNodes = Int.max
        let loader = YAMLLoader(limits: limits)
        var figures = LoadingFigures()
        var documents: [YAMLDocument] = []
        for _ in 0..<repetitions {
            documents = []
            let direct = Measure.once { LibYAMLDirect.countEvents(bytes) }
            figures.directSeconds = min(figures.directSeconds, direct.seconds)
            figures.directEvents = direct.result
            let raw = try Measure.once { () throws(YAMLError) in try YAMLEventReader.countEvents(bytes) }
            figures.rawSeconds = min(figures.rawSeconds, raw.seconds)
            figures.events = raw.result
            let load = try Measure.once { () throws(YAMLError) in try loader.loadStream(bytes) }
            figures.loadSeconds = min(figures.loadSeconds, load.seconds)
            documents = load.result
        }
        figures.nodes = documents.reduce(0) { $0 + $1.root.nodeCount }
        figures.releaseSeconds = Measure.once { documents = [] }.seconds
        return figures
    }

    /// Times the refusals of hostile input with default limits; false when one was not refused as expected.
    private static func refusals(repetitions: Int) -> Bool {
        let cases: [(label: String, bytes: [UInt8], expected: YAMLError.Kind)] = [
            ("alias bomb, 9 levels of 10 aliases", HostileYAML.aliasBomb(), .tooManyNodes),
            ("100,000 nested '['", HostileYAML.deepNesting(), .tooDeep),
        ]
        var table = Table(["refusal (default limits)", "bytes", "time (ms)", "result"], rightAligned: [1, 2])
        var allRefused = true
        for item in cases {
            let outcome = Measure.best(of: repetitions) { () -> String in
                do throws(YAMLError) {
                    _ = try YAMLLoader().loadStream(item.bytes)
                    return "accepted"
                } catch {
                    return error.kind.rawValue
                }
            }
            let refused = outcome.result == item.expected.rawValue
            allRefused = allRefused && refused
            table.add([item.label, item.bytes.count.grouped, (outcome.seconds * 1000).fixed(3),
                       refused ? "refused: \(outcome.result)" : "WRONG: \(outcome.result), expected \(item.expected.rawValue)"])
        }
        print(table.text)
        if !allRefused { printError("steward-bench: a hostile input was not refused as expected") }
        return allRefused
    }
}

extension YAMLNode {
    /// Nodes in this subtree, each alias expansion counted again.
    var nodeCount: Int {
        switch self {
        case .scalar: 1
        case .sequence(let s): s.items.reduce(1) { $0 + $1.nodeCount }
        case .mapping(let m): m.pairs.reduce(1) { $0 + $1.key.nodeCount + $1.value.nodeCount }
        }
    }
}
