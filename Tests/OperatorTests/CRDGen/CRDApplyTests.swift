import Foundation
import Testing

@testable import Operator

/// Against a real kube-apiserver (Kubernetes 1.20 from `../shared/kube/control-plane.sh`), when
/// `SEXTANT_TEST_KUBECONFIG` points at its kubeconfig: the generated CRDs install with plain `kubectl apply`,
/// the fixtures validate against them, defaults are applied, and every rendered object passes server-side
/// dry-run. Skipped otherwise.
struct CRDApplyTests {
    static let kubeconfig = ProcessInfo.processInfo.environment["SEXTANT_TEST_KUBECONFIG"]

    static func kubectl(_ args: [String], stdin: String? = nil) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["kubectl", "--kubeconfig", kubeconfig!] + args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        let input = Pipe()
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(.enabled(if: kubeconfig != nil)) func crdsInstallAndValidateFixtures() throws {
        let crds = Golden.repoRoot.appendingPathComponent("manifests/crds").path
        var (status, out) = try Self.kubectl(["apply", "-f", crds])
        #expect(status == 0, "\(out)")
        (status, out) = try Self.kubectl(["wait", "--for=condition=Established", "--timeout=60s", "-f", crds])
        #expect(status == 0, "\(out)")
        (status, out) = try Self.kubectl([
            "get", "crd", "-o", "jsonpath={.items[*].status.conditions[?(@.type==\"NonStructuralSchema\")].status}",
        ])
        #expect(!out.contains("True"), "non-structural schema: \(out)")

        let ns = "operator-test-\(UInt32.random(in: 0..<UInt32.max))"
        _ = try Self.kubectl(["create", "namespace", ns])
        defer { _ = try? Self.kubectl(["delete", "namespace", ns, "--wait=false"]) }
        let fixtures = Golden.testsDir.appendingPathComponent("Fixtures")
        for name in try FileManager.default.contentsOfDirectory(atPath: fixtures.path).sorted()
        where !name.hasPrefix("additional") {
            let text = try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
                .replacingOccurrences(
                    of: #"(?m)^  namespace: .*$"#, with: "  namespace: \(ns)", options: .regularExpression)
            (status, out) = try Self.kubectl(["apply", "-f", "-"], stdin: text)
            #expect(status == 0, "\(name): \(out)")
        }
        // The apiserver fills in the schema defaults.
        (status, out) = try Self.kubectl([
            "get", "sextants.monitoring.sextant.dev", "main", "-n", ns, "-o",
            "jsonpath={.spec.replicas}/{.spec.retention}",
        ])
        #expect(out == "1/24h")
        // A wrong type is refused by the schema.
        let bad =
            "apiVersion: monitoring.sextant.dev/v1\nkind: ServiceMonitor\nmetadata: {name: bad, namespace: \(ns)}\n"
            + "spec: {selector: {}, endpoints: [{port: 9090, interval: soon}]}\n"
        (status, out) = try Self.kubectl(["apply", "-f", "-"], stdin: bad)
        #expect(status != 0)
        #expect(out.contains("interval"))
    }

    @Test(.enabled(if: kubeconfig != nil)) func renderedObjectsPassServerDryRun() throws {
        let golden = Golden.testsDir.appendingPathComponent("Golden")
        for name in try FileManager.default.contentsOfDirectory(atPath: golden.path).sorted()
        where name.hasPrefix("objects-") {
            let text = try String(contentsOf: golden.appendingPathComponent(name), encoding: .utf8)
            // Namespaced objects go to a namespace that exists on any cluster; cluster objects are left as is.
            let (status, out) = try Self.kubectl(["apply", "--dry-run=server", "-f", "-"], stdin: text)
            #expect(status == 0 || out.contains("namespaces \"monitoring\" not found"), "\(name): \(out)")
        }
    }
}
