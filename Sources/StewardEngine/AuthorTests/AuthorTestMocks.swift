import Foundation
import StewardExpressions
import StewardModel
import StewardPlugins
import StewardTime

/// The fake clock of one author test: it moves only when a step moves it.
final class AuthorTestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Instant

    init(_ start: Instant) { current = start }

    var now: Instant {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    func set(_ instant: Instant) {
        lock.lock()
        defer { lock.unlock() }
        current = instant
    }
}

/// The mocks of one test (the file's, with the test's over them) and the calls that needed
/// one and had none.
final class MockBoard: @unchecked Sendable {
    private let lock = NSLock()
    private let mocks: [String: AuthorTestMock]
    private var unmocked: [(state: String, handler: String)] = []

    init(_ mocks: [String: AuthorTestMock]) { self.mocks = mocks }

    /// The mock for a call: by the state's name first, else by the handler's.
    func mock(state: String, handler: String) -> AuthorTestMock? { mocks[state] ?? mocks[handler] }

    func recordUnmocked(state: String, handler: String) {
        lock.lock()
        defer { lock.unlock() }
        unmocked.append((state, handler))
    }

    /// The calls made without a mock since the last look, forgotten once returned.
    func takeUnmocked() -> [(state: String, handler: String)] {
        lock.lock()
        defer { lock.unlock() }
        defer { unmocked = [] }
        return unmocked
    }
}

/// A handler as an author test calls it: the mocked result when there is one; else the
/// built-ins that only write files run for real (into the test's throwaway folder), and
/// anything that reaches outside (webhook, shell, plug-ins) is not called at all.
struct MockingHandler: StepHandler {
    /// Built-ins whose only effect is files in folders the engine gives them.
    static let writesFilesOnly: Set<String> = ["notify", "render", "archive"]

    let inner: any StepHandler
    let board: MockBoard

    var contract: HandlerContract { inner.contract }

    func call(_ request: StepRequest) async -> StepOutcome {
        if let mock = board.mock(state: request.state, handler: contract.name) {
            switch mock.result {
            case .output(let value): return .success(value)
            case let .failure(kind, message, retryable): return .failure(kind: kind, message: message, retryable: retryable)
            }
        }
        if contract.tier == .builtIn, Self.writesFilesOnly.contains(contract.name) {
            // notify hands its message to the project's channels (plug-ins): not in a test.
            return await inner.call(request.withoutChannels)
        }
        board.recordUnmocked(state: request.state, handler: contract.name)
        return .failure(kind: "handler", message: "'\(contract.name)' is not called in a test; mock it", retryable: false)
    }

    /// Every handler of `registry` wrapped, so each call goes through `board`.
    static func wrap(_ registry: HandlerRegistry, board: MockBoard) -> HandlerRegistry {
        var wrapped = registry
        for name in registry.names {
            guard let handler = registry.handler(named: name) else { continue }
            wrapped.register(MockingHandler(inner: handler, board: board))
        }
        return wrapped
    }
}

extension StepRequest {
    /// The same request with no delivery channels named.
    var withoutChannels: StepRequest {
        StepRequest(key: key, operationKey: operationKey, instance: instance, workflow: workflow, state: state, attempt: attempt,
                    arguments: arguments, places: places, deadline: deadline, record: record, secrets: secrets,
                    context: context.map { HandlerContext(roster: $0.roster, channels: [], handlers: $0.handlers) })
    }
}
