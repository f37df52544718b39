import Foundation
import Discovery
import KubeClient
import Testing
import TestSupport

struct KubernetesDiscoveryClientTests {
    @Test func apiServerWinsOverInClusterAndOwnNamespaceReadsTheMount() throws {
        let config = try KubernetesDiscovery.clientConfig(apiServer: "https://k8s.example:6443/", kubeconfigFile: nil)
        #expect(config.server == "https://k8s.example:6443")

        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try "monitoring\n".write(toFile: dir.file("namespace"), atomically: true, encoding: .utf8)
        #expect(try KubernetesDiscovery.ownNamespace(serviceAccountDirectory: dir.path) == "monitoring")
        #expect(throws: KubeError.self) {
            try KubernetesDiscovery.ownNamespace(serviceAccountDirectory: dir.file("missing"))
        }
        #expect(throws: KubeError.self) {
            try KubernetesDiscovery.clientConfig(apiServer: nil, kubeconfigFile: dir.file("no-such-kubeconfig"))
        }
    }
}
