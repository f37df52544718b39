/// The `status.bindings` entry a `Sextant` writes on each monitor or rule it considered, in prometheus-operator's
/// shape (an `Accepted` condition), plus the target counts shown by `kubectl get`.
package enum MonitorBindings {
    /// The binding for `sextant` on one object: accepted unless `rejection` gives a reason.
    package static func binding(
        for sextant: Sextant, rejection: String?, generation: Int64?, now: String, previous: MonitorStatus?
    ) -> MonitorStatus.Binding {
        let status = rejection == nil ? "True" : "False"
        let old = previous?.bindings?.first { $0.name == sextant.name && $0.namespace == sextant.namespace }?
            .conditions?.first { $0.type == "Accepted" }
        let since = old.flatMap { $0.status == status ? $0.lastTransitionTime : nil } ?? now
        let condition = Condition(
            type: "Accepted", status: status, lastTransitionTime: since,
            reason: rejection == nil ? "Accepted" : "InvalidConfiguration", message: rejection,
            observedGeneration: generation)
        return MonitorStatus.Binding(
            group: APIGroup.sextant, resource: "sextants", name: sextant.name, namespace: sextant.namespace,
            conditions: [condition])
    }

    /// The object's new status: this `Sextant`'s binding replaced, others kept. `counts` (nil when the servers
    /// could not be read) replaces this binding's target counts, else the previous ones stay; the top-level
    /// counts are the sums over all bindings.
    package static func status(
        previous: MonitorStatus?, binding: MonitorStatus.Binding, counts: MonitorTargetCounts.Count?
    ) -> MonitorStatus {
        var s = previous ?? MonitorStatus()
        let old = (s.bindings ?? []).first { same($0, binding) }
        var binding = binding
        if let counts {
            binding.targets = counts.targets
            binding.up = counts.up
            binding.down = counts.down
            binding.dropped = counts.dropped
            binding.lastError = counts.lastError
            binding.noTargetsReason = counts.targets == 0 ? counts.noTargetsReason : nil
        } else if let old {
            binding.targets = old.targets
            binding.up = old.up
            binding.down = old.down
            binding.dropped = old.dropped
            binding.lastError = old.lastError
            binding.noTargetsReason = old.noTargetsReason
        }
        var bindings = (s.bindings ?? []).filter { !same($0, binding) }
        bindings.append(binding)
        bindings.sort { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
        s.bindings = bindings
        let counted = bindings.filter { $0.targets != nil }
        if !counted.isEmpty {
            s.targets = counted.reduce(0) { $0 + ($1.targets ?? 0) }
            s.up = counted.reduce(0) { $0 + ($1.up ?? 0) }
            s.down = counted.reduce(0) { $0 + ($1.down ?? 0) }
            s.dropped = counted.reduce(0) { $0 + ($1.dropped ?? 0) }
            s.lastError = counted.lazy.compactMap(\.lastError).first
            s.noTargetsReason = s.targets == 0 ? counted.lazy.compactMap(\.noTargetsReason).first : nil
        }
        return s
    }

    static func same(_ a: MonitorStatus.Binding, _ b: MonitorStatus.Binding) -> Bool {
        a.group == b.group && a.name == b.name && a.namespace == b.namespace
    }
}
