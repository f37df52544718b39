import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A helper process a test talks to (a fixture HTTP server, `prometheus`, `node_exporter`, ...).
///
/// `start` launches it with `posix_spawn` in its own process group, with stdin from `/dev/null` and stdout
/// and stderr captured together, and returns once it is ready: a TCP port accepts connections, or an output
/// line contains a marker. `stop()` (also run on deinit) sends SIGTERM to the group, then SIGKILL after the
/// grace period. If the process exits or the deadline passes before it is ready, `start` throws with the
/// captured output, so the test failure says why.
///
/// `posix_spawn` rather than Foundation's `Process`: threads of the test runner block SIGTERM, and a child
/// inherits its parent thread's signal mask, so a `Process` child would ignore `terminate()`. Here the mask
/// and the usual signal dispositions are reset for the child.
public final class PeerProcess: Sendable {
    public enum Readiness: Sendable {
        /// Ready when a TCP connection to `host:port` (IPv4) succeeds.
        case tcpPort(host: String = "127.0.0.1", port: Int)
        /// Ready when a line of output contains `marker`; that line is `readyLine`.
        case outputLine(containing: String)
        /// Ready as soon as it is launched.
        case immediately
    }

    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    public let executable: String
    public let pid: Int32
    /// The output line that signalled readiness, for `.outputLine` (e.g. one carrying a chosen port).
    public var readyLine: String? { readyLineStorage.withLock { $0 } }
    private let readyLineStorage = Mutex<String?>(nil)
    /// The raw `waitpid` status once the process has been reaped.
    private let exitStatus = Mutex<Int32?>(nil)
    private let captured: OutputBuffer

    /// Everything the process wrote to stdout and stderr so far.
    public var output: String { captured.text }

    public static func start(
        executable: String,
        arguments: [String] = [],
        environment: [String: String]? = nil,
        workingDirectory: String? = nil,
        readiness: Readiness,
        timeout: Duration = .seconds(30)
    ) async throws -> PeerProcess {
        let captured = OutputBuffer()
        let pid = try spawn(
            executable: executable, arguments: arguments, environment: environment,
            workingDirectory: workingDirectory, output: captured)
        let peer = PeerProcess(executable: executable, pid: pid, captured: captured)
        let deadline = ContinuousClock.now + timeout
        while true {
            if let line = Self.ready(readiness, output: captured) {
                peer.readyLineStorage.withLock { $0 = line.isEmpty ? nil : line }
                return peer
            }
            if !peer.isRunning {
                throw StartError(
                    description: "\(executable) exited (\(peer.exitDescription)) before it was ready:\n\(captured.text)"
                )
            }
            if ContinuousClock.now > deadline {
                peer.stop()
                throw StartError(description: "\(executable) not ready after \(timeout):\n\(captured.text)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    private init(executable: String, pid: pid_t, captured: OutputBuffer) {
        self.executable = executable
        self.pid = pid
        self.captured = captured
    }

    deinit {
        stop()
    }

    /// Whether the process has not exited yet (reaps it when it has).
    public var isRunning: Bool {
        exitStatus.withLock { status in
            guard status == nil else { return false }
            var raw: Int32 = 0
            let result = waitpid(pid, &raw, WNOHANG)
            if result == pid || result < 0 { status = result == pid ? raw : -1 }
            return status == nil
        }
    }

    /// "exit status N" or "signal N", once exited.
    public var exitDescription: String {
        guard let raw = exitStatus.withLock({ $0 }) else { return "running" }
        if raw == -1 { return "already reaped" }
        return raw & 0x7f == 0 ? "exit status \((raw >> 8) & 0xff)" : "signal \(raw & 0x7f)"
    }

    /// Sends `signal` to the process (e.g. SIGHUP to make a server reload its config).
    public func send(signal: Int32) {
        if isRunning { kill(pid, signal) }
    }

    /// SIGTERM to the process group, SIGKILL after `gracePeriod`, then waits for the exit. Idempotent.
    public func stop(gracePeriod: Duration = .seconds(5)) {
        guard isRunning else { return }
        kill(-pid, SIGTERM)
        let deadline = ContinuousClock.now + gracePeriod
        while isRunning, ContinuousClock.now < deadline { usleep(10_000) }
        if isRunning { kill(-pid, SIGKILL) }
        exitStatus.withLock { status in
            guard status == nil else { return }
            var raw: Int32 = 0
            status = waitpid(pid, &raw, 0) == pid ? raw : -1
        }
    }

    private static func spawn(
        executable: String, arguments: [String], environment: [String: String]?, workingDirectory: String?,
        output: OutputBuffer
    ) throws -> pid_t {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw StartError(description: "pipe(): errno \(errno)") }
        // Close-on-exec, so children spawned concurrently by other tests do not keep our pipe open.
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD, SIGUSR1, SIGUSR2] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        // posix_spawn_file_actions_addchdir_np is not visible from Swift; a shell `cd` then `exec` keeps the pid.
        var command = [executable] + arguments
        if let workingDirectory { command = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", workingDirectory] + command }
        let argv = command.map { strdup($0) } + [nil]
        let envStrings = environment.map { $0.map { "\($0.key)=\($0.value)" } }
        let envp = envStrings.map { $0.map { strdup($0) } + [nil] }
        defer {
            argv.forEach { free($0) }
            envp?.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result =
            envp.map { posix_spawn(&pid, command[0], &actions, &attributes, argv, $0) }
            ?? posix_spawn(&pid, command[0], &actions, &attributes, argv, environ)
        close(fds[1])
        guard result == 0 else {
            close(fds[0])
            throw StartError(description: "cannot start \(executable): \(String(cString: strerror(result)))")
        }
        let reader = FileHandle(fileDescriptor: fds[0], closeOnDealloc: true)
        reader.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                output.keepReading(nil)
            } else {
                output.append(data)
            }
        }
        // The handler does not retain its handle; deallocating it would close the pipe under the child.
        output.keepReading(reader)
        return pid
    }

    /// A TCP port that was free a moment ago, for processes that must be told which port to listen on.
    public static func freeTCPPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw StartError(description: "socket(): errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw StartError(description: "bind(127.0.0.1:0): errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The absolute path of `name` in `PATH`, like `which`.
    public static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    // MARK: - Readiness

    /// `nil` while not ready; the ready line (empty for non-line readiness) once ready.
    private static func ready(_ readiness: Readiness, output: OutputBuffer) -> String? {
        switch readiness {
        case .immediately:
            return ""
        case .tcpPort(let host, let port):
            return canConnect(host: host, port: port) ? "" : nil
        case .outputLine(let marker):
            return output.text.split(separator: "\n").first { $0.contains(marker) }.map(String.init)
        }
    }

    private static func canConnect(host: String, port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr(host)
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}

/// Output captured from a peer's stdout and stderr; appended to from Foundation's reading thread.
private final class OutputBuffer: Sendable {
    private let bytes = Mutex<[UInt8]>([])
    private let reader = Mutex<FileHandle?>(nil)

    func keepReading(_ handle: FileHandle?) {
        reader.withLock { $0 = handle }
    }

    func append(_ data: Data) {
        bytes.withLock { $0.append(contentsOf: data) }
    }

    var text: String { bytes.withLock { String(decoding: $0, as: UTF8.self) } }
}
