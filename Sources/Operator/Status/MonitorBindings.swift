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

    /// The object's new status: this `Sextant`'s binding replaced, others kept, counts set.
    package static func status(
        previous: MonitorStatus?, binding: MonitorStatus.Binding, counts: MonitorTargetCounts.Count?
    ) -> MonitorStatus {
        var s = previous ?? MonitorStatus()
        var bindings = (s.bindings ?? []).filter {
            !($0.group == binding.group && $0.name == binding.name && $0.namespace == binding.namespace)
        }
        bindings.append(binding)
        bindings.sort { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
        s.bindings = bindings
        if let counts {
            s.targets = counts.targets
            s.up = counts.up
        }
        return s
    }
}
