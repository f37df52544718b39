import Foundation
import HTTPClient
import KubeClient
import Logging
import TestSupport
import Testing

/// A client for the shared test control plane and a fresh namespace for one test, deleted afterwards.
struct ClusterFixture {
    let client: KubeClient
    let http: HTTPClient
    let namespace: String

    /// Skips (returns without running `body`) with the reason when no control plane can be started.
    static func run(_ body: (ClusterFixture) async throws -> Void) async throws {
        if let reason = KubeControlPlane.unavailableReason {
            print("skipping Kubernetes test: \(reason)")
            return
        }
        let cluster = try await KubeControlPlane.shared()
        var logger = Logger(label: "kubeclient-test")
        logger.logLevel = .info
        let http = try HTTPClient(logger: logger)
        defer { http.shutdown() }
        let config = try KubeClientConfig.kubeconfig(path: cluster.kubeconfigPath, dataDirectory: cluster.directory)
        let client = KubeClient(config: config, http: http, logger: logger)
        let namespace = "t-\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await client.create(Namespace(metadata: ObjectMeta(name: namespace)))
        let fixture = ClusterFixture(client: client, http: http, namespace: namespace)
        do {
            try await body(fixture)
        } catch {
            try? await client.delete(Namespace.self, name: namespace)
            throw error
        }
        try? await client.delete(Namespace.self, name: namespace)
    }

    func configMap(_ name: String, labels: [String: String]? = nil, data: [String: String]) -> ConfigMap {
        ConfigMap(metadata: ObjectMeta(name: name, namespace: namespace, labels: labels), data: data)
    }
}

/// Traits for suites that need the control plane; they run one test at a time to keep memory and CPU low.
extension Trait where Self == ConditionTrait {
    static var kubeControlPlane: Self {
        .enabled(
            if: KubeControlPlane.unavailableReason == nil, Comment(rawValue: KubeControlPlane.unavailableReason ?? ""))
    }
}

/// Collects up to `count` elements of a sequence.
func first<S: AsyncSequence>(_ count: Int, of sequence: S) async throws -> [S.Element] {
    var out: [S.Element] = []
    if count == 0 { return out }
    for try await e in sequence {
        out.append(e)
        if out.count == count { break }
    }
    return out
}
