import Testing

@testable import Operator

struct MonitorSelectionTests {
    static func monitor(_ ns: String, _ name: String, _ labels: [String: String]) -> ServiceMonitor {
        ServiceMonitor(
            apiVersion: "monitoring.sextant.dev/v1", kind: "ServiceMonitor",
            metadata: ObjectMeta(name: name, namespace: ns, labels: labels),
            spec: ServiceMonitorSpec(endpoints: [Endpoint(port: "web")], selector: LabelSelector()))
    }

    static let monitors = [
        monitor("monitoring", "own", ["team": "a"]),
        monitor("prod", "p", ["team": "a"]),
        monitor("dev", "d", ["team": "a"]),
        monitor("prod", "other-team", ["team": "b"]),
    ]
    static let namespaces = ["prod": ["env": "prod"], "dev": ["env": "dev"], "monitoring": [:]]

    static func selected(_ sel: LabelSelector?, _ ns: LabelSelector?) -> [String] {
        var sx = Sextant(
            apiVersion: "monitoring.sextant.dev/v1alpha1", kind: "Sextant",
            metadata: ObjectMeta(name: "main", namespace: "monitoring"), spec: SextantSpec())
        sx.spec.serviceMonitorSelector = sel
        sx.spec.serviceMonitorNamespaceSelector = ns
        return MonitorSelection(sextant: sx, namespaceLabels: namespaces).serviceMonitors(monitors).selected
            .map { "\($0.namespace)/\($0.name)" }
    }

    @Test func selectorSemantics() {
        #expect(Self.selected(nil, LabelSelector()) == [])
        #expect(Self.selected(LabelSelector(), nil) == ["monitoring/own"])
        #expect(
            Self.selected(LabelSelector(), LabelSelector()) == ["dev/d", "monitoring/own", "prod/other-team", "prod/p"])
        #expect(
            Self.selected(LabelSelector(matchLabels: ["team": "a"]), LabelSelector(matchLabels: ["env": "prod"])) == [
                "prod/p"
            ])
    }

    @Test func brokenSelectorRejectsWithReason() {
        var sx = Sextant(
            apiVersion: "monitoring.sextant.dev/v1alpha1", kind: "Sextant",
            metadata: ObjectMeta(name: "main", namespace: "monitoring"), spec: SextantSpec())
        sx.spec.serviceMonitorSelector = LabelSelector(matchExpressions: [.init(key: "team", operator: .in)])
        let r = MonitorSelection(sextant: sx, namespaceLabels: [:]).serviceMonitors(Self.monitors)
        #expect(r.selected.isEmpty)
        #expect(r.rejected.first?.reason == "label selector on \"team\": operator In needs at least one value")
    }
}
