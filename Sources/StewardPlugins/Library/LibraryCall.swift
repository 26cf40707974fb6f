import Foundation

/// How one call into a library ended, as the waiting side saw it.
enum LibraryAnswer: Sendable, Equatable {
    case frames(String)
    /// The library returned a null pointer.
    case nothing
    /// The frames were longer than the limit (their length).
    case tooLarge(Int)
    /// The deadline came first; the call's thread was left to finish on its own.
    case timedOut
    /// Too many earlier calls are still running past their deadline: not called.
    case stuck(Int)
}

/// Runs library calls on threads of their own, never on Swift's shared pool: a library call
/// blocks its thread, and one that does not return would hold a pool thread forever.
///
/// A library cannot be stopped. At the deadline the waiting step gives up (kind `timeout`) and
/// the thread is abandoned: it finishes whenever the library returns, or never. Past
/// `maximumStuck` such threads, further calls fail at once instead of piling up threads.
final class LibraryCaller: @unchecked Sendable {
    static let maximumStuck = 4
    /// The most frames one call may return, as for a process plug-in's stdout.
    static let outputLimit = 1 << 20

    let image: LibraryImage
    private let lock = NSLock()
    private var stuck = 0

    init(image: LibraryImage) { self.image = image }

    var stuckCalls: Int {
        lock.lock()
        defer { lock.unlock() }
        return stuck
    }

    func call(_ request: String, name: String, deadline: ContinuousClock.Instant) async -> LibraryAnswer {
        let stuckNow = stuckCalls
        guard stuckNow < Self.maximumStuck else { return .stuck(stuckNow) }
        guard deadline > .now else { return .timedOut }
        return await withCheckedContinuation { continuation in
            let once = ResumeOnce(continuation)
            once.timer = Task {
                do {
                    try await Task.sleep(until: deadline, clock: .continuous)
                } catch {
                    return  // cancelled: the call ended first
                }
                if once.resume(.timedOut) { self.changeStuck(by: 1) }
            }
            let thread = Thread { [image] in
                let (frames, bytes) = image.call(request, limit: Self.outputLimit)
                let answer: LibraryAnswer = frames.map(LibraryAnswer.frames) ?? (bytes > 0 ? .tooLarge(bytes) : .nothing)
                if !once.resume(answer) { self.changeStuck(by: -1) }
            }
            thread.name = "plugin \(name)"
            thread.start()
        }
    }

    private func changeStuck(by change: Int) {
        lock.lock()
        defer { lock.unlock() }
        stuck += change
    }
}

/// Resumes a continuation once: the call's thread and the deadline race for it.
private final class ResumeOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<LibraryAnswer, Never>?
    var timer: Task<Void, Never>? {
        get { lock.withLock { storedTimer } }
        set { lock.withLock { storedTimer = newValue } }
    }
    private var storedTimer: Task<Void, Never>?

    init(_ continuation: CheckedContinuation<LibraryAnswer, Never>) { self.continuation = continuation }

    /// True when this answer was the first.
    func resume(_ answer: LibraryAnswer) -> Bool {
        lock.lock()
        guard let continuation else {
            lock.unlock()
            return false
        }
        self.continuation = nil
        let timer = storedTimer
        lock.unlock()
        timer?.cancel()
        continuation.resume(returning: answer)
        return true
    }
}
