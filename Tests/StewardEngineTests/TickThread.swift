import Foundation
import StewardEngine

extension Engine {
    /// One tick on a thread of its own, as the command line runs it. A tick waits for its handler
    /// calls, which run on Swift's shared pool: a test blocking a pool thread in a tick (a
    /// handful of tests at once, on a small machine) could leave no thread to make the calls.
    func tickOnOwnThread() async throws -> TickReport {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try self.tick() })
            }
        }
    }
}
