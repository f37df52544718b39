import Testing

@testable import Operator

struct SextantPlannerTests {
    static func snapshot() throws -> ClusterSnapshot {
        var snap = ClusterSnapshot(
            sextant: try YAMLWriter.decode(Sextant.self, from: Golden.fixture("sextant-default.yaml")),
            namespaceLabels: ["shop": [:], "payments": [:], "jobs": [:], "monitoring": [:]])
        snap.serviceMonitors = [
            try YAMLWriter.decode(ServiceMonitor.self, from: Golden.fixture("servicemonitor-basic.yaml")),
            try YAMLWriter.decode(ServiceMonitor.self, from: Golden.fixture("servicemonitor-secure.yaml")),
        ]
        snap.podMonitors = [try YAMLWriter.decode(PodMonitor.self, from: Golden.fixture("podmonitor-basic.yaml"))]
        // Rules from every namespace (unset would mean only the Sextant's own namespace).
        snap.sextant.spec.ruleNamespaceSelector = LabelSelector()
        snap.rules = [try YAMLWriter.decode(PrometheusRule.self, from: Golden.fixture("prometheusrule-basic.yaml"))]
        snap.assetValues = [
            AssetKey(.secret, namespace: "payments", name: "payments-tls", key: "ca.crt"): "CA",
            AssetKey(.secret, namespace: "jobs", name: "oauth", key: "id"): "worker-client",
        ]
        return snap
    }

    @Test func planSelectsRendersAndOrdersObjects() throws {
        let plan = try SextantPlanner.plan(try Self.snapshot())
        #expect(
            plan.selected.map { "\($0.kind) \($0.namespace)/\($0.name)" } == [
                "ServiceMonitor payments/payments", "ServiceMonitor shop/api", "PodMonitor jobs/workers",
                "PrometheusRule shop/api-rules",
            ])
        #expect(plan.rejected == [])
        // Only the CA was read: everything else referenced is reported missing, by key.
        #expect(plan.missingAssets.count == 7)
        #expect(
            !plan.missingAssets.contains(AssetKey(.secret, namespace: "payments", name: "payments-tls", key: "ca.crt")))
        let kinds = plan.objects.map(\.kind)
        #expect(kinds.firstIndex(of: "Secret")! < kinds.firstIndex(of: "StatefulSet")!)
        #expect(kinds.filter { $0 == "ConfigMap" }.count == 2)
        let set = plan.objects.first { $0.kind == "StatefulSet" }!
        #expect(set.metadata.annotations?[ServerObjectsRenderer.inputHashAnnotation] == plan.inputHash)
    }

    /// Rotating a secret value changes the input hash; re-planning the same snapshot does not.
    @Test func hashFollowsAssetValues() throws {
        var snap = try Self.snapshot()
        let a = try SextantPlanner.plan(snap).inputHash
        #expect(try SextantPlanner.plan(snap).inputHash == a)
        snap.assetValues[AssetKey(.secret, namespace: "payments", name: "payments-tls", key: "ca.crt")] = "CA2"
        #expect(try SextantPlanner.plan(snap).inputHash != a)
    }

    /// A broken monitor is rejected with its reason and left out of `selected`; the rest still applies.
    @Test func brokenMonitorIsRejectedNotFatal() throws {
        var snap = try Self.snapshot()
        snap.assetValues = [:]
        let plan = try SextantPlanner.plan(snap)
        #expect(plan.rejected.map(\.name) == ["workers"])
        #expect(!plan.selected.contains { $0.name == "workers" })
        #expect(plan.objects.contains { $0.kind == "StatefulSet" })
    }

    @Test func invalidSextantThrows() throws {
        var snap = try Self.snapshot()
        snap.sextant.spec.shards = 0
        #expect(throws: RenderError.invalidField(path: "spec.shards", value: "0", reason: "must be at least 1")) {
            try SextantPlanner.plan(snap)
        }
    }
}
