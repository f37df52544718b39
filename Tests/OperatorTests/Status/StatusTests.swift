import Testing

@testable import Operator

struct SextantStatusBuilderTests {
    static func condition(_ s: SextantStatus, _ type: SextantConditionType) -> Condition? {
        s.conditions?.first { $0.type == type.rawValue }
    }

    struct Case: Sendable, CustomStringConvertible {
        var shards: [SextantObservation.Shard]
        var status: String
        var reason: String
        var description: String { reason }
    }

    @Test(arguments: [
        Case(
            shards: [.init(desired: 2, available: 2), .init(desired: 2, available: 2)], status: "True",
            reason: "AllReplicasAvailable"),
        Case(
            shards: [.init(desired: 2, available: 2), .init(desired: 2, available: 1)], status: "False",
            reason: "SomeReplicasUnavailable"),
        Case(shards: [.init(desired: 2, available: 0)], status: "False", reason: "NoReplicasAvailable"),
        Case(shards: [.init(desired: 0, available: 0)], status: "False", reason: "ScaledToZero"),
    ])
    func availability(_ c: Case) {
        let s = SextantStatusBuilder.build(
            previous: nil, SextantObservation(generation: 3, shards: c.shards), now: "t0")
        let a = Self.condition(s, .available)
        #expect(a?.status == c.status)
        #expect(a?.reason == c.reason)
        #expect(a?.observedGeneration == 3)
        #expect(s.observedGeneration == 3)
    }

    /// Transition times move only when a condition's status changes.
    @Test func transitionTimesAreKeptWhileStatusHolds() {
        let shards = [SextantObservation.Shard(desired: 1, available: 1)]
        let first = SextantStatusBuilder.build(
            previous: nil, SextantObservation(generation: 1, shards: shards, configApplied: nil), now: "t0")
        let second = SextantStatusBuilder.build(
            previous: first, SextantObservation(generation: 2, shards: shards, configApplied: true), now: "t1")
        #expect(Self.condition(second, .available)?.lastTransitionTime == "t0")
        #expect(Self.condition(second, .configApplied)?.lastTransitionTime == "t1")
        #expect(Self.condition(first, .configApplied)?.status == "Unknown")
        let third = SextantStatusBuilder.build(
            previous: second,
            SextantObservation(
                generation: 2, shards: shards, reconcileError: "apply StatefulSet: forbidden",
                configApplied: false, configMessage: "bad relabel regex"), now: "t2")
        #expect(Self.condition(third, .reconciled)?.message == "apply StatefulSet: forbidden")
        #expect(Self.condition(third, .configApplied)?.reason == "ConfigRejected")
        #expect(Self.condition(third, .configApplied)?.lastTransitionTime == "t2")
    }

    @Test func targetCountsPerMonitor() {
        let counts = MonitorTargetCounts.count([
            ("serviceMonitor/shop/api/0", "up"), ("serviceMonitor/shop/api/1", "down"),
            ("serviceMonitor/shop/api/0", "up"), ("podMonitor/jobs/workers/0", "unknown"),
            ("probe/monitoring/websites", "up"), ("node-exporter-static", "up"), ("serviceMonitor/x", "up"),
        ])
        #expect(counts[.init(kind: "ServiceMonitor", namespace: "shop", name: "api")] == .init(targets: 3, up: 2, down: 1))
        #expect(counts[.init(kind: "PodMonitor", namespace: "jobs", name: "workers")] == .init(targets: 1, up: 0))
        #expect(counts[.init(kind: "Probe", namespace: "monitoring", name: "websites")] == .init(targets: 1, up: 1))
        #expect(counts.count == 3)
    }
}

struct MonitorBindingsTests {
    static let sx = Sextant(
        apiVersion: "monitoring.sextant.dev/v1alpha1", kind: "Sextant",
        metadata: ObjectMeta(name: "main", namespace: "monitoring"), spec: SextantSpec())

    @Test func acceptedThenRejectedKeepsOtherServersBindings() {
        var other = MonitorStatus()
        other.bindings = [
            .init(group: APIGroup.sextant, resource: "sextants", name: "edge", namespace: "edge", conditions: nil)
        ]
        let b1 = MonitorBindings.binding(for: Self.sx, rejection: nil, generation: 4, now: "t0", previous: other)
        let s1 = MonitorBindings.status(previous: other, binding: b1, counts: .init(targets: 3, up: 2))
        #expect(s1.bindings?.map(\.name) == ["edge", "main"])
        #expect(s1.targets == 3 && s1.up == 2)
        #expect(s1.bindings?.last?.conditions?.first?.status == "True")

        let same = MonitorBindings.binding(for: Self.sx, rejection: nil, generation: 5, now: "t1", previous: s1)
        #expect(same.conditions?.first?.lastTransitionTime == "t0")
        let bad = MonitorBindings.binding(for: Self.sx, rejection: "bad regex", generation: 5, now: "t2", previous: s1)
        let s2 = MonitorBindings.status(previous: s1, binding: bad, counts: nil)
        #expect(s2.bindings?.count == 2)
        #expect(s2.bindings?.last?.conditions?.first?.message == "bad regex")
        #expect(s2.bindings?.last?.conditions?.first?.lastTransitionTime == "t2")
        #expect(s2.targets == 3)
        #expect(s2.bindings?.last?.targets == 3, "counts nil keeps the binding's previous counts")

        // Another server's counts add up in the totals the printer columns show.
        let edge = Sextant(
            apiVersion: "monitoring.sextant.dev/v1alpha1", kind: "Sextant",
            metadata: ObjectMeta(name: "edge", namespace: "edge"), spec: SextantSpec())
        let b3 = MonitorBindings.binding(for: edge, rejection: nil, generation: 5, now: "t3", previous: s2)
        let s3 = MonitorBindings.status(
            previous: s2, binding: b3, counts: .init(targets: 2, up: 1, down: 1, dropped: 4, lastError: "x: refused"))
        #expect(s3.targets == 5 && s3.up == 3 && s3.down == 1 && s3.dropped == 4)
        #expect(s3.lastError == "x: refused")
    }
}
