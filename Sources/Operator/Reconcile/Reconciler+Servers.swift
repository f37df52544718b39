import Foundation

/// Reading the servers a `Sextant` runs: which config they applied and what their targets look like.
extension Reconciler {
    /// The servers of `sextant`: `--server-url-override` entries when given for it, else every pod of its
    /// StatefulSets that has an IP address (the operator runs in the cluster and reaches pod IPs directly).
    func serverEndpoints(of sextant: Sextant) -> [ServerEndpoint] {
        if let urls = serverOverrides["\(sextant.namespace)/\(sextant.name)"] { return urls }
        let names = ServerNames(sextant)
        let scheme = sextant.spec.web?.tlsConfig == nil ? "http" : "https"
        return cache.pods.list().compactMap { object -> ServerEndpoint? in
            guard object.metadata.namespace == sextant.namespace,
                object.metadata.labels?["app.kubernetes.io/instance"] == names.name,
                object.metadata.deletionTimestamp == nil,
                let pod = try? WireConvert.convert(object, to: PodView.self),
                let ip = pod.status?.podIP, !ip.isEmpty
            else { return nil }
            let shard = Int(object.metadata.labels?["sextant.dev/shard"] ?? "0") ?? 0
            let host = ip.contains(":") ? "[\(ip)]" : ip
            return ServerEndpoint(
                shard: shard, url: "\(scheme)://\(host):\(PodTemplateRenderer.webPort)", pod: object.metadata.name ?? "")
        }.sorted { ($0.shard, $0.pod) < ($1.shard, $1.pod) }
    }

    /// The certificate the servers present (`spec.web.tlsConfig.cert`, from the cached Secret or ConfigMap),
    /// which status reads pin; nil without TLS or while the key is not cached.
    func serverCertificate(of sextant: Sextant) -> String? {
        guard let cert = sextant.spec.web?.tlsConfig?.cert else { return nil }
        let ns = sextant.namespace
        if let s = cert.secret { return cache.value(AssetKey(.secret, namespace: ns, name: s.name ?? "", key: s.key)) }
        if let c = cert.configMap {
            return cache.value(AssetKey(.configmap, namespace: ns, name: c.name ?? "", key: c.key))
        }
        return nil
    }

    /// Reads every server concurrently, with `access` (credentials when its web config requires basic auth, the
    /// pinned certificate with TLS); empty when
    /// the operator has no fetcher (e.g. `--dry-run`).
    func readServers(of sextant: Sextant, access: ServerAccess) async -> [ServerReport] {
        guard let fetcher else { return [] }
        let endpoints = serverEndpoints(of: sextant)
        return await withTaskGroup(of: ServerReport.self) { group in
            for e in endpoints {
                group.addTask { await ServerReport.read(e, fetcher: fetcher, access: access) }
            }
            var out: [ServerReport] = []
            for await r in group { out.append(r) }
            return out
        }
    }

    /// `ConfigHash` of each shard's rendered config, from the plan's config ConfigMaps.
    static func renderedConfigHashes(_ sextant: Sextant, plan: SextantPlan) -> [Int: String] {
        let names = ServerNames(sextant)
        var out: [Int: String] = [:]
        for shard in 0..<names.shards {
            let object = plan.objects.first { $0.kind == "ConfigMap" && $0.metadata.name == names.configMap(shard) }
            if case .configMap(let data)? = object?.body, let text = data[PodTemplateRenderer.configFile] {
                out[shard] = ConfigHash.of(text)
            }
        }
        return out
    }
}

/// `--server-url-override NAMESPACE/NAME[/SHARD]=URL`: where to read a `Sextant`'s servers when the operator
/// cannot reach pod IPs (outside the cluster, in tests that run `sextant server` by hand).
package enum ServerOverride {
    package static func parse(_ entries: [String]) throws -> [String: [ServerEndpoint]] {
        var out: [String: [ServerEndpoint]] = [:]
        for entry in entries {
            guard let eq = entry.firstIndex(of: "=") else { throw invalid(entry) }
            let target = entry[..<eq].split(separator: "/").map(String.init)
            var url = String(entry[entry.index(after: eq)...])
            while url.hasSuffix("/") { url.removeLast() }
            guard (2...3).contains(target.count), url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw invalid(entry)
            }
            var shard = 0
            if target.count == 3 {
                guard let s = Int(target[2]), s >= 0 else { throw invalid(entry) }
                shard = s
            }
            out["\(target[0])/\(target[1])", default: []].append(ServerEndpoint(shard: shard, url: url, pod: "override"))
        }
        return out
    }

    static func invalid(_ entry: String) -> ReconcileError {
        ReconcileError(
            key: entry,
            message: "--server-url-override \"\(entry)\" is not NAMESPACE/NAME[/SHARD]=http(s)://HOST:PORT")
    }
}

/// The parts of a Pod the operator reads.
struct PodView: Decodable {
    struct Status: Decodable { var podIP: String? }
    var status: Status?

}
