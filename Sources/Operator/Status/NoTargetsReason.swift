/// Why a ServiceMonitor has no targets, in plain words, from the Services the operator sees: the question
/// users otherwise answer by reading relabel rules.
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

    /// The first thing that stops `sm` from finding targets: no Service matches, or none has the port an
    /// endpoint names. When the Services look right, says so (the targets are then missing further down: no
    /// ready endpoints, or relabeling dropped them — see the dropped count).
    package static func explain(_ sm: ServiceMonitor, services: [ServiceInfo]) -> String {
        let spec = sm.spec
        let namespaces: Set<String>? =
            spec.namespaceSelector?.any == true ? nil : Set(spec.namespaceSelector?.matchNames ?? [sm.namespace])
        let inScope = services.filter { namespaces?.contains($0.namespace) ?? true }
        let matched = inScope.filter { (try? spec.selector.matches($0.labels)) == true }
            .sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
        let selector = spec.selector.isEmpty ? "{}" : spec.selector.selectorString
        let whereText: String
        if let namespaces {
            let list = namespaces.sorted()
            whereText = list.count == 1 ? "namespace \(list[0])" : "namespaces \(list.joined(separator: ", "))"
        } else {
            whereText = "any namespace"
        }
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
