import Discovery
import Foundation
import HTTPClient
import KubeClient
import Logging
import PromModel
import TestSupport
import Testing

/// kubernetes_sd against the real control plane: objects are created through the API and the discovered
/// groups are checked as they arrive.
@Suite(
    .enabled(if: KubeControlPlane.unavailableReason == nil, "needs ../shared/kube (control-plane.sh) and its binaries"))
struct KubernetesDiscoveryClusterTests {
    /// Runs discovery for `options` and hands its updates, merged by source, to `body` via `Updates`.
    static func withDiscovery(
        _ client: KubeClient, _ options: KubernetesSDOptions, _ body: (Updates) async throws -> Void
    ) async throws {
        let (stream, continuation) = AsyncStream<[TargetGroup]>.makeStream()
        let discovery = KubernetesDiscovery(client: client, options: options, logger: Logger(label: "sd-test"))
        let runner = Task { await discovery.run { continuation.yield($0) } }
        defer { runner.cancel() }
        try await body(Updates(stream: stream))
    }

    /// The latest group per source, advanced update by update.
    final class Updates: @unchecked Sendable {
        var iterator: AsyncStream<[TargetGroup]>.AsyncIterator
        var groups: [String: TargetGroup] = [:]

        init(stream: AsyncStream<[TargetGroup]>) { iterator = stream.makeAsyncIterator() }

        /// Consumes updates until `condition` holds for the current groups; records an issue after 60 s so a
        /// broken discovery fails instead of hanging.
        func wait(_ what: String, until condition: ([String: TargetGroup]) -> Bool) async {
            let deadline = ContinuousClock.now + .seconds(60)
            while !condition(groups) {
                guard ContinuousClock.now < deadline, let update = await iterator.next() else {
                    Issue.record("discovery never reached: \(what); groups: \(groups)")
                    return
                }
                for g in update { groups[g.source] = g }
            }
        }
    }

