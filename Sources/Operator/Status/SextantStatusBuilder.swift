/// What a reconcile pass observed, in plain values, for computing a `Sextant`'s status.
package struct SextantObservation: Sendable, Equatable {
    package struct Shard: Sendable, Equatable {
        package var desired: Int32
        package var available: Int32
        package init(desired: Int32, available: Int32) {
            self.desired = desired
            self.available = available
        }
    }

    package var generation: Int64
    package var shards: [Shard]
    /// nil when the apply succeeded; otherwise what failed.
    package var reconcileError: String?
    /// The `Reconciled` condition's reason with `reconcileError`; nil: `ReconcileFailed`.
    package var reconcileReason: String?
    /// nil = not known yet (server not reachable); true = serving the rendered config; false = refused it.
    package var configApplied: Bool?
    package var configMessage: String?
    /// The condition reason; nil uses the default for `configApplied`.
    package var configReason: String?
    package var selected: [ObjectReason]
    package var rejected: [ObjectReason]

    package init(
        generation: Int64, shards: [Shard], reconcileError: String? = nil, configApplied: Bool? = nil,
        configMessage: String? = nil, selected: [ObjectReason] = [], rejected: [ObjectReason] = []
    ) {
        self.generation = generation
        self.shards = shards
        self.reconcileError = reconcileError
        self.configApplied = configApplied
        self.configMessage = configMessage
        self.selected = selected
        self.rejected = rejected
    }
}

/// Computes a `Sextant` status from an observation: a pure transition, so it is tested without a cluster.
/// A condition keeps its `lastTransitionTime` while its status stays the same.
package enum SextantStatusBuilder {
    package static func build(previous: SextantStatus?, _ o: SextantObservation, now: String) -> SextantStatus {
        var s = SextantStatus()
        s.observedGeneration = o.generation
        s.shards = Int32(o.shards.count)
        s.replicas = o.shards.reduce(0) { $0 + $1.desired }
        s.availableReplicas = o.shards.reduce(0) { $0 + $1.available }
        s.selected = o.selected.isEmpty ? nil : o.selected
        s.rejected = o.rejected.isEmpty ? nil : o.rejected

        let reconciled: (String, String, String?) =
            o.reconcileError.map { ("False", o.reconcileReason ?? "ReconcileFailed", $0) }
            ?? ("True", "Reconciled", nil)

        let available: (String, String, String?)
        let desired = s.replicas ?? 0
        let ready = s.availableReplicas ?? 0
        if desired == 0 {
            available = ("False", "ScaledToZero", "replicas is 0")
        } else if o.shards.allSatisfy({ $0.available >= $0.desired }) {
            available = ("True", "AllReplicasAvailable", nil)
        } else if ready == 0 {
            available = ("False", "NoReplicasAvailable", "0 of \(desired) replicas available")
        } else {
            available = ("False", "SomeReplicasUnavailable", "\(ready) of \(desired) replicas available")
        }

        let config: (String, String, String?) =
            switch o.configApplied {
            case true?: ("True", o.configReason ?? "ConfigLoaded", nil)
            case false?: ("False", o.configReason ?? "ConfigRejected", o.configMessage)
            case nil: ("Unknown", o.configReason ?? "ConfigNotReported", o.configMessage)
            }

        let old = Dictionary((previous?.conditions ?? []).map { ($0.type, $0) }) { a, _ in a }
        s.conditions = [
            (SextantConditionType.reconciled, reconciled), (.available, available), (.configApplied, config),
        ].map { type, v in
            let since = old[type.rawValue].flatMap { $0.status == v.0 ? $0.lastTransitionTime : nil } ?? now
            return Condition(
                type: type.rawValue, status: v.0, lastTransitionTime: since, reason: v.1, message: v.2,
                observedGeneration: o.generation)
        }
        return s
    }
}
