internal import CPosixSpawn
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs one program for one handler call: in a session (and process group) of its own, with
/// only the environment it is given, its output capped and read as it comes, and stopped at
/// its deadline (SIGTERM to the whole group, then SIGKILL after the grace). Nothing it starts
/// outlives the call: once it has ended, whatever is left of its group is killed too.
///
/// The waiting is blocking (poll), so it runs on a thread of its own, never on one of Swift's
/// shared pool, and the caller awaits its end.
enum ProcessRunner {
    static func run(_ launch: ProcessLaunch, lines: (any OutputLines)? = nil) async -> Result<ProcessRun, LaunchFailure> {
        let job = Job(launch: launch, lines: lines)
        return await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: job.run())
            }
            thread.name = "steward-plugin"
            thread.start()
        }
    }

    /// One run's state, used by its thread alone.
    private final class Job: @unchecked Sendable {
        let launch: ProcessLaunch
        let lines: (any OutputLines)?
        var output: [UInt8] = []
        var lineStart = 0
        var errorTail: [UInt8] = []
        var errorBytes = 0
        var stop: ProcessRun.Stop?

        init(launch: ProcessLaunch, lines: (any OutputLines)?) {
            self.launch = launch
            self.lines = lines
        }

        func run() -> Result<ProcessRun, LaunchFailure> {
            // A write to a program that has gone fails with EPIPE instead of killing Steward:
            // SIGPIPE is blocked on this thread only (the child gets an empty mask).
            var pipeSignal = sigset_t()
            sigemptyset(&pipeSignal)
            sigaddset(&pipeSignal, SIGPIPE)
            pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)

            var stdinPipe: [Int32] = [-1, -1], stdoutPipe: [Int32] = [-1, -1], stderrPipe: [Int32] = [-1, -1]
            guard steward_spawn_pipe(&stdinPipe) == 0, steward_spawn_pipe(&stdoutPipe) == 0,
                  steward_spawn_pipe(&stderrPipe) == 0 else {
                let code = errno
                for fd in stdinPipe + stdoutPipe + stderrPipe where fd >= 0 { close(fd) }
                return .failure(LaunchFailure(code: code, message: "no pipe could be made: \(Self.describe(code))"))
            }
            let pid: pid_t
            switch spawn(stdin: stdinPipe[0], stdout: stdoutPipe[1], stderr: stderrPipe[1]) {
            case .success(let spawned): pid = spawned
            case .failure(let failure):
                for fd in stdinPipe + stdoutPipe + stderrPipe { close(fd) }
                return .failure(failure)
            }
            close(stdinPipe[0])
            close(stdoutPipe[1])
            close(stderrPipe[1])
            let status = watch(pid: pid, input: stdinPipe[1], stdout: stdoutPipe[0], stderr: stderrPipe[0])
            if errorTail.count > launch.errorTailLimit { errorTail.removeFirst(errorTail.count - launch.errorTailLimit) }
            return .success(ProcessRun(ending: Self.ending(status), stop: stop, output: output, errorTail: errorTail,
                                       errorBytes: errorBytes))
        }

        /// How often a start refused with ETXTBSY is tried, 20 ms apart.
        static let busyTries = 10

        /// Starts the program: its descriptors 0, 1 and 2 are the pipes and no others are open.
        private func spawn(stdin: Int32, stdout: Int32, stderr: Int32) -> Result<pid_t, LaunchFailure> {
            #if os(Linux)
            var actions = posix_spawn_file_actions_t()
            var attributes = posix_spawnattr_t()
            #else
            var actions: posix_spawn_file_actions_t?
            var attributes: posix_spawnattr_t?
            #endif
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            posix_spawn_file_actions_adddup2(&actions, stdin, 0)
            posix_spawn_file_actions_adddup2(&actions, stdout, 1)
            posix_spawn_file_actions_adddup2(&actions, stderr, 2)
            steward_spawn_close_others(&actions)
            steward_spawn_chdir(&actions, launch.folder)
            posix_spawnattr_setflags(&attributes, steward_spawn_flags())
            var noSignals = sigset_t()
            sigemptyset(&noSignals)
            posix_spawnattr_setsigmask(&attributes, &noSignals)
            var everySignal = sigset_t()
            sigfillset(&everySignal)
            posix_spawnattr_setsigdefault(&attributes, &everySignal)

            let argv = Self.cStrings(launch.arguments)
            let envp = Self.cStrings(launch.environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
            defer {
                for pointer in argv + envp { free(pointer) }
            }
            var pid: pid_t = 0
            var code = posix_spawn(&pid, launch.executable, &actions, &attributes, argv, envp)
            // "Text file busy": another process forked while holding the program open for writing
            // (a plug-in just installed, or any fork racing a write); it passes in moments.
            var tries = 1
            while code == ETXTBSY, tries < Self.busyTries {
                usleep(20_000)
                tries += 1
                code = posix_spawn(&pid, launch.executable, &actions, &attributes, argv, envp)
            }
            guard code == 0 else { return .failure(LaunchFailure(code: code, message: Self.describe(code))) }
            return .success(pid)
        }

        /// Feeds the input, reads both outputs, enforces the limits and the deadline, and
        /// reaps the program; returns its wait status.
        private func watch(pid: pid_t, input: Int32, stdout: Int32, stderr: Int32) -> Int32 {
            var inputFD = input, stdoutFD = stdout, stderrFD = stderr
            for fd in [inputFD, stdoutFD, stderrFD] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
            var written = 0
            var status: Int32?
            var killAt: ContinuousClock.Instant?
            var killed = false
            var drainUntil: ContinuousClock.Instant?
            var quietWait: Duration = .microseconds(500)
            func killGroup(_ signal: Int32) { _ = kill(-pid, signal) }
            func closeFD(_ fd: inout Int32) {
                if fd >= 0 { close(fd) }
                fd = -1
            }
            if launch.input.isEmpty { closeFD(&inputFD) }

            while true {
                let now = ContinuousClock.now
                if stop == nil, status == nil, now >= launch.deadline {
                    stop = .deadline
                    killGroup(SIGTERM)
                    killAt = now + launch.grace
                }
                if let at = killAt, !killed, now >= at {
                    killGroup(SIGKILL)
                    killed = true
                }
                if status == nil {
                    var raw: Int32 = 0
                    let reaped = waitpid(pid, &raw, WNOHANG)
                    if reaped == pid || (reaped < 0 && errno == ECHILD) {
                        status = reaped == pid ? raw : 0
                        // What it left running in its group goes with it.
                        killGroup(SIGKILL)
                        drainUntil = now + .milliseconds(200)
                    }
                }
                if status != nil, (stdoutFD < 0 && stderrFD < 0) || now >= drainUntil ?? now { break }

                var fds: [pollfd] = []
                if inputFD >= 0 { fds.append(pollfd(fd: inputFD, events: Int16(POLLOUT), revents: 0)) }
                if stdoutFD >= 0 { fds.append(pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0)) }
                if stderrFD >= 0 { fds.append(pollfd(fd: stderrFD, events: Int16(POLLIN), revents: 0)) }
                // Short waits: the program's end is noticed by waitpid, not by poll. With both
                // outputs closed nothing wakes poll, so the wait grows from 1 ms (the usual
                // case: it is exiting) to 50 ms (a program that closed them and goes on).
                var wait: Duration = .milliseconds(50)
                if stdoutFD < 0, stderrFD < 0 {
                    quietWait = min(quietWait * 2, .milliseconds(50))
                    wait = quietWait
                }
                for moment in [launch.deadline, killAt, drainUntil].compactMap({ $0 }) where moment > now {
                    wait = min(wait, now.duration(to: moment))
                }
                _ = poll(&fds, nfds_t(fds.count), Int32(Self.milliseconds(wait)))

                if inputFD >= 0, feed(inputFD, from: &written) != .more { closeFD(&inputFD) }
                if stdoutFD >= 0, !drain(stdoutFD, into: takeOutput) { closeFD(&stdoutFD) }
                if stderrFD >= 0, !drain(stderrFD, into: takeError) { closeFD(&stderrFD) }
                if faulted, !killed {
                    // A fault in its output is no reason for a grace period.
                    killGroup(SIGKILL)
                    killed = true
                    closeFD(&stdoutFD)
                }
            }
            // The last line, when the output did not end with a newline.
            if stop == nil, lineStart < output.count, let lines, let reason = lines.line(output[lineStart...]) {
                stop = .refused(reason)
            }
            for fd in [inputFD, stdoutFD, stderrFD] where fd >= 0 { close(fd) }
            return status ?? 0
        }

        private enum Feed: Equatable { case more, done, closed }

        /// Writes what it can of the input without blocking.
        private func feed(_ fd: Int32, from written: inout Int) -> Feed {
            while written < launch.input.count {
                let n = launch.input.withUnsafeBytes { buffer in
                    write(fd, buffer.baseAddress! + written, buffer.count - written)
                }
                if n > 0 {
                    written += n
                    continue
                }
                if n < 0, errno == EINTR { continue }
                // EAGAIN: its pipe is full for now; anything else (EPIPE): it stopped reading.
                return n < 0 && errno == EAGAIN ? .more : .closed
            }
            return .done
        }

        /// Reads what is there without blocking; false at the end of the stream.
        private func drain(_ fd: Int32, into take: ([UInt8]) -> Void) -> Bool {
            var buffer = [UInt8](repeating: 0, count: 64 << 10)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n > 0 {
                    take(Array(buffer[0..<n]))
                    if faulted { return true }
                    continue
                }
                if n < 0, errno == EINTR { continue }
                return n < 0 && errno == EAGAIN
            }
        }

        /// True once the output broke a rule (too much, or a line refused).
        private var faulted: Bool {
            guard let stop else { return false }
            return stop != .deadline
        }

        private func takeOutput(_ bytes: [UInt8]) {
            // Once stopped, for whatever reason, what it prints no longer counts.
            guard stop == nil else { return }
            let room = launch.outputLimit + 1 - output.count
            output.append(contentsOf: bytes.prefix(max(0, room)))
            if output.count > launch.outputLimit {
                stop = .outputTooLarge
                return
            }
            guard let lines else { return }
            while let newline = output[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = output[lineStart..<newline]
                lineStart = newline + 1
                if let reason = lines.line(line) {
                    stop = .refused(reason)
                    return
                }
            }
        }

        private func takeError(_ bytes: [UInt8]) {
            errorBytes += bytes.count
            errorTail.append(contentsOf: bytes)
            // Trimmed now and then rather than on every read: the tail is what matters.
            if errorTail.count > 2 * launch.errorTailLimit {
                errorTail.removeFirst(errorTail.count - launch.errorTailLimit)
            }
        }

        private static func ending(_ status: Int32) -> ProcessRun.Ending {
            let signal = status & 0x7f
            return signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
        }

        private static func milliseconds(_ duration: Duration) -> Int64 {
            let (seconds, attoseconds) = duration.components
            return max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        }

        private static func cStrings(_ strings: [String]) -> [UnsafeMutablePointer<CChar>?] {
            strings.map { strdup($0) } + [nil]
        }

        static func describe(_ code: Int32) -> String {
            String(cString: strerror(code)).lowercased()
        }
    }
}
