import Foundation
import Testing
import TestSupport

/// kubernetes_sd through the real `sextant server` on a real Kubernetes 1.20 control plane: a real node_exporter
/// runs in a network namespace of its own (Endpoints may not hold loopback addresses), a selector-less Service
/// with manual Endpoints and a Node point at it, and the server's classic `kubernetes-*` jobs discover it with
/// the `__meta_kubernetes_*` labels Prometheus documents and really scrape it. The EndpointSlice job reads the
/// slice the mirroring controller makes from those Endpoints, served only as discovery.k8s.io/v1beta1 on 1.20.
@Suite(.serialized)
struct KubernetesSDEndToEndTests {
    static let nodeExporter = "/usr/bin/prometheus-node-exporter"

    static var unavailable: String? {
        if let reason = KubeControlPlane.unavailableReason { return reason }
        if let reason = NetworkNamespace.unavailableReason { return reason }
        if OperatorEndToEndTests.kubectlPath == nil { return "kubectl is not on PATH nor in /tmp/kube-cache/bin" }
        if !FileManager.default.isExecutableFile(atPath: nodeExporter) { return "install prometheus-node-exporter" }
        if SextantServer.binaryPath == nil { return "sextant binary not built" }
        return nil
    }

    /// The API server's URL, admin token and CA (PEM) from the control plane's kubeconfig, for a job that
    /// uses `api_server` with an inline `tls_config.ca` instead of the kubeconfig.
    static func apiAccess(kubeconfig: String) throws -> (server: String, token: String, ca: String) {
        let text = try String(contentsOfFile: kubeconfig, encoding: .utf8)
        func value(_ key: String) -> String? {
            text.split(separator: "\n").lazy.map { $0.trimmingCharacters(in: .whitespaces) }
                .first { $0.hasPrefix(key + ":") }
                .map { String($0.dropFirst(key.count + 1)).trimmingCharacters(in: .whitespaces) }
        }
        let server = try #require(value("server"))
        let token = try #require(value("token"))
        let ca = try #require(value("certificate-authority-data").flatMap { Data(base64Encoded: $0) })
        return (server, token, String(decoding: ca, as: UTF8.self))
    }

    static func config(kubeconfig: String, namespace: String, node: String) throws -> String {
        let api = try apiAccess(kubeconfig: kubeconfig)
        let caBlock = api.ca.split(separator: "\n").map { "              " + $0 }.joined(separator: "\n")
        return """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
        scrape_configs:
          - job_name: kubernetes-service-endpoints
            kubernetes_sd_configs:
              - role: endpoints
                kubeconfig_file: \(kubeconfig)
                namespaces: {names: [\(namespace)]}
            relabel_configs:
              - source_labels: [__meta_kubernetes_service_annotation_prometheus_io_scrape]
                action: keep
                regex: true
              - source_labels: [__meta_kubernetes_service_annotation_prometheus_io_scheme]
                action: replace
                target_label: __scheme__
                regex: (https?)
              - source_labels: [__meta_kubernetes_service_annotation_prometheus_io_path]
                action: replace
                target_label: __metrics_path__
                regex: (.+)
              - source_labels: [__address__, __meta_kubernetes_service_annotation_prometheus_io_port]
                action: replace
                target_label: __address__
                regex: (.+?)(?::\\d+)?;(\\d+)
                replacement: $1:$2
              - action: labelmap
                regex: __meta_kubernetes_service_label_(.+)
              - source_labels: [__meta_kubernetes_namespace]
                target_label: namespace
              - source_labels: [__meta_kubernetes_service_name]
                target_label: service
          - job_name: kubernetes-endpointslices
            kubernetes_sd_configs:
              - role: endpointslice
                kubeconfig_file: \(kubeconfig)
                namespaces: {names: [\(namespace)]}
            relabel_configs:
              - source_labels: [__meta_kubernetes_service_annotation_prometheus_io_scrape]
                action: keep
                regex: true
              - source_labels: [__meta_kubernetes_endpointslice_port_name]
                action: keep
                regex: metrics
          - job_name: kubernetes-pods
            kubernetes_sd_configs:
              - role: pod
                kubeconfig_file: \(kubeconfig)
                namespaces: {names: [\(namespace)]}
            relabel_configs:
              - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape]
                action: keep
                regex: true
              - source_labels: [__address__, __meta_kubernetes_pod_annotation_prometheus_io_port]
                action: replace
                regex: ([^:]+)(?::\\d+)?;(\\d+)
                replacement: $1:$2
                target_label: __address__
              - action: labelmap
                regex: __meta_kubernetes_pod_label_(.+)
              - source_labels: [__meta_kubernetes_namespace]
                target_label: namespace
              - source_labels: [__meta_kubernetes_pod_name]
                target_label: pod
          - job_name: inline-tls-api
            kubernetes_sd_configs:
              - role: service
                api_server: \(api.server)
                authorization: {credentials: \(api.token)}
                tls_config:
                  ca: |
        \(caBlock)
                namespaces: {names: [\(namespace)]}
          - job_name: kubernetes-services
            kubernetes_sd_configs:
              - role: service
                kubeconfig_file: \(kubeconfig)
                namespaces: {names: [\(namespace)]}
          - job_name: kubernetes-nodes
            kubernetes_sd_configs:
              - role: node
                kubeconfig_file: \(kubeconfig)
            relabel_configs:
              - source_labels: [__meta_kubernetes_node_name]
                action: keep
                regex: \(node)
              - action: labelmap
                regex: __meta_kubernetes_node_label_(.+)
        """
    }

