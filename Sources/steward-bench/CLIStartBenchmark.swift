import Foundation

/// `steward-bench cli-start`: the cold start of `steward status` on a small project with a
/// store, next to `steward --help` (the floor: process start, runtime, argument parsing).
enum CLIStartBenchmark: Benchmark {
    static let name = "cli-start"
    static let summary = "`steward status` process start vs `steward --help` (build steward in release first)"
    static var defaults: BenchOptions { BenchOptions(sizeMB: 0, repetitions: 1, count: 100) }
    static var defaultsText: String { "(default --count 100 runs of each)" }
    static let goal = 2.0

    static func run(_ options: BenchOptions) -> Int32 {
        let runs = options.count ?? defaults.count!
        guard let binary = PackageFiles.executableFolder?.appendingPathComponent("steward").path,
              FileManager.default.isExecutableFile(atPath: binary) else {
            printError("steward-bench: no steward beside steward-bench; build it first: swift build -c release --product steward")
            return 1
        }
        do {
            let folder = try ScratchFolder("cli")
            let setup: [[String]] = [["init"]]
                + Array(repeating: ["start", "party-building-plan", "--as", "li.ming", "--input", "year=2026"], count: 3)
            for arguments in setup {
                let result = try runCaptured(binary, arguments, in: folder.url)
                guard result.status == 0 else { throw BenchFailure("steward \(arguments.joined(separator: " ")) failed") }
            }
            let listed = try runCaptured(binary, ["status"], in: folder.url)
            guard listed.status == 0, listed.output.split(separator: "\n").count == 3 else {
                throw BenchFailure("steward status did not list the 3 instances: \(listed.output)")
            }
            guard let instance = listed.output.split(separator: " ").first.map(String.init) else {
                throw BenchFailure("no instance id in steward status")
            }
            let commands: [(label: String, arguments: [String])] = [
                ("steward --help", ["--help"]),
                ("steward status (3 instances)", ["status"]),
                ("steward status ID", ["status", instance]),
            ]
            let previous = FileManager.default.currentDirectoryPath
            guard FileManager.default.changeCurrentDirectoryPath(folder.url.path) else {
                throw BenchFailure("cannot change to \(folder.url.path)")
            }
            defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
            var times = [[Double]](repeating: [], count: commands.count)
            for warmup in 0..<(runs + 3) {
                for (index, command) in commands.enumerated() {
                    let seconds = try spawnAndWait(binary, command.arguments)
                    if warmup >= 3 { times[index].append(seconds) }
                }
            }
            print("Process start to exit, \(runs) runs of each, alternating, after 3 warm-up runs; "
                + "binary \(binary), project with a store of 3 instances")
            print("")
            var table = Table(["command", "best (ms)", "median (ms)", "90th pct (ms)"], rightAligned: [1, 2, 3])
            var medians: [Double] = []
            var bests: [Double] = []
            for (index, command) in commands.enumerated() {
                let sorted = times[index].sorted()
                let median = sorted[sorted.count / 2]
                medians.append(median)
                bests.append(sorted[0])
                table.add([command.label, (sorted[0] * 1000).fixed(1), (median * 1000).fixed(1),
                           (sorted[min(sorted.count - 1, sorted.count * 9 / 10)] * 1000).fixed(1)])
            }
            print(table.text)
            print("")
            let ratio = medians[1] / medians[0]
            print("status / --help (medians): \(ratio.fixed(2))× (goal ≤ \(goal.fixed(1))×: \(ratio <= goal ? "met" : "NOT met")); "
                + "best times: \((bests[1] / bests[0]).fixed(2))×; status ID / --help: \((medians[2] / medians[0]).fixed(2))×")
        } catch {
            printError("steward-bench: \(error)")
            return 1
        }
        return 0
    }

    /// Starts `path` with `arguments` (output to /dev/null) and waits for it; the wall time in seconds.
    static func spawnAndWait(_ path: String, _ arguments: [String]) throws -> Double {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let clock = ContinuousClock()
        let start = clock.now
        var pid: pid_t = 0
        let code = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard code == 0 else { throw BenchFailure("posix_spawn failed: \(code)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let seconds = Measure.seconds(clock.now - start)
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw BenchFailure("\(path) \(arguments.joined(separator: " ")) exited with status \(status)")
        }
        return seconds
    }
}
