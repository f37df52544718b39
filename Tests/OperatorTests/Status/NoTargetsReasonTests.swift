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

/// The plain-words reason a PodMonitor has no targets.
struct PodMonitorNoTargetsReasonTests {
    static let pods: [NoTargetsReason.PodInfo] = [
        .init(namespace: "shop", name: "api-0", labels: ["app": "api"], portNames: ["http", "metrics"], phase: "Running"),
        .init(namespace: "shop", name: "job-1", labels: ["app": "job"], portNames: ["metrics"], phase: "Succeeded"),
        .init(namespace: "other", name: "api-0", labels: ["app": "api"], portNames: ["web"], phase: "Running"),
    ]

    static func monitor(_ selector: [String: String], port: String, namespaces: NamespaceSelector? = nil) -> PodMonitor {
        var spec = PodMonitorSpec(podMetricsEndpoints: [.init(port: port)], selector: LabelSelector(matchLabels: selector))
        spec.namespaceSelector = namespaces
        return PodMonitor(
            apiVersion: "monitoring.sextant.dev/v1", kind: "PodMonitor",
            metadata: ObjectMeta(name: "m", namespace: "shop"), spec: spec)
    }

    @Test func noPodMatches() {
        #expect(NoTargetsReason.explain(Self.monitor(["app": "cart"], port: "http"), pods: Self.pods)
            == "selector app=cart matched no Pod in namespace shop")
    }

    @Test func onlyFinishedPods() {
        #expect(NoTargetsReason.explain(Self.monitor(["app": "job"], port: "metrics"), pods: Self.pods)
            == "selector app=job matched only finished Pods (job-1)")
    }

    @Test func missingPort() {
        #expect(NoTargetsReason.explain(Self.monitor(["app": "api"], port: "web"), pods: Self.pods)
            == "Pod api-0 has ports [http, metrics]; podMetricsEndpoint 0 asks for port web")
    }

    @Test func podsLookRight() {
        let m = Self.monitor(["app": "api"], port: "web", namespaces: .init(any: true))
        #expect(NoTargetsReason.explain(m, pods: Self.pods)
            == "selector app=api matched Pod(s) other/api-0, shop/api-0 with the requested ports, but no target was "
            + "discovered for them (no pod IP yet, or relabeling dropped them)")
    }
}
