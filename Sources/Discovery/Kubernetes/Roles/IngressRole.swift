public import KubeClient
public import PromModel

/// `role: ingress`: one target per path of each rule, at the rule's host.
public enum IngressRole {
    public static func source(namespace: String, name: String) -> String { "ingress/\(namespace)/\(name)" }

    public static func group(_ ingress: Ingress) -> TargetGroup {
        let ns = ingress.metadata.namespace ?? ""
        let p = Meta.prefix + "ingress_"
        var ls = [Meta.namespace: ns]
        if let cls = ingress.spec?.ingressClassName { ls[p + "class_name"] = cls }
        Meta.addObjectMeta(&ls, ingress.metadata, role: "ingress")
        let tlsHosts = (ingress.spec?.tls ?? []).flatMap { $0.hosts ?? [] }
        var targets: [Labels] = []
        for rule in ingress.spec?.rules ?? [] {
            let host = rule.host ?? ""
            let scheme = tlsHosts.contains { matchesHostnamePattern($0, host) } ? "https" : "http"
            // No HTTP block means the whole host; an empty path means "/".
            let paths = rule.http.map { $0.paths.map { ($0.path ?? "").isEmpty ? "/" : $0.path! } } ?? ["/"]
            for path in paths {
                targets.append(
                    Labels([Meta.address: host, p + "scheme": scheme, p + "host": host, p + "path": path]))
            }
        }
        return TargetGroup(
            source: source(namespace: ns, name: ingress.metadata.name ?? ""), targets: targets, labels: Labels(ls))
    }

    /// Equal, or a `*.` wildcard pattern matching exactly one leading label of `host`.
    static func matchesHostnamePattern(_ pattern: String, _ host: String) -> Bool {
        if pattern == host { return true }
        let p = pattern.split(separator: ".", omittingEmptySubsequences: false)
        let h = host.split(separator: ".", omittingEmptySubsequences: false)
        guard p.first == "*", p.count == h.count else { return false }
        return p.dropFirst().elementsEqual(h.dropFirst())
    }
}
