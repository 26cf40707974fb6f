import Foundation
import StewardCore
import StewardDiagnostics
import StewardExpressions
import StewardModel
import StewardPlugins
import StewardTime
import StewardYAML

/// Runs author tests (`steward test`): each test on a throwaway store in a temporary folder,
/// with a fake clock, the project's roster, calendars and steward.yaml, and mocked handlers.
/// Nothing is written to the project's store, outbox, ledger or documents.
public struct AuthorTestRunner: Sendable {
    public let project: Project
    public let handlers: HandlerRegistry
    /// Where the fake clock starts when a file does not say (office time): a Monday.
    public static let defaultClock = AuthorTestTime.local(LocalDateTime(date: CivilDate(year: 2026, month: 3, day: 2)!, hour: 9)!)
    /// Reasons a refusal may give: the core's and the engine's own.
    public static let refusalReasons = Refusal.Kind.allCases.map(\.rawValue) + ["no-open-task", "unknown-state", "already-recorded"]
    /// Kinds of trail entries, and the words for the timer entries that reminded, escalated or
    /// marked a task overdue.
    public static let trailKinds = ["started", "acted", "voted", "refused", "timer-fired", "handler-succeeded", "handler-failed",
                                    "child-finished", "cancelled", "signalled", "reassigned", "calendar-updated",
                                    "reminded", "escalated", "overdue"]

    public init(project: Project, handlers: HandlerRegistry) {
        self.project = project
        self.handlers = handlers
    }

    public var context: AuthorTestContext {
        let project = project
        let handlers = handlers
        return AuthorTestContext(roster: project.roster, refusalReasons: Self.refusalReasons, trailKinds: Self.trailKinds) { id in
            do throws(EngineError) {
                return .success(try project.compile(workflow: id, handlers: handlers))
            } catch {
                return .failure(AuthorTestLookupError(error.message))
            }
        }
    }

    /// Reads and checks a test file; nil with findings when it is not valid.
    public func read(_ source: YAMLSource) -> (file: AuthorTestFile?, diagnostics: [Diagnostic]) {
        AuthorTestReader.read(source, context: context)
    }

    /// Runs every test of `file`, in order.
    public func run(_ file: AuthorTestFile) -> [AuthorTestResult] {
        file.tests.map { run($0, of: file) }
    }

    public func run(_ test: AuthorTest, of file: AuthorTestFile) -> AuthorTestResult {
        let began = ContinuousClock.now
        var result = AuthorTestResult(file: file.path, workflow: file.workflow.value, name: test.name,
                                      line: test.location.line, status: .passed, failure: nil, seconds: 0)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("steward-test-\(UUID().uuidString)")
        // Whatever the test left there goes; a folder the system fails to remove is its own to clean.
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            var session = try AuthorTestSession(runner: self, file: file, test: test, folder: folder)
            try session.run()
        } catch let stop as AuthorTestStop {
            result.status = stop.isError ? .error : .failed
            result.failure = stop.failure
        } catch {
            result.status = .error
            result.failure = AuthorTestFailure(line: test.location.line, step: "set-up", message: "\(error)", differences: [])
        }
        let (seconds, attoseconds) = (ContinuousClock.now - began).components
        result.seconds = Double(seconds) + Double(attoseconds) / 1e18
        return result
    }
}

/// Why a test stopped: an expectation not met (failed) or something that kept it from running (error).
struct AuthorTestStop: Error {
    let failure: AuthorTestFailure
    let isError: Bool
}
