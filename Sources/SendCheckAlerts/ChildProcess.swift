#if Alerts
    import Foundation

    /// One run of a program, bytes on its standard input and its output (standard output and error
    /// together) kept up to a bound, within an overall deadline. The program runs in a process group
    /// of its own; at the deadline the group is sent SIGTERM, then SIGKILL after two seconds, so
    /// neither the program nor anything it started outlives the deadline.
    ///
    /// sendcheck keeps a read end of the program's input pipe open itself. A program that exits
    /// without reading its input therefore never makes a write fail with EPIPE or raise SIGPIPE
    /// (which would end sendcheck); the bytes it left in the pipe are counted instead.
    final class ChildProcess {
        struct StartFailure: Error, CustomStringConvertible {
            var description: String
        }

        enum End: Equatable {
            case exited(Int32)
            case signalled(Int32)
            /// Stopped at the deadline.
            case timedOut
        }

        struct Outcome {
            var end: End
            /// The first `outputKept` bytes of what it printed.
            var output: [UInt8] = []
            /// All it printed, counted.
            var outputBytes = 0
            /// Bytes of the input written into its pipe.
            var inputTaken = 0
            /// Bytes of the input it did not read before it exited: never written, or left in the pipe.
            var inputUnread = 0
        }

        static let outputKept = 4096
        /// Between SIGTERM and SIGKILL.
        static let grace = Swift.Duration.seconds(2)

        private let pid: pid_t
        private var inputFD: Int32
        /// Our own read end of the program's input: see the type's comment.
        private let inputReader: Int32
        private var outputFD: Int32
        private var outcome = Outcome(end: .timedOut)

        /// Runs `program` with `arguments`, writes `input`, and waits for it to exit until `deadline`.
        static func run(_ program: String, arguments: [String], input: [UInt8], until deadline: ContinuousClock.Instant) throws(StartFailure)
            -> Outcome
        {
            let child = try ChildProcess(program, arguments: arguments)
            return child.exchange(input, deadline: deadline)
        }

        private init(_ program: String, arguments: [String]) throws(StartFailure) {
            var toChild: [Int32] = [-1, -1]
            var fromChild: [Int32] = [-1, -1]
            guard pipe(&toChild) == 0 else { throw StartFailure(description: "cannot make a pipe: \(Self.reason(errno))") }
            guard pipe(&fromChild) == 0 else {
                let error = errno
                toChild.forEach { close($0) }
                throw StartFailure(description: "cannot make a pipe: \(Self.reason(error))")
            }
            // Only the copies spawn puts on 0, 1 and 2 reach the program.
            (toChild + fromChild).forEach { _ = fcntl($0, F_SETFD, FD_CLOEXEC) }
            let (spawned, error) = Self.spawn(program, arguments: arguments, input: toChild[0], output: fromChild[1])
            close(fromChild[1])
            guard let spawned else {
                (toChild + [fromChild[0]]).forEach { close($0) }
                throw StartFailure(description: "cannot start \(program): \(Self.reason(error))")
            }
            pid = spawned
            inputReader = toChild[0]
            inputFD = toChild[1]
            outputFD = fromChild[0]
            _ = fcntl(inputFD, F_SETFL, O_NONBLOCK)
            _ = fcntl(outputFD, F_SETFL, O_NONBLOCK)
        }

        /// posix_spawn with the pipes as standard input, output and error, a new process group, no
        /// blocked signals and SIGPIPE at its default (sendcheck ignores it; a child need not).
        private static func spawn(_ program: String, arguments: [String], input: Int32, output: Int32) -> (pid_t?, Int32) {
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_adddup2(&actions, input, 0)
            posix_spawn_file_actions_adddup2(&actions, output, 1)
            posix_spawn_file_actions_adddup2(&actions, output, 2)
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var none = sigset_t()
            sigemptyset(&none)
            var defaults = sigset_t()
            sigemptyset(&defaults)
            sigaddset(&defaults, SIGPIPE)
            posix_spawnattr_setsigmask(&attributes, &none)
            posix_spawnattr_setsigdefault(&attributes, &defaults)
            posix_spawnattr_setpgroup(&attributes, 0)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
            let argv = ([program] + arguments).map { strdup($0) } + [nil]
            let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { (argv + envp).forEach { free($0) } }
            var pid: pid_t = 0
            let result = posix_spawn(&pid, program, &actions, &attributes, argv, envp)
            return result == 0 ? (pid, 0) : (nil, result)
        }

        /// Writes the input and reads the output until the program exits or the deadline passes.
        private func exchange(_ input: [UInt8], deadline: ContinuousClock.Instant) -> Outcome {
            if input.isEmpty { closeInput() }
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                if let status = reap() {
                    drain(&buffer)
                    var left: Int32 = 0
                    _ = ioctl(inputReader, UInt(FIONREAD), &left)
                    outcome.inputUnread = input.count - outcome.inputTaken + Int(left)
                    return finished(status)
                }
                let remaining = ContinuousClock.now.duration(to: deadline)
                guard remaining > .zero else { break }
                var fds: [pollfd] = []
                if inputFD >= 0 { fds.append(pollfd(fd: inputFD, events: Int16(POLLOUT), revents: 0)) }
                if outputFD >= 0 { fds.append(pollfd(fd: outputFD, events: Int16(POLLIN), revents: 0)) }
                // A short wait at most: the program may exit with its output still held open by
                // something it started, and only `reap` sees that.
                let wait = min(Swift.Duration.milliseconds(10), remaining)
                _ = poll(&fds, nfds_t(fds.count), Int32((wait / .milliseconds(1)).rounded(.up)))
                if inputFD >= 0 { feed(input) }
                drain(&buffer)
            }
            stop()
            outcome.end = .timedOut
            closeAll()
            return outcome
        }

        /// As much of the input as the pipe takes now; closed (end of file for the program) once all
        /// is written.
        private func feed(_ input: [UInt8]) {
            while inputFD >= 0, outcome.inputTaken < input.count {
                let n = input.withUnsafeBytes { bytes in
                    write(inputFD, bytes.baseAddress! + outcome.inputTaken, min(65536, input.count - outcome.inputTaken))
                }
                if n > 0 {
                    outcome.inputTaken += n
                } else if n < 0, errno == EAGAIN || errno == EINTR {
                    return
                } else {
                    closeInput()
                }
            }
            if outcome.inputTaken == input.count { closeInput() }
        }

        /// Reads what is there now, keeping the first `outputKept` bytes and counting the rest.
        private func drain(_ buffer: inout [UInt8]) {
            while outputFD >= 0 {
                let n = read(outputFD, &buffer, buffer.count)
                if n > 0 {
                    let room = max(0, Self.outputKept - outcome.output.count)
                    outcome.output += buffer[..<min(n, room)]
                    outcome.outputBytes += n
                } else if n < 0, errno == EAGAIN || errno == EINTR {
                    return
                } else {
                    close(outputFD)
                    outputFD = -1
                }
            }
        }

        /// The wait status once the program has exited, without waiting.
        private func reap() -> Int32? {
            var status: Int32 = 0
            return waitpid(pid, &status, WNOHANG) == pid ? status : nil
        }

        private func finished(_ status: Int32) -> Outcome {
            closeAll()
            // WIFEXITED and WEXITSTATUS, WTERMSIG: macros Swift does not import.
            outcome.end = status & 0x7F == 0 ? .exited((status >> 8) & 0xFF) : .signalled(status & 0x7F)
            return outcome
        }

        /// SIGTERM to the program's process group, SIGKILL after the grace period, then reaped.
        private func stop() {
            kill(-pid, SIGTERM)
            let end = ContinuousClock.now.advanced(by: Self.grace)
            while ContinuousClock.now < end {
                if reap() != nil {
                    kill(-pid, SIGKILL)
                    return
                }
                usleep(10_000)
            }
            kill(-pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }

        private func closeInput() {
            guard inputFD >= 0 else { return }
            close(inputFD)
            inputFD = -1
        }

        private func closeAll() {
            closeInput()
            if outputFD >= 0 { close(outputFD) }
            outputFD = -1
        }

        deinit { close(inputReader) }

        static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
    }
#endif
