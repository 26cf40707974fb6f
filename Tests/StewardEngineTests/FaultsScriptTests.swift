import StewardTestSupport
import Foundation
import Testing

extension StewardProcesses {
    /// `scripts/faults` makes the disk fail under one act and one tick, one call at a time, and
    /// checks what is left; operators and reviewers run it whole by hand. Its short run here
    /// keeps it (and what it checks) working as the store and the outbox evolve.
    @Suite("the faults script")
    struct FaultsScriptTests {
        // Without strace, or where ptrace is not permitted (some containers), the script cannot
        // inject anything: the test is skipped, and the reason printed, rather than passed.
        @Test("a short run of scripts/faults passes every case",
              .enabled(if: Strace.available, "needs strace and ptrace (scripts/setup installs strace); the reason is printed"))
        func quickRun() throws {
            let run = try StewardProcesses.script("faults", ["--quick"])
            #expect(run.status == 0, "\(run.output)")
            #expect(run.output.range(of: #"\n[1-9][0-9]* passed, 0 failed \("#, options: .regularExpression) != nil, "\(run.output)")
        }
    }
}
