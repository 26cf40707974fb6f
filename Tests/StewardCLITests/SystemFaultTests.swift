import StewardTestSupport
import Foundation
import Testing

/// The system failing under steward (one call made to fail with strace, as a failing disk or
/// /proc would) is a failure with exit 5 and a message, never a success for work not done.
@Suite("system calls that fail", .enabled(if: Strace.available, "needs strace and ptrace; the reason is printed"))
struct SystemFaultTests {
    @Test("no command line from the system (/proc/self/maps unreadable): exit 5, not the help and exit 0")
    func noCommandLine() throws {
        try withTemporaryDirectory { dir in
            #expect(try StewardProcess.run(["init"], in: dir).status == 0)
            // The Swift runtime on Linux finds the arguments through /proc/self/maps.
            let result = try Strace.run(["status"], in: dir, failing: "openat", on: "/proc/self/maps")
            #expect(!result.stdout.contains("OVERVIEW"), "\(result)")
            if result.status != 0 {
                #expect(result.status == 5, "\(result)")
                #expect(result.stderr.contains("the system did not give steward its command line"), "\(result)")
            }
        }
    }
}
