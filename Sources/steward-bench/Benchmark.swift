#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One `steward-bench` subcommand.
protocol Benchmark {
    /// The subcommand's name: `yaml`.
    static var name: String { get }
    /// One line for the usage text.
    static var summary: String { get }
    /// The options used when none are given.
    static var defaults: BenchOptions { get }
    /// Runs the benchmark, prints its table and returns the process exit code.
    static func run(_ options: BenchOptions) -> Int32
    /// The defaults shown in the usage text: `(default --size-mb 50 --repeat 5)`.
    static var defaultsText: String { get }
}

extension Benchmark {
    static var defaultsText: String {
        "(default --size-mb \(defaults.sizeMB) --repeat \(defaults.repetitions))"
    }
}

/// The usage text listing every benchmark.
func usage(_ benchmarks: [any Benchmark.Type]) -> String {
    var lines = [
        "usage: steward-bench <benchmark> [--size-mb N] [--repeat N] [--count N]",
        "",
        "Build in release mode: swift run -c release steward-bench <benchmark>",
        "",
        "benchmarks:",
    ]
    for benchmark in benchmarks {
        lines.append("  \(benchmark.name.padding(to: 15))\(benchmark.summary) \(benchmark.defaultsText)")
    }
    lines += [
        "",
        "options:",
        "  --size-mb N   size of the generated input, in MB (10^6 bytes)",
        "  --repeat N    repetitions; the best time of N is reported",
        "  --count N     the benchmark's main count (instances, entries or runs; see its line)",
    ]
    return lines.joined(separator: "\n")
}

/// Writes a line to standard error.
func printError(_ text: String) {
    let line = Array((text + "\n").utf8)
    line.withUnsafeBytes { buffer in _ = write(2, buffer.baseAddress, buffer.count) }
}
