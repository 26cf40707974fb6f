import Testing

extension StewardProcesses {
    /// `scripts/crash-loop` is the long form of the crash test that operators and reviewers
    /// run by hand (1,000 loops); a few loops here keep it working as the store evolves.
    @Suite("the crash-loop script")
    struct CrashLoopScriptTests {
        @Test("a short run of scripts/crash-loop passes every loop", .timeLimit(.minutes(3)))
        func shortRun() throws {
            let run = try StewardProcesses.script("crash-loop", ["8", "--seed", "11"])
            #expect(run.status == 0, "\(run.output)")
            #expect(run.output.contains("8 passed, 0 failed"), "\(run.output)")
        }
    }
}
