import Foundation
import Synchronization
import TestSupport

/// kubectl against a test control plane, for end-to-end tests that create objects the way users do.
struct Kubectl {
    var kubeconfig: String
    var path: String

    /// kubectl on PATH, else the one `control-plane.sh build` made.
    static var path: String? {
        PeerProcess.which("kubectl")
            ?? ["/tmp/kube-cache/bin/kubectl"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs kubectl to completion; throws with its output when it fails.
    @discardableResult
    func run(_ args: String...) async throws -> String {
        try await run(args)
    }

    @discardableResult
    func run(_ args: [String]) async throws -> String {
        let p = try await PeerProcess.start(
            executable: path, arguments: ["--kubeconfig", kubeconfig] + args, readiness: .immediately)
        while p.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        guard p.exitDescription == "exit status 0" else {
            throw KubectlError(description: "kubectl \(args.joined(separator: " ")): \(p.exitDescription)\n\(p.output)")
        }
        return p.output
    }

    func json(_ args: String...) async throws -> [String: Any] {
        let out = try await run(args + ["-o", "json"])
        // kubectl may print warnings before the document.
        let start = out.firstIndex(of: "{") ?? out.startIndex
        let obj = try JSONSerialization.jsonObject(with: Data(out[start...].utf8))
        return obj as? [String: Any] ?? [:]
    }

    /// Applies YAML text (written to a temporary file, as `kubectl apply -f` needs one).
    func apply(_ yaml: String, in dir: TemporaryDirectory) async throws {
        let file = dir.file("apply-\(UInt32.random(in: 0...UInt32.max)).yaml")
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        try await run("apply", "-f", file)
    }
}

struct KubectlError: Error, CustomStringConvertible {
    var description: String
}

/// Installs `manifests/crds` once per test process: suites run in parallel against one control plane, and
/// concurrent `kubectl apply` of the same new CRDs race into AlreadyExists.
enum OperatorCRDs {
    private static let installed = Mutex<Task<Void, any Error>?>(nil)

    static func install(_ kubectl: Kubectl) async throws {
        let task = installed.withLock { current in
            if let current { return current }
            let t = Task {
                let crds = OperatorEndToEndTests.root.appendingPathComponent("manifests/crds").path
                try await kubectl.run("apply", "-f", crds)
                try await kubectl.run("wait", "--for=condition=established", "--timeout=60s", "-f", crds)
            }
            current = t
            return t
        }
        try await task.value
    }
}
