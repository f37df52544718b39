import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A real Kubernetes control plane (etcd, kube-apiserver, kube-controller-manager 1.20) on loopback, started
/// with `../shared/kube/control-plane.sh` (see its README) once per test process and stopped at exit.
///
/// Ports are derived from the process id so parallel test runs of different worktrees do not clash. Tests
/// check `KubeControlPlane.unavailableReason` first and skip with it when the script or its binaries are
/// missing.
public final class KubeControlPlane: Sendable {
    /// Directory of `up`: certificates, logs, `kubeconfig`.
    public let directory: String
    public let apiserverPort: Int
    public var kubeconfigPath: String { "\(directory)/kubeconfig" }

    private init(directory: String, apiserverPort: Int) {
        self.directory = directory
        self.apiserverPort = apiserverPort
    }

    /// `../shared/kube/control-plane.sh` relative to the package root.
    public static let script: String = {
        let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.deletingLastPathComponent().appendingPathComponent("shared/kube/control-plane.sh").path
    }()

    /// Why a control plane cannot be started here, or `nil` when it can.
    public static var unavailableReason: String? {
        if ProcessInfo.processInfo.environment["SEXTANT_KUBE_DIR"].map({ !$0.isEmpty }) == true { return nil }
        guard FileManager.default.isExecutableFile(atPath: script) else {
            return "no Kubernetes control plane script at \(script) (../shared/kube is absent)"
        }
        let env = ProcessInfo.processInfo.environment
        let bin = env["KUBE_BIN_DIR"] ?? "\(env["KUBE_CACHE"] ?? "/tmp/kube-cache")/bin"
        guard FileManager.default.isExecutableFile(atPath: "\(bin)/kube-apiserver") else {
            return "kube-apiserver not built in \(bin); run: \(script) build"
        }
        return nil
    }

    private static let instance = Mutex<Task<KubeControlPlane, any Error>?>(nil)
    /// The directory to stop at exit (read by the C `atexit` hook, which cannot capture).
    private static let runningDirectory = Mutex<String?>(nil)

    /// The process-wide control plane, started on first use (about 10 s) and stopped when the process exits.
    /// `SEXTANT_KUBE_DIR=DIR` uses a control plane already started with `control-plane.sh up DIR` instead.
    public static func shared() async throws -> KubeControlPlane {
        if let dir = ProcessInfo.processInfo.environment["SEXTANT_KUBE_DIR"], !dir.isEmpty {
            return KubeControlPlane(directory: dir, apiserverPort: 0)
        }
        let task = instance.withLock { current in
            if let current { return current }
            let t = Task { try await start() }
            current = t
            return t
        }
        return try await task.value
    }

    private static func start() async throws -> KubeControlPlane {
        let pid = Int(ProcessInfo.processInfo.processIdentifier)
        var lastError = ""
        for attempt in 0..<3 {
            let offset = (pid + attempt * 677) % 2000
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
                "sextant-kube-\(pid)-\(attempt)"
            ).path
            let port = 17000 + offset
            let env = [
                "KUBE_APISERVER_PORT": String(port), "KUBE_ETCD_PORT": String(21000 + offset),
                "KUBE_ETCD_PEER_PORT": String(25000 + offset),
            ]
            let (status, output) = try await run(["up", dir], environment: env)
            if status == 0 {
                runningDirectory.withLock { $0 = dir }
                atexit { KubeControlPlane.stopAtExit() }
                return KubeControlPlane(directory: dir, apiserverPort: port)
            }
            lastError = output
            // `up` stops what it started on failure; a port clash is worth another try on other ports.
            _ = try? await run(["down", dir], environment: env)
            if !output.contains("already in use") { break }
        }
        throw ControlPlaneError(message: "control-plane.sh up failed:\n\(lastError.suffix(3000))")
    }

    private static func stopAtExit() {
        guard let dir = runningDirectory.withLock({ $0.take() }) else { return }
        // Synchronous and free of Foundation's Process, which cannot be relied on while the process exits.
        _ = system("'\(script)' down '\(dir)' >/dev/null 2>&1")
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// Runs the script to completion (through `PeerProcess`: Foundation's `Process` termination handler
    /// proved unreliable in the test runner) and returns its exit status and output.
    private static func run(_ args: [String], environment: [String: String]) async throws -> (Int32, String) {
        let env = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let p = try await PeerProcess.start(
            executable: script, arguments: args, environment: env, readiness: .immediately)
        while p.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        return (p.exitDescription == "exit status 0" ? 0 : 1, p.output)
    }
}

public struct ControlPlaneError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
