#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `steward-bench <benchmark> [options]`: release-mode measurements, not tests.
///
/// Each benchmark is a `Benchmark` type listed here; add new ones (engine,
/// validator) to `benchmarks` and they get the same options and usage text.
let benchmarks: [any Benchmark.Type] = [
    YAMLBenchmark.self, ValidateBenchmark.self, EngineMemoryBenchmark.self, EngineDurableBenchmark.self,
    EngineTickBenchmark.self, AuditVerifyBenchmark.self, CLIStartBenchmark.self, HandlerCallsBenchmark.self, PostgresBenchmark.self,
]

let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, let benchmark = benchmarks.first(where: { $0.name == name }) else {
    if arguments.first == "--help" || arguments.first == "-h" {
        print(usage(benchmarks))
        exit(0)
    }
    let problem = arguments.first.map { "steward-bench: unknown benchmark '\($0)'\n\n" } ?? ""
    printError(problem + usage(benchmarks))
    exit(64)
}

switch BenchOptions.parse(Array(arguments.dropFirst()), defaults: benchmark.defaults) {
case .success(let options):
    exit(benchmark.run(options))
case .failure(let problem):
    if case .help = problem {
        print(usage(benchmarks))
        exit(0)
    }
    printError("steward-bench: \(problem)\n\n" + usage(benchmarks))
    exit(64)
}
