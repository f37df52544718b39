import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A helper process a test talks to (a fixture HTTP server, `prometheus`, `node_exporter`, ...).
///
/// `start` launches it, captures stdout and stderr together, and returns once it is ready: a TCP port
/// accepts connections, or an output line contains a marker. `stop()` (also run on deinit) sends SIGTERM,
/// then SIGKILL if the process has not exited within two seconds. If the process exits or the deadline
/// passes before it is ready, `start` throws with the captured output, so the test failure says why.
public final class PeerProcess: Sendable {
    public enum Readiness: Sendable {
        /// Ready when a TCP connection to `host:port` succeeds.
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
    /// The output line that signalled readiness, for `.outputLine` (e.g. one carrying a chosen port).
    public var readyLine: String? { readyLineStorage.withLock { $0 } }
    private let readyLineStorage = Mutex<String?>(nil)
    private let process: Mutex<Process?>
    private let captured: OutputBuffer

    public var pid: Int32 { process.withLock { $0?.processIdentifier ?? 0 } }

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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let captured = OutputBuffer()
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
            } else {
                captured.append(data)
            }
        }
        try process.run()
        let peer = PeerProcess(executable: executable, process: process, captured: captured)
        let deadline = ContinuousClock.now + timeout
        while true {
            if let line = Self.ready(readiness, output: captured) {
                peer.readyLineStorage.withLock { $0 = line.isEmpty ? nil : line }
                return peer
            }
            if !process.isRunning {
                throw StartError(
                    description: "\(executable) exited with status \(process.terminationStatus) before it was ready:\n\(captured.text)")
            }
            if ContinuousClock.now > deadline {
                peer.stop()
                throw StartError(description: "\(executable) not ready after \(timeout):\n\(captured.text)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    private init(executable: String, process: Process, captured: OutputBuffer) {
        self.executable = executable
        self.process = Mutex(process)
        self.captured = captured
    }

    deinit {
        stop()
    }

    /// Terminates the process and waits for it to exit. Idempotent.
    public func stop() {
        guard let process = process.withLock({ $0.take() }) else { return }
        guard process.isRunning else { return }
        process.terminate()
        let deadline = ContinuousClock.now + .seconds(2)
        while process.isRunning, ContinuousClock.now < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
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

    func append(_ data: Data) {
        bytes.withLock { $0.append(contentsOf: data) }
    }

    var text: String { bytes.withLock { String(decoding: $0, as: UTF8.self) } }
}
