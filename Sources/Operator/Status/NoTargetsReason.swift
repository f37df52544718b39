/// Why a ServiceMonitor or PodMonitor has no targets, in plain words, from the Services or Pods the operator
/// sees: the question users otherwise answer by reading relabel rules.
package enum NoTargetsReason {
    /// What the explainer needs of a Service.
    package struct ServiceInfo: Equatable, Sendable {
        package var namespace: String
        package var name: String
        package var labels: [String: String]
        package var portNames: [String]

        package init(namespace: String, name: String, labels: [String: String], portNames: [String]) {
            self.namespace = namespace
            self.name = name
            self.labels = labels
            self.portNames = portNames
        }
    }

    /// What the explainer needs of a Pod.
    package struct PodInfo: Equatable, Sendable {
        package var namespace: String
        package var name: String
        package var labels: [String: String]
        /// Names of its containers' ports.
        package var portNames: [String]
        /// `status.phase`; Succeeded and Failed pods are dropped by the rendered relabeling.
        package var phase: String

        package init(namespace: String, name: String, labels: [String: String], portNames: [String], phase: String) {
            self.namespace = namespace
            self.name = name
            self.labels = labels
            self.portNames = portNames
            self.phase = phase
        }
    }

    /// The namespaces a monitor's `namespaceSelector` names (its own when absent), nil for `any: true`, and
    /// how to say them.
    static func scope(_ selector: NamespaceSelector?, own: String) -> (namespaces: Set<String>?, text: String) {
        guard selector?.any != true else { return (nil, "any namespace") }
        let list = Set(selector?.matchNames ?? [own]).sorted()
        return (Set(list), list.count == 1 ? "namespace \(list[0])" : "namespaces \(list.joined(separator: ", "))")
    }

    /// The first thing that stops `pm` from finding targets: no Pod matches, all matching Pods have finished,
    /// or none has the container port an endpoint names. When the Pods look right, says so.
    package static func explain(_ pm: PodMonitor, pods: [PodInfo]) -> String {
        let spec = pm.spec
        let (namespaces, whereText) = scope(spec.namespaceSelector, own: pm.namespace)
        let selector = spec.selector.isEmpty ? "{}" : spec.selector.selectorString
        let matched = pods.filter { (namespaces?.contains($0.namespace) ?? true) && (try? spec.selector.matches($0.labels)) == true }
            .sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
        guard !matched.isEmpty else { return "selector \(selector) matched no Pod in \(whereText)" }
        let live = matched.filter { $0.phase != "Succeeded" && $0.phase != "Failed" }
        guard !live.isEmpty else {
            return "selector \(selector) matched only finished Pods (\(matched.prefix(3).map(\.name).joined(separator: ", ")))"
        }
        for (i, endpoint) in (spec.podMetricsEndpoints ?? []).enumerated() {
            guard let port = endpoint.port, !port.isEmpty else { continue }
            if !live.contains(where: { $0.portNames.contains(port) }) {
                let described = live.prefix(3).map { "Pod \($0.name) has ports [\($0.portNames.joined(separator: ", "))]" }
                return described.joined(separator: "; ") + "; podMetricsEndpoint \(i) asks for port \(port)"
            }
        }
        let names = live.prefix(5).map { "\($0.namespace)/\($0.name)" }.joined(separator: ", ")
        return "selector \(selector) matched Pod(s) \(names) with the requested ports, but no target was discovered "
            + "for them (no pod IP yet, or relabeling dropped them)"
    }

    /// The first thing that stops `sm` from finding targets: no Service matches, or none has the port an
    /// endpoint names. When the Services look right, says so (the targets are then missing further down: no
    /// ready endpoints, or relabeling dropped them — see the dropped count).
    package static func explain(_ sm: ServiceMonitor, services: [ServiceInfo]) -> String {
        let spec = sm.spec
        let (namespaces, whereText) = scope(spec.namespaceSelector, own: sm.namespace)
        let inScope = services.filter { namespaces?.contains($0.namespace) ?? true }
        let matched = inScope.filter { (try? spec.selector.matches($0.labels)) == true }
            .sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
        let selector = spec.selector.isEmpty ? "{}" : spec.selector.selectorString
        guard !matched.isEmpty else { return "selector \(selector) matched no Service in \(whereText)" }
        for (i, endpoint) in spec.endpoints.enumerated() {
            guard let port = endpoint.port, !port.isEmpty else { continue }
            let withPort = matched.filter { $0.portNames.contains(port) }
            if withPort.isEmpty {
                let described = matched.prefix(3).map { "Service \($0.name) has ports [\($0.portNames.joined(separator: ", "))]" }
                return described.joined(separator: "; ") + "; endpoint \(i) asks for port \(port)"
            }
        }
        let names = matched.prefix(5).map { "\($0.namespace)/\($0.name)" }.joined(separator: ", ")
        return "selector \(selector) matched Service(s) \(names) with the requested ports, but no ready endpoint "
            + "addresses were discovered behind them (or relabeling dropped them)"
    }
}
