import Discovery
import KubeClient

/// Objects shared by the role tests: a pod with two containers behind a service and its endpoints.
enum Fixtures {
    static let pod: Pod = {
        var pod = Pod(
            metadata: ObjectMeta(
                name: "web-1", namespace: "shop", labels: ["app.kubernetes.io/name": "web"],
                annotations: ["prometheus.io/scrape": "true"],
                ownerReferences: [
                    OwnerReference(
                        apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-abc", uid: "u", controller: true)
                ]),
            spec: Pod.Spec(
                containers: [
                    Pod.Container(
                        name: "app", image: "web:1",
                        ports: [
                            Pod.ContainerPort(name: "http", containerPort: 8080, protocol: "TCP"),
                            Pod.ContainerPort(name: "metrics", containerPort: 9100, protocol: "TCP"),
                        ]),
                    Pod.Container(name: "sidecar", image: "side:2"),
                ],
                initContainers: [
                    Pod.Container(name: "init", image: "init:3", ports: [Pod.ContainerPort(containerPort: 7000)])
                ],
                nodeName: "node-a"),
            status: Pod.Status(
                phase: "Running", podIP: "10.1.0.5", hostIP: "192.168.0.10",
                conditions: [Pod.Condition(type: "Ready", status: "True")]))
        pod.metadata.uid = "pod-uid"
        return pod
    }()

    static let node = Node(
        metadata: ObjectMeta(name: "node-a", labels: ["kubernetes.io/os": "linux"], annotations: ["a/b": "c"]),
        spec: Node.Spec(providerID: "aws:///i-1"),
        status: Node.Status(
            addresses: [
                Node.Address(type: "Hostname", address: "node-a.local"),
                Node.Address(type: "ExternalIP", address: "203.0.113.9"),
                Node.Address(type: "InternalIP", address: "192.168.0.10"),
                Node.Address(type: "InternalIP", address: "192.168.0.11"),
            ], kubeletPort: 10250))

    static let service = Service(
        metadata: ObjectMeta(name: "web", namespace: "shop", labels: ["tier": "front"]),
        spec: Service.Spec(
            type: "ClusterIP", clusterIP: "10.96.0.20", selector: ["app": "web"],
            ports: [Service.Port(name: "http", protocol: "TCP", port: 80, targetPort: .string("http"))]))

    static let lookups = Lookups(
        pod: { $0 == "shop/web-1" ? pod : nil }, service: { $0 == "shop/web" ? service : nil },
        node: { $0 == "node-a" ? node : nil })
}
