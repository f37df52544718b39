import Testing

@testable import Operator

/// The plain-words reason a ServiceMonitor has no targets.
struct NoTargetsReasonTests {
    static let services: [NoTargetsReason.ServiceInfo] = [
        .init(namespace: "shop", name: "api", labels: ["app": "api"], portNames: ["http", "metrics"]),
        .init(namespace: "shop", name: "web", labels: ["app": "web"], portNames: ["http"]),
        .init(namespace: "other", name: "api", labels: ["app": "api"], portNames: ["web"]),
    ]

    static func monitor(_ selector: [String: String], port: String, namespaces: NamespaceSelector? = nil) -> ServiceMonitor {
        var spec = ServiceMonitorSpec(endpoints: [.init(port: port)], selector: LabelSelector(matchLabels: selector))
        spec.namespaceSelector = namespaces
        return ServiceMonitor(
            apiVersion: "monitoring.sextant.dev/v1", kind: "ServiceMonitor",
            metadata: ObjectMeta(name: "m", namespace: "shop"), spec: spec)
    }

    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var monitor: ServiceMonitor
        var reason: String
    }

    @Test(arguments: [
        Case(
            description: "no match", monitor: monitor(["app": "cart"], port: "http"),
            reason: "selector app=cart matched no Service in namespace shop"),
        Case(
            description: "other namespace only", monitor: monitor(["app": "api"], port: "web"),
            reason: "Service api has ports [http, metrics]; endpoint 0 asks for port web"),
        Case(
            description: "listed namespaces", monitor: monitor(["app": "cart"], port: "http", namespaces: .init(matchNames: ["b", "a"])),
            reason: "selector app=cart matched no Service in namespaces a, b"),
        Case(
            description: "services fine", monitor: monitor(["app": "api"], port: "metrics", namespaces: .init(any: true)),
            reason: "selector app=api matched Service(s) other/api, shop/api with the requested ports, but no ready endpoint addresses were discovered behind them (or relabeling dropped them)"),
    ])
    func explains(_ c: Case) {
        #expect(NoTargetsReason.explain(c.monitor, services: Self.services) == c.reason)
    }
}