    /// Pods are refused until the namespace's `default` ServiceAccount has its token Secret (created by the
    /// controller-manager shortly after the namespace); waits for it, a bounded number of times.
    static func createNamespaceForPods(_ client: KubeClient, _ ns: String) async throws {
        _ = try await client.create(Namespace(metadata: ObjectMeta(name: ns)))
        let accounts = APIResource(
            group: "", version: "v1", plural: "serviceaccounts", kind: "ServiceAccount", namespaced: true)
        for _ in 0..<300 {
            if let sa = try? await client.get(DynamicObject.self, in: accounts, namespace: ns, name: "default"),
                sa["secrets"]?.arrayValue?.isEmpty == false
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the default ServiceAccount of \(ns) never got its token")
    }

    static func makeClient() async throws -> (KubeClient, HTTPClient) {
        let cluster = try await KubeControlPlane.shared()
        let http = try HTTPClient(logger: Logger(label: "sd-test"))
        let config = try KubeClientConfig.kubeconfig(path: cluster.kubeconfigPath, dataDirectory: cluster.directory)
        return (KubeClient(config: config, http: http, logger: Logger(label: "sd-test")), http)
    }

    @Test func endpointsAndEndpointSliceRolesFollowTheCluster() async throws {
        let (client, http) = try await Self.makeClient()
        defer { http.shutdown() }
        let ns = "sd-\(UUID().uuidString.prefix(8).lowercased())"
        try await Self.createNamespaceForPods(client, ns)
        defer { Task { [client] in try? await client.delete(Namespace.self, name: ns) } }

        // A selector-less Service (so the endpoints controller leaves our Endpoints alone) and a pod whose
        // status we set ourselves: there is no kubelet.
        _ = try await client.create(
            Service(
                metadata: ObjectMeta(name: "web", namespace: ns, labels: ["tier": "front"]),
                spec: Service.Spec(ports: [Service.Port(name: "http", protocol: "TCP", port: 80)])))
        var pod = try await client.create(
            Pod(
                metadata: ObjectMeta(name: "web-1", namespace: ns, labels: ["app": "web"]),
                spec: Pod.Spec(containers: [
                    Pod.Container(
                        name: "app", image: "example/web:1",
                        ports: [
                            Pod.ContainerPort(name: "http", containerPort: 8080, protocol: "TCP"),
                            Pod.ContainerPort(name: "metrics", containerPort: 9100, protocol: "TCP"),
                        ])
                ])))
        pod.status = Pod.Status(
            phase: "Running", podIP: "10.213.0.2", hostIP: "10.213.0.1",
            conditions: [Pod.Condition(type: "Ready", status: "True")])
        _ = try await client.updateStatus(pod)
        let address = Endpoints.Address(
            ip: "10.213.0.2", targetRef: ObjectReference(kind: "Pod", namespace: ns, name: "web-1"))
        var eps = try await client.create(
            Endpoints(
                metadata: ObjectMeta(name: "web", namespace: ns),
                subsets: [
                    Endpoints.Subset(
                        addresses: [address], ports: [Endpoints.Port(name: "http", port: 8080, protocol: "TCP")])
                ]))

        try await Self.withDiscovery(client, KubernetesSDOptions(role: .endpoints, namespaces: [ns])) { updates in
            let source = "endpoints/\(ns)/web"
            await updates.wait("endpoints group with two targets") { $0[source]?.targets.count == 2 }
            let g = try #require(updates.groups[source])
            #expect(g.labels.get("__meta_kubernetes_namespace") == ns)
            #expect(g.labels.get("__meta_kubernetes_service_label_tier") == "front")
            let direct = try #require(g.targets.first { $0.get("__address__") == "10.213.0.2:8080" })
            #expect(direct.get("__meta_kubernetes_endpoint_ready") == "true")
            #expect(direct.get("__meta_kubernetes_pod_name") == "web-1")
            #expect(direct.get("__meta_kubernetes_pod_ready") == "true")
            #expect(direct.get("__meta_kubernetes_pod_container_port_name") == "http")
            #expect(g.targets.contains { $0.get("__address__") == "10.213.0.2:9100" })

            // A not-ready address appears as its own target.
            eps.subsets?[0].notReadyAddresses = [Endpoints.Address(ip: "10.213.0.3")]
            eps = try await client.update(eps)
            await updates.wait("not-ready address") { $0[source]?.targets.count == 3 }
            #expect(
                updates.groups[source]?.targets.first { $0.get("__address__") == "10.213.0.3:8080" }?
                    .get("__meta_kubernetes_endpoint_ready") == "false")

            // Deleting the object empties its group.
            try await client.delete(Endpoints.self, namespace: ns, name: "web")
            await updates.wait("group removed") { $0[source]?.targets.isEmpty == true }
        }

        // EndpointSlice: 1.20 serves only v1beta1, which discovery must find by itself.
        let sliceResource = try #require(
            try await client.firstServed([EndpointSlice.apiResource, EndpointSlice.v1beta1Resource]))
        _ = try await client.create(
            EndpointSlice(
                metadata: ObjectMeta(name: "web-manual", namespace: ns, labels: ["kubernetes.io/service-name": "web"]),
                addressType: "IPv4",
                endpoints: [
                    EndpointSlice.Endpoint(
                        addresses: ["10.213.0.2"], conditions: EndpointSlice.Conditions(ready: true),
                        targetRef: ObjectReference(kind: "Pod", namespace: ns, name: "web-1"))
                ],
                ports: [EndpointSlice.Port(name: "http", port: 8080, protocol: "TCP")],
                apiVersion: sliceResource.apiVersion),
            in: sliceResource)
        try await Self.withDiscovery(client, KubernetesSDOptions(role: .endpointslice, namespaces: [ns])) { updates in
            let source = "endpointslice/\(ns)/web-manual"
            await updates.wait("slice group") { $0[source]?.targets.count == 2 }
            let g = try #require(updates.groups[source])
            #expect(g.labels.get("__meta_kubernetes_endpointslice_address_type") == "IPv4")
            #expect(g.labels.get("__meta_kubernetes_service_name") == "web")
            let direct = try #require(g.targets.first { $0.get("__address__") == "10.213.0.2:8080" })
            #expect(direct.get("__meta_kubernetes_endpointslice_endpoint_conditions_ready") == "true")
            #expect(direct.get("__meta_kubernetes_endpointslice_port_name") == "http")
            #expect(direct.get("__meta_kubernetes_pod_container_name") == "app")
        }
    }

    @Test func nodeRoleUsesKubeletEndpoint() async throws {
        let (client, http) = try await Self.makeClient()
        defer { http.shutdown() }
        let name = "sd-node-\(UUID().uuidString.prefix(8).lowercased())"
        var node = try await client.create(Node(metadata: ObjectMeta(name: name, labels: ["sd-test": name])))
        defer { Task { [client] in try? await client.delete(Node.self, name: name) } }
        // kube-controller-manager's node controller writes to new nodes too: retry on a conflict with the latest copy.
        for attempt in 1...5 {
            node.status = Node.Status(
                addresses: [
                    Node.Address(type: "InternalIP", address: "10.213.0.9"), Node.Address(type: "Hostname", address: name),
                ],
                kubeletPort: 10250)
            do {
                _ = try await client.updateStatus(node)
                break
            } catch {
                guard error.isConflict, attempt < 5 else { throw error }
                node = try await client.get(Node.self, name: name)
            }
        }

        let options = KubernetesSDOptions(role: .node, selectors: [.node: .init(label: "sd-test=\(name)")])
        try await Self.withDiscovery(client, options) { updates in
            await updates.wait("node target") { $0["node/\(name)"]?.targets.isEmpty == false }
            let t = try #require(updates.groups["node/\(name)"]?.targets.first)
            #expect(t.get("__address__") == "10.213.0.9:10250")
            #expect(t.get("instance") == name)
            #expect(t.get("__meta_kubernetes_node_address_Hostname") == name)
            #expect(updates.groups.count == 1)
        }
    }

    @Test func podServiceAndIngressRoles() async throws {
        let (client, http) = try await Self.makeClient()
        defer { http.shutdown() }
        let ns = "sd-\(UUID().uuidString.prefix(8).lowercased())"
        try await Self.createNamespaceForPods(client, ns)
        defer { Task { [client] in try? await client.delete(Namespace.self, name: ns) } }

        let svc = try await client.create(
            Service(
                metadata: ObjectMeta(name: "api", namespace: ns, annotations: ["prometheus.io/probe": "true"]),
                spec: Service.Spec(type: "ClusterIP", ports: [Service.Port(name: "web", protocol: "TCP", port: 8080)])))
        var pod = try await client.create(
            Pod(
                metadata: ObjectMeta(name: "api-1", namespace: ns),
                spec: Pod.Spec(containers: [
                    Pod.Container(name: "api", image: "example/api:2", ports: [Pod.ContainerPort(containerPort: 8080)])
                ])))
        pod.status = Pod.Status(phase: "Running", podIP: "10.213.0.5")
        _ = try await client.updateStatus(pod)
        let backend: JSONValue = ["service": ["name": "api", "port": ["number": 8080]]]
        _ = try await client.create(
            Ingress(
                metadata: ObjectMeta(name: "api", namespace: ns),
                spec: Ingress.Spec(
                    tls: [Ingress.TLS(hosts: ["api.example.com"])],
                    rules: [
                        Ingress.Rule(
                            host: "api.example.com",
                            http: Ingress.HTTPRule(paths: [Ingress.Path(path: "/v1", backend: backend)]))
                    ])))

        try await Self.withDiscovery(client, KubernetesSDOptions(role: .service, namespaces: [ns])) { updates in
            await updates.wait("service target") { $0["svc/\(ns)/api"]?.targets.isEmpty == false }
            let g = try #require(updates.groups["svc/\(ns)/api"])
            #expect(g.labels.get("__meta_kubernetes_service_annotation_prometheus_io_probe") == "true")
            let t = try #require(g.targets.first)
            #expect(t.get("__address__") == "api.\(ns).svc:8080")
            #expect(t.get("__meta_kubernetes_service_cluster_ip") == svc.spec?.clusterIP)
            #expect(t.get("__meta_kubernetes_service_port_name") == "web")
        }
        try await Self.withDiscovery(client, KubernetesSDOptions(role: .pod, namespaces: [ns])) { updates in
            await updates.wait("pod target") { $0["pod/\(ns)/api-1"]?.targets.isEmpty == false }
            let g = try #require(updates.groups["pod/\(ns)/api-1"])
            #expect(g.targets.map { $0.get("__address__") } == ["10.213.0.5:8080"])
            #expect(g.labels.get("__meta_kubernetes_pod_phase") == "Running")
            #expect(g.labels.get("__meta_kubernetes_pod_uid") == pod.metadata.uid)
        }
        try await Self.withDiscovery(client, KubernetesSDOptions(role: .ingress, namespaces: [ns])) { updates in
            await updates.wait("ingress target") { $0["ingress/\(ns)/api"]?.targets.isEmpty == false }
            let t = try #require(updates.groups["ingress/\(ns)/api"]?.targets.first)
            #expect(t.get("__address__") == "api.example.com")
            #expect(t.get("__meta_kubernetes_ingress_scheme") == "https")
            #expect(t.get("__meta_kubernetes_ingress_path") == "/v1")
        }
    }
}