    /// A Pod that stands for the exporter (there is no kubelet: its status is written through the API).
    static func pod(namespace: String, node: String) -> String {
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: exporter-pod
          namespace: \(namespace)
          labels: {app: node-exporter}
          annotations: {prometheus.io/scrape: "true", prometheus.io/port: "9100"}
        spec:
          nodeName: \(node)
          automountServiceAccountToken: false
          containers:
            - name: exporter
              image: prom/node-exporter
              ports: [{name: metrics, containerPort: 9100}]
        """
    }

    static func objects(namespace: String, node: String, ip: String) -> String {
        """
        apiVersion: v1
        kind: Service
        metadata:
          name: exporter
          namespace: \(namespace)
          labels: {app: node-exporter}
          annotations: {prometheus.io/scrape: "true", prometheus.io/port: "9100"}
        spec:
          ports: [{name: metrics, port: 9100, targetPort: 9100}]
        ---
        apiVersion: v1
        kind: Endpoints
        metadata:
          name: exporter
          namespace: \(namespace)
          labels: {app: node-exporter}
        subsets:
          - addresses: [{ip: "\(ip)", hostname: exporter-0, targetRef: {kind: Pod, name: exporter-pod, namespace: \(namespace)}}]
            ports: [{name: metrics, port: 9100}]
        ---
        apiVersion: v1
        kind: Node
        metadata:
          name: \(node)
          labels: {rack: r1, kubernetes.io/hostname: \(node)}
        status:
          addresses: [{type: InternalIP, address: "\(ip)"}, {type: Hostname, address: \(node)}]
          daemonEndpoints: {kubeletEndpoint: {Port: 9100}}
        """
    }

    func targets(_ server: SextantServer, job: String) async throws -> [[String: Any]] {
        let r = try await TestHTTP.get("\(server.baseURL)/api/v1/targets?state=active&scrapePool=\(job)")
        let data = try #require(try r.json()["data"] as? [String: Any])
        return data["activeTargets"] as? [[String: Any]] ?? []
    }

    func query(_ server: SextantServer, _ q: String) async throws -> [[String: Any]] {
        let r = try await TestHTTP.get("\(server.baseURL)/api/v1/query?query=\(TestHTTP.escape(q))")
        let data = try #require(try r.json()["data"] as? [String: Any])
        return data["result"] as? [[String: Any]] ?? []
    }

    /// The job's single target once it has been scraped successfully.
    func upTarget(_ server: SextantServer, job: String) async throws -> [String: Any]? {
        try await TestHTTP.eventually(timeout: .seconds(60)) { () async throws -> [String: Any]? in
            let t = try await targets(server, job: job)
            return t.count == 1 && t[0]["health"] as? String == "up" ? t[0] : nil
        }
    }

    @Test(.enabled(if: KubernetesSDEndToEndTests.unavailable == nil, "control plane, netns, kubectl, node_exporter or binary missing"))
    func discoversAndScrapesAnExporterBehindEndpoints() async throws {
        let cp = try await KubeControlPlane.shared()
        let kubectl = Kubectl(kubeconfig: cp.kubeconfigPath, path: try #require(OperatorEndToEndTests.kubectlPath))
        let netns = try NetworkNamespace.create()
        defer { netns.remove() }
        let ip = netns.insideAddress
        let exporter = try await netns.start(
            executable: Self.nodeExporter,
            arguments: ["--web.listen-address=\(ip):9100", "--collector.disable-defaults", "--collector.loadavg"],
            readiness: .tcpPort(host: ip, port: 9100))
        defer { exporter.stop() }

        let suffix = UInt32.random(in: 0...UInt32.max)
        let ns = "ksd-\(suffix)"
        let node = "ksd-node-\(suffix)"
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try await kubectl.run("create", "namespace", ns)
        var failure: (any Error)?
        do {
            try await check(kubectl: kubectl, kubeconfig: cp.kubeconfigPath, dir: dir, ns: ns, node: node, ip: ip)
        } catch {
            failure = error
        }
        _ = try? await kubectl.run("delete", "node", node, "--wait=false")
        _ = try? await kubectl.run("delete", "namespace", ns, "--wait=false")
        if let failure { throw failure }
    }

    func check(
        kubectl: Kubectl, kubeconfig: String, dir: TemporaryDirectory, ns: String, node: String,
        ip: String
    ) async throws {
        let podFile = dir.file("pod.yaml")
        try Self.pod(namespace: ns, node: node).write(toFile: podFile, atomically: true, encoding: .utf8)
        try await kubectl.run("apply", "-f", podFile)
        let status = #"{"status":{"phase":"Running","podIP":"\#(ip)","podIPs":[{"ip":"\#(ip)"}],"hostIP":"\#(ip)","conditions":[{"type":"Ready","status":"True"}]}}"#
        try await kubectl.run("patch", "pod", "exporter-pod", "-n", ns, "--subresource=status", "--type=merge", "-p", status)
        let objects = dir.file("objects.yaml")
        try Self.objects(namespace: ns, node: node, ip: ip).write(toFile: objects, atomically: true, encoding: .utf8)
        try await kubectl.run("apply", "-f", objects)

        let config = dir.file("prometheus.yml")
        try Self.config(kubeconfig: kubeconfig, namespace: ns, node: node)
            .write(toFile: config, atomically: true, encoding: .utf8)
        let server = try await SextantServer.start(configFile: config, dataDirectory: dir.file("data"))
        defer { server.stop() }

        // role: endpoints, with the kubernetes-service-endpoints annotation relabeling.
        let ep = try #require(
            try await upTarget(server, job: "kubernetes-service-endpoints"),
            "endpoints target never up:\n\(server.process.output)")
        let epLabels = try #require(ep["labels"] as? [String: String])
        #expect(epLabels == [
            "job": "kubernetes-service-endpoints", "instance": "\(ip):9100", "namespace": ns, "service": "exporter",
            "app": "node-exporter",
        ])
        let epMeta = try #require(ep["discoveredLabels"] as? [String: String])
        let wantEndpoints: [String: String] = [
            "__address__": "\(ip):9100",
            "__meta_kubernetes_namespace": ns,
            "__meta_kubernetes_endpoints_name": "exporter",
            "__meta_kubernetes_endpoints_label_app": "node-exporter",
            "__meta_kubernetes_endpoints_labelpresent_app": "true",
            "__meta_kubernetes_endpoint_hostname": "exporter-0",
            "__meta_kubernetes_endpoint_port_name": "metrics",
            "__meta_kubernetes_endpoint_port_protocol": "TCP",
            "__meta_kubernetes_endpoint_ready": "true",
            "__meta_kubernetes_service_name": "exporter",
            "__meta_kubernetes_service_label_app": "node-exporter",
            "__meta_kubernetes_service_labelpresent_app": "true",
            "__meta_kubernetes_service_annotation_prometheus_io_scrape": "true",
            "__meta_kubernetes_service_annotationpresent_prometheus_io_scrape": "true",
            "__meta_kubernetes_service_annotation_prometheus_io_port": "9100",
        ]
        for (k, v) in wantEndpoints { #expect(epMeta[k] == v, "\(k) in \(epMeta)") }
        #expect(ep["scrapeUrl"] as? String == "http://\(ip):9100/metrics")

        // Really scraped: up = 1 and node_exporter's series carry the relabeled labels.
        let load = try await TestHTTP.eventually { () async throws -> [[String: Any]]? in
            let r = try await query(server, #"node_load1{job="kubernetes-service-endpoints",service="exporter",namespace="\#(ns)"}"#)
            return r.isEmpty ? nil : r
        }
        #expect(load?.count == 1)
        let up = try await query(server, #"up{job="kubernetes-service-endpoints"}"#)
        #expect((up.first?["value"] as? [Any])?.last as? String == "1")

        // The Endpoints address refers to the Pod: its metadata joins the endpoints target.
        let withPod = try await TestHTTP.eventually { () async throws -> [String: String]? in
            let meta = try await targets(server, job: "kubernetes-service-endpoints").first?["discoveredLabels"] as? [String: String]
            return meta?["__meta_kubernetes_pod_name"] == nil ? nil : meta
        }
        #expect(withPod?["__meta_kubernetes_endpoint_address_target_kind"] == "Pod")
        #expect(withPod?["__meta_kubernetes_endpoint_address_target_name"] == "exporter-pod")
        #expect(withPod?["__meta_kubernetes_pod_name"] == "exporter-pod")
        #expect(withPod?["__meta_kubernetes_pod_ip"] == ip)
        #expect(withPod?["__meta_kubernetes_pod_node_name"] == node)
        #expect(withPod?["__meta_kubernetes_pod_container_name"] == "exporter")

        // role: pod, with the kubernetes-pods annotation relabeling.
        let podTarget = try #require(
            try await upTarget(server, job: "kubernetes-pods"), "pod target never up:\n\(server.process.output)")
        #expect(podTarget["labels"] as? [String: String] == [
            "job": "kubernetes-pods", "instance": "\(ip):9100", "namespace": ns, "pod": "exporter-pod",
            "app": "node-exporter",
        ])
        let podMeta = try #require(podTarget["discoveredLabels"] as? [String: String])
        let wantPod: [String: String] = [
            "__address__": "\(ip):9100",
            "__meta_kubernetes_pod_name": "exporter-pod",
            "__meta_kubernetes_pod_ip": ip,
            "__meta_kubernetes_pod_phase": "Running",
            "__meta_kubernetes_pod_ready": "true",
            "__meta_kubernetes_pod_node_name": node,
            "__meta_kubernetes_pod_host_ip": ip,
            "__meta_kubernetes_pod_container_name": "exporter",
            "__meta_kubernetes_pod_container_image": "prom/node-exporter",
            "__meta_kubernetes_pod_container_init": "false",
            "__meta_kubernetes_pod_container_port_name": "metrics",
            "__meta_kubernetes_pod_container_port_number": "9100",
            "__meta_kubernetes_pod_container_port_protocol": "TCP",
            "__meta_kubernetes_pod_label_app": "node-exporter",
            "__meta_kubernetes_pod_labelpresent_app": "true",
            "__meta_kubernetes_pod_annotation_prometheus_io_scrape": "true",
            "__meta_kubernetes_pod_annotationpresent_prometheus_io_scrape": "true",
        ]
        for (k, v) in wantPod { #expect(podMeta[k] == v, "\(k) in \(podMeta)") }
        #expect(podMeta["__meta_kubernetes_pod_uid"]?.isEmpty == false)

        // role: endpointslice, from the mirrored v1beta1 slice.
        let slice = try #require(
            try await upTarget(server, job: "kubernetes-endpointslices"),
            "endpointslice target never up:\n\(server.process.output)")
        let sliceMeta = try #require(slice["discoveredLabels"] as? [String: String])
        #expect(sliceMeta["__address__"] == "\(ip):9100")
        #expect(sliceMeta["__meta_kubernetes_endpointslice_address_type"] == "IPv4")
        #expect(sliceMeta["__meta_kubernetes_endpointslice_port_name"] == "metrics")
        #expect(sliceMeta["__meta_kubernetes_endpointslice_port_protocol"] == "TCP")
        #expect(sliceMeta["__meta_kubernetes_endpointslice_endpoint_conditions_ready"] == "true")
        #expect(sliceMeta["__meta_kubernetes_service_name"] == "exporter")
        #expect(sliceMeta["__meta_kubernetes_endpointslice_name"]?.hasPrefix("exporter") == true)

        // role: node, at the kubelet port the Node reports (here the exporter's).
        let nodeTarget = try #require(
            try await upTarget(server, job: "kubernetes-nodes"), "node target never up:\n\(server.process.output)")
        let nodeMeta = try #require(nodeTarget["discoveredLabels"] as? [String: String])
        #expect(nodeMeta["__address__"] == "\(ip):9100")
        #expect(nodeMeta["__meta_kubernetes_node_name"] == node)
        #expect(nodeMeta["__meta_kubernetes_node_address_InternalIP"] == ip)
        #expect(nodeMeta["__meta_kubernetes_node_address_Hostname"] == node)
        #expect(nodeMeta["__meta_kubernetes_node_label_rack"] == "r1")
        #expect(nodeMeta["__meta_kubernetes_node_labelpresent_rack"] == "true")
        #expect((nodeTarget["labels"] as? [String: String])?["rack"] == "r1")
        #expect((nodeTarget["labels"] as? [String: String])?["instance"] == node)

        // role: service: the Service's DNS name and port (not resolvable here: labels only).
        let svc = try await TestHTTP.eventually { () async throws -> [String: Any]? in
            try await targets(server, job: "kubernetes-services").first
        }
        let svcMeta = try #require(svc?["discoveredLabels"] as? [String: String])
        #expect(svcMeta["__address__"] == "exporter.\(ns).svc:9100")
        #expect(svcMeta["__meta_kubernetes_service_port_name"] == "metrics")
        #expect(svcMeta["__meta_kubernetes_service_port_protocol"] == "TCP")
        #expect(svcMeta["__meta_kubernetes_service_type"] == "ClusterIP")
        #expect(svcMeta["__meta_kubernetes_service_cluster_ip"]?.isEmpty == false)

        // api_server with a bearer token and an inline CA (no kubeconfig) reaches the same API.
        let inline = try await TestHTTP.eventually { () async throws -> [String: Any]? in
            try await targets(server, job: "inline-tls-api").first
        }
        #expect((inline?["discoveredLabels"] as? [String: String])?["__address__"] == "exporter.\(ns).svc:9100",
            "inline-tls-api found nothing:\n\(server.process.output)")

        // Informer events counted under Prometheus's name.
        let metrics = try await TestHTTP.get("\(server.baseURL)/metrics").body
        for role in ["endpoints", "service", "node", "endpointslice", "pod"] {
            let adds = DiscoveryMetricsEndToEndTests.value(
                metrics, "prometheus_sd_kubernetes_events_total", ["role": role, "event": "add"])
            #expect((adds ?? 0) >= 1, "no add events for \(role)")
        }

        // Deleting the Endpoints removes the target (watch event), and its series go stale.
        try await kubectl.run("delete", "endpoints", "exporter", "-n", ns)
        let gone = try await TestHTTP.eventually(timeout: .seconds(60)) { () async throws -> Bool? in
            try await targets(server, job: "kubernetes-service-endpoints").isEmpty ? true : nil
        }
        #expect(gone == true, "endpoints target still active:\n\(server.process.output)")
    }
}
