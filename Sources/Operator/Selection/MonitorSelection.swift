/// Picks the monitors and rules a `Sextant` uses, with prometheus-operator's semantics:
/// an unset object selector selects nothing and `{}` everything; an unset namespace selector means the
/// `Sextant`'s own namespace and `{}` every namespace.
package struct MonitorSelection: Sendable {
    package var sextant: Sextant
    /// Labels of every namespace, by name (namespaces not listed are treated as unlabelled).
    package var namespaceLabels: [String: [String: String]]

    package init(sextant: Sextant, namespaceLabels: [String: [String: String]]) {
        self.sextant = sextant
        self.namespaceLabels = namespaceLabels
    }

    /// The outcome for one kind: objects in scope, and objects in scope whose selector could not be evaluated.
    package struct Result<Object: Sendable>: Sendable {
        package var selected: [Object] = []
        package var rejected: [ObjectReason] = []
    }

    package func serviceMonitors(_ all: [ServiceMonitor]) -> Result<ServiceMonitor> {
        select(
            all, kind: "ServiceMonitor", sextant.spec.serviceMonitorSelector,
            sextant.spec.serviceMonitorNamespaceSelector)
    }

    package func podMonitors(_ all: [PodMonitor]) -> Result<PodMonitor> {
        select(all, kind: "PodMonitor", sextant.spec.podMonitorSelector, sextant.spec.podMonitorNamespaceSelector)
    }

    package func probes(_ all: [Probe]) -> Result<Probe> {
        select(all, kind: "Probe", sextant.spec.probeSelector, sextant.spec.probeNamespaceSelector)
    }

    package func rules(_ all: [PrometheusRule]) -> Result<PrometheusRule> {
        select(all, kind: "PrometheusRule", sextant.spec.ruleSelector, sextant.spec.ruleNamespaceSelector)
    }

    func select<S, T>(
        _ all: [CustomResource<S, T>], kind: String, _ selector: LabelSelector?, _ nsSelector: LabelSelector?
    )
        -> Result<CustomResource<S, T>>
    {
        var out = Result<CustomResource<S, T>>()
        guard let selector else { return out }
        let scope = NamespaceScope(nsSelector)
        for o in all.sorted(by: { ($0.namespace, $0.name) < ($1.namespace, $1.name) }) {
            do throws(SelectorError) {
                let inScope = try scope.contains(
                    namespace: o.namespace, labels: namespaceLabels[o.namespace] ?? [:], ownNamespace: sextant.namespace
                )
                if inScope, try selector.matches(o.metadata.labels ?? [:]) { out.selected.append(o) }
            } catch {
                // A broken selector on the Sextant itself: nothing of this kind is selected, and each candidate
                // says why, so the status shows the cause.
                out.rejected.append(
                    ObjectReason(kind: kind, namespace: o.namespace, name: o.name, reason: error.description))
            }
        }
        return out
    }
}
