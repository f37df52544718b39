import KubeClient
import PromModel
import Testing

@testable import Discovery

struct RoleTests {
    @Test func nodeTargetUsesPreferredAddressAndKubeletPort() {
        let g = NodeRole.group(Fixtures.node)
        #expect(g.source == "node/node-a")
        #expect(
            g.targets == [
                Labels([
                    "__address__": "192.168.0.10:10250", "instance": "node-a",
                    "__meta_kubernetes_node_address_InternalIP": "192.168.0.10",
                    "__meta_kubernetes_node_address_ExternalIP": "203.0.113.9",
                    "__meta_kubernetes_node_address_Hostname": "node-a.local",
                ])
            ])
        #expect(
            g.labels
                == Labels([
                    "__meta_kubernetes_node_name": "node-a", "__meta_kubernetes_node_provider_id": "aws:///i-1",
                    "__meta_kubernetes_node_label_kubernetes_io_os": "linux",
                    "__meta_kubernetes_node_labelpresent_kubernetes_io_os": "true",
                    "__meta_kubernetes_node_annotation_a_b": "c",
                    "__meta_kubernetes_node_annotationpresent_a_b": "true",
                ]))
        var bare = Fixtures.node
        bare.status?.addresses = []
        #expect(NodeRole.group(bare).targets.isEmpty)
    }

    @Test func podTargetsPerPortAndPortlessContainer() {
        let g = PodRole.group(Fixtures.pod, node: Fixtures.node)
        #expect(g.source == "pod/shop/web-1")
        #expect(g.labels.get("__meta_kubernetes_namespace") == "shop")
        #expect(g.labels.get("__meta_kubernetes_pod_name") == "web-1")
        #expect(g.labels.get("__meta_kubernetes_pod_ip") == "10.1.0.5")
        #expect(g.labels.get("__meta_kubernetes_pod_ready") == "true")
        #expect(g.labels.get("__meta_kubernetes_pod_phase") == "Running")
        #expect(g.labels.get("__meta_kubernetes_pod_node_name") == "node-a")
        #expect(g.labels.get("__meta_kubernetes_pod_host_ip") == "192.168.0.10")
        #expect(g.labels.get("__meta_kubernetes_pod_uid") == "pod-uid")
        #expect(g.labels.get("__meta_kubernetes_pod_controller_kind") == "ReplicaSet")
        #expect(g.labels.get("__meta_kubernetes_pod_controller_name") == "web-abc")
        #expect(g.labels.get("__meta_kubernetes_pod_label_app_kubernetes_io_name") == "web")
        #expect(g.labels.get("__meta_kubernetes_pod_labelpresent_app_kubernetes_io_name") == "true")
        #expect(g.labels.get("__meta_kubernetes_pod_annotation_prometheus_io_scrape") == "true")
        #expect(g.labels.get("__meta_kubernetes_node_label_kubernetes_io_os") == "linux")
        #expect(
            g.targets.map { $0.get("__address__") } == ["10.1.0.5:8080", "10.1.0.5:9100", "10.1.0.5", "10.1.0.5:7000"])
        #expect(
            g.targets[0]
                == Labels([
                    "__address__": "10.1.0.5:8080", "__meta_kubernetes_pod_container_name": "app",
                    "__meta_kubernetes_pod_container_id": "", "__meta_kubernetes_pod_container_image": "web:1",
                    "__meta_kubernetes_pod_container_init": "false",
                    "__meta_kubernetes_pod_container_port_name": "http",
                    "__meta_kubernetes_pod_container_port_number": "8080",
                    "__meta_kubernetes_pod_container_port_protocol": "TCP",
                ]))
        #expect(g.targets[2].get("__meta_kubernetes_pod_container_name") == "sidecar")
        #expect(!g.targets[2].has("__meta_kubernetes_pod_container_port_number"))
        #expect(g.targets[3].get("__meta_kubernetes_pod_container_init") == "true")

        var pending = Fixtures.pod
        pending.status?.podIP = nil
        #expect(PodRole.group(pending).targets.isEmpty)
    }

    struct ServiceCase: Sendable, CustomStringConvertible {
        var type: String
        var present: [String]
        var absent: [String]
        var description: String { type }
    }

    @Test(arguments: [
        ServiceCase(type: "ClusterIP", present: ["cluster_ip"], absent: ["external_name", "loadbalancer_ip"]),
        ServiceCase(type: "LoadBalancer", present: ["cluster_ip", "loadbalancer_ip"], absent: ["external_name"]),
        ServiceCase(type: "ExternalName", present: ["external_name"], absent: ["cluster_ip", "loadbalancer_ip"]),
    ])
    func serviceTargetPerPort(_ c: ServiceCase) {
        var svc = Fixtures.service
        svc.spec?.type = c.type
        svc.spec?.externalName = "db.example.com"
        svc.spec?.loadBalancerIP = "198.51.100.1"
        let g = ServiceRole.group(svc)
        #expect(g.source == "svc/shop/web")
        #expect(g.labels.get("__meta_kubernetes_service_name") == "web")
        #expect(g.labels.get("__meta_kubernetes_service_label_tier") == "front")
        let t = try! #require(g.targets.first)
        #expect(t.get("__address__") == "web.shop.svc:80")
        #expect(t.get("__meta_kubernetes_service_port_name") == "http")
        #expect(t.get("__meta_kubernetes_service_port_number") == "80")
        #expect(t.get("__meta_kubernetes_service_port_protocol") == "TCP")
        #expect(t.get("__meta_kubernetes_service_type") == c.type)
        for p in c.present { #expect(t.has("__meta_kubernetes_service_" + p), "\(p)") }
        for a in c.absent { #expect(!t.has("__meta_kubernetes_service_" + a), "\(a)") }
    }

    @Test func endpointsAddPodAndServiceLabelsAndUncoveredPorts() {
        let eps = Endpoints(
            metadata: ObjectMeta(name: "web", namespace: "shop", labels: ["x": "y"]),
            subsets: [
                Endpoints.Subset(
                    addresses: [
                        Endpoints.Address(
                            ip: "10.1.0.5", nodeName: "node-a",
                            targetRef: ObjectReference(kind: "Pod", namespace: "shop", name: "web-1"))
                    ],
                    notReadyAddresses: [Endpoints.Address(ip: "10.1.0.9", hostname: "h9")],
                    ports: [Endpoints.Port(name: "http", port: 8080, protocol: "TCP")])
            ])
        let g = EndpointsRole.group(eps, lookups: Fixtures.lookups)
        #expect(g.source == "endpoints/shop/web")
        #expect(g.labels.get("__meta_kubernetes_endpoints_name") == "web")
        #expect(g.labels.get("__meta_kubernetes_endpoints_label_x") == "y")
        #expect(g.labels.get("__meta_kubernetes_service_name") == "web")
        #expect(g.labels.get("__meta_kubernetes_service_label_tier") == "front")
        #expect(
            g.targets.map { $0.get("__address__") } == [
                "10.1.0.5:8080", "10.1.0.9:8080", "10.1.0.5:9100", "10.1.0.5:7000",
            ])
        let direct = g.targets[0]
        #expect(direct.get("__meta_kubernetes_endpoint_ready") == "true")
        #expect(direct.get("__meta_kubernetes_endpoint_port_name") == "http")
        #expect(direct.get("__meta_kubernetes_endpoint_port_protocol") == "TCP")
        #expect(direct.get("__meta_kubernetes_endpoint_node_name") == "node-a")
        #expect(direct.get("__meta_kubernetes_endpoint_address_target_kind") == "Pod")
        #expect(direct.get("__meta_kubernetes_endpoint_address_target_name") == "web-1")
        #expect(direct.get("__meta_kubernetes_pod_name") == "web-1")
        #expect(direct.get("__meta_kubernetes_pod_container_name") == "app")
        #expect(direct.get("__meta_kubernetes_pod_container_port_name") == "http")
        #expect(direct.get("__meta_kubernetes_node_label_kubernetes_io_os") == "linux")
        let notReady = g.targets[1]
        #expect(notReady.get("__meta_kubernetes_endpoint_ready") == "false")
        #expect(notReady.get("__meta_kubernetes_endpoint_hostname") == "h9")
        #expect(!notReady.has("__meta_kubernetes_pod_name"))
        let extra = g.targets[2]
        #expect(extra.get("__meta_kubernetes_pod_container_port_name") == "metrics")
        #expect(!extra.has("__meta_kubernetes_endpoint_ready"))
    }

    @Test func endpointSliceLabelsFromEitherVersion() {
        for beta in [false, true] {
            let endpoint = EndpointSlice.Endpoint(
                addresses: ["10.1.0.5"],
                conditions: EndpointSlice.Conditions(ready: true, serving: true, terminating: false),
                hostname: "web-1", targetRef: ObjectReference(kind: "Pod", namespace: "shop", name: "web-1"),
                nodeName: beta ? nil : "node-a", zone: beta ? nil : "z1",
                topology: beta ? ["kubernetes.io/hostname": "node-a"] : nil)
            let slice = EndpointSlice(
                metadata: ObjectMeta(name: "web-xyz", namespace: "shop", labels: ["kubernetes.io/service-name": "web"]),
                addressType: "IPv4", endpoints: [endpoint],
                ports: [EndpointSlice.Port(name: "http", port: 8080, protocol: "TCP")])
            let g = EndpointSliceRole.group(slice, lookups: Fixtures.lookups)
            #expect(g.source == "endpointslice/shop/web-xyz")
            #expect(g.labels.get("__meta_kubernetes_endpointslice_name") == "web-xyz")
            #expect(g.labels.get("__meta_kubernetes_endpointslice_address_type") == "IPv4")
            #expect(g.labels.get("__meta_kubernetes_service_name") == "web")
            let t = g.targets[0]
            let p = "__meta_kubernetes_endpointslice_"
            #expect(t.get("__address__") == "10.1.0.5:8080")
            #expect(t.get(p + "port") == "8080")
            #expect(t.get(p + "port_name") == "http")
            #expect(t.get(p + "port_protocol") == "TCP")
            #expect(t.get(p + "endpoint_conditions_ready") == "true")
            #expect(t.get(p + "endpoint_conditions_serving") == "true")
            #expect(t.get(p + "endpoint_conditions_terminating") == "false")
            #expect(t.get(p + "endpoint_hostname") == "web-1")
            #expect(t.get(p + "address_target_kind") == "Pod")
            #expect(t.get(p + "address_target_name") == "web-1")
            #expect(t.get("__meta_kubernetes_pod_container_port_name") == "http")
            #expect(t.get("__meta_kubernetes_node_name") == "node-a")
            if beta {
                #expect(t.get(p + "endpoint_topology_kubernetes_io_hostname") == "node-a")
                #expect(t.get(p + "endpoint_topology_present_kubernetes_io_hostname") == "true")
                #expect(!t.has(p + "endpoint_node_name"))
            } else {
                #expect(t.get(p + "endpoint_node_name") == "node-a")
                #expect(t.get(p + "endpoint_zone") == "z1")
            }
            #expect(g.targets.count == 3)
        }
    }

    @Test func ingressTargetPerPathWithSchemeFromTLS() {
        let ing = Ingress(
            metadata: ObjectMeta(name: "shop", namespace: "shop"),
            spec: Ingress.Spec(
                ingressClassName: "nginx", tls: [Ingress.TLS(hosts: ["*.example.com"])],
                rules: [
                    Ingress.Rule(host: "www.example.com", paths: ["/", "/api"]),
                    Ingress.Rule(host: "plain.test", paths: [""]),
                    Ingress.Rule(host: "a.b.example.com"),
                ]))
        let g = IngressRole.group(ing)
        #expect(g.source == "ingress/shop/shop")
        #expect(g.labels.get("__meta_kubernetes_ingress_class_name") == "nginx")
        #expect(g.labels.get("__meta_kubernetes_ingress_name") == "shop")
        let summary = g.targets.map {
            "\($0.get("__meta_kubernetes_ingress_scheme"))://\($0.get("__address__"))\($0.get("__meta_kubernetes_ingress_path"))"
        }
        #expect(
            summary == [
                "https://www.example.com/", "https://www.example.com/api", "http://plain.test/",
                "http://a.b.example.com/",
            ])
    }

    @Test(arguments: [
        ("app.kubernetes.io/name", "app_kubernetes_io_name"), ("a-b c", "a_b_c"), ("ok_9", "ok_9"), ("ü", "_"),
    ])
    func sanitizesLabelNames(_ input: String, _ expected: String) {
        #expect(Meta.sanitize(input) == expected)
    }
}
