import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A Linux network namespace of the test's own, joined to the host by a veth pair, so that a real exporter
/// can listen on a non-loopback address (Kubernetes refuses loopback addresses in Endpoints).
///
/// The host side gets `10.213.N.1/30` and the inside `10.213.N.2/30`, with `N` unique per process and
/// instance; the host reaches `insideAddress` directly over the veth link. `remove()` (also run on deinit)
/// deletes the namespace, which takes the veth pair with it. Tests check `unavailableReason` first and skip
/// with it when the machine cannot create namespaces (not root, no `ip`).
public final class NetworkNamespace: Sendable {
    public let name: String
    /// The address the host side of the veth pair has.
    public let hostAddress: String
    /// The address processes inside the namespace listen on; reachable from the host.
    public let insideAddress: String
    /// The host end of the veth pair (`/sys/class/net/<name>` while the namespace exists).
    public let hostInterface: String
    private let removed = Mutex(false)

    public struct SetupError: Error, CustomStringConvertible {
        public var description: String
    }

    static let ip = "/usr/sbin/ip"
    private static let counter = Mutex(0)

    /// Why namespaces cannot be created here, or `nil` when they can.
    public static var unavailableReason: String? {
        guard FileManager.default.isExecutableFile(atPath: ip) else {
            return "\(ip) is missing (install iproute2)"
        }
        guard geteuid() == 0 else { return "creating network namespaces needs root (euid \(geteuid()))" }
        return nil
    }

    /// Creates the namespace and the veth pair, and brings both ends (and the inside loopback) up.
    public static func create() throws -> NetworkNamespace {
        if let reason = unavailableReason { throw SetupError(description: reason) }
        let n = counter.withLock { value -> Int in
            value += 1
            return value
        }
        let pid = Int(getpid())
        // 64 /30 subnets in 10.213.0.0/16 per process id bucket; interface names stay below 15 characters.
        let subnet = ((pid % 1000) * 64 + n) % 16384
        let third = subnet / 64
        let fourth = (subnet % 64) * 4
        let name = "sxt-\(pid)-\(n)"
        let hostIf = "sxh\(pid % 100_000)x\(n)"
        let insideIf = "sxi\(pid % 100_000)x\(n)"
        let ns = NetworkNamespace(
            name: name, hostInterface: hostIf,
            hostAddress: "10.213.\(third).\(fourth + 1)", insideAddress: "10.213.\(third).\(fourth + 2)")
        do {
            try run([ip, "netns", "add", name])
            try run([ip, "link", "add", hostIf, "type", "veth", "peer", "name", insideIf])
            try run([ip, "link", "set", insideIf, "netns", name])
            try run([ip, "addr", "add", "\(ns.hostAddress)/30", "dev", hostIf])
            try run([ip, "link", "set", hostIf, "up"])
            try run([ip, "-n", name, "addr", "add", "\(ns.insideAddress)/30", "dev", insideIf])
            try run([ip, "-n", name, "link", "set", insideIf, "up"])
            try run([ip, "-n", name, "link", "set", "lo", "up"])
        } catch {
            ns.remove()
            throw error
        }
        return ns
    }

    private init(name: String, hostInterface: String, hostAddress: String, insideAddress: String) {
        self.name = name
        self.hostInterface = hostInterface
        self.hostAddress = hostAddress
        self.insideAddress = insideAddress
    }

    deinit { remove() }

    /// Starts `executable` inside the namespace; readiness is checked from the host, so pass
    /// `.tcpPort(host: insideAddress, port:)` to wait for a listener there.
    public func start(
        executable: String, arguments: [String] = [], readiness: PeerProcess.Readiness,
        timeout: Duration = .seconds(30)
    ) async throws -> PeerProcess {
        try await PeerProcess.start(
            executable: Self.ip, arguments: ["netns", "exec", name, executable] + arguments,
            readiness: readiness, timeout: timeout)
    }

    /// Deletes the namespace (and with it the veth pair). Idempotent; processes still inside lose their
    /// network, so stop them first.
    public func remove() {
        let first = removed.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        guard first else { return }
        try? Self.run([Self.ip, "netns", "del", name])
        // The host end normally vanishes with its peer; remove it explicitly in case the move failed.
        try? Self.run([Self.ip, "link", "del", hostInterface])
    }

    private static func run(_ command: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw SetupError(description: "\(command.joined(separator: " ")) failed: \(message)")
        }
    }
}
