/// Everything a server config is rendered from: the `Sextant`, and the monitors and rules already selected
/// for it (see `MonitorSelection`).
package struct ServerConfigInputs: Sendable {
    package var sextant: Sextant
    package var serviceMonitors: [ServiceMonitor]
    package var podMonitors: [PodMonitor]
    package var probes: [Probe] = []
    package var ruleConfigMaps: [String]
    package var assets: Assets
    /// The content of the `additionalScrapeConfigs` Secret key (a YAML list of scrape configs), if any.
    package var additionalScrapeConfigs: String?

    package init(
        sextant: Sextant, serviceMonitors: [ServiceMonitor] = [], podMonitors: [PodMonitor] = [],
        ruleConfigMaps: [String] = [], assets: Assets = Assets()
    ) {
        self.sextant = sextant
        self.serviceMonitors = serviceMonitors
        self.podMonitors = podMonitors
        self.ruleConfigMaps = ruleConfigMaps
        self.assets = assets
    }
}

/// The result: the config, the monitors that could not be rendered (with reasons), and the Secret/ConfigMap
/// keys the operator must copy into the assets Secret.
package struct RenderedServerConfig: Sendable {
    package var config: PromServerConfig
    package var rejected: [ObjectReason]
    package var assets: Set<AssetKey>

    package func yaml() throws -> String { try YAMLWriter.encode(config) }
}

/// Renders `prometheus.yml` for one shard of a `Sextant`. Pure: same inputs, same bytes.
package enum ServerConfigRenderer {
    /// Where rule ConfigMaps are mounted; each gets a sub-directory.
    package static let rulesDirectory = "/etc/sextant/rules"

    package static func render(_ inputs: ServerConfigInputs, shard: Int) throws(RenderError) -> RenderedServerConfig {
        let sx = inputs.sextant
        let spec = sx.spec
        var assets = inputs.assets
        let defaults = ScrapeDefaults(scrapeInterval: spec.scrapeInterval ?? "30s", scrapeTimeout: spec.scrapeTimeout)
        let sharding = Sharding(shards: Int(spec.shards ?? 1), index: shard)
        _ = try PromDuration.milliseconds(defaults.scrapeInterval, path: "spec.scrapeInterval")

        var labels = spec.externalLabels ?? [:]
        labels["sextant"] = labels["sextant"] ?? "\(sx.namespace)/\(sx.name)"
        // Expanded by the server from the pod's environment, so one ConfigMap serves every replica.
        labels["replica"] = labels["replica"] ?? "${POD_NAME}"
        if sharding.shards > 1 { labels["shard"] = labels["shard"] ?? String(shard) }
        let global = PromServerConfig.Global(
            scrapeInterval: defaults.scrapeInterval, scrapeTimeout: spec.scrapeTimeout,
            evaluationInterval: spec.evaluationInterval ?? "30s", externalLabels: labels)

        var jobs: [PromScrapeConfig] = []
        var rejected: [ObjectReason] = []
        for m in inputs.serviceMonitors.sorted(by: { ($0.namespace, $0.name) < ($1.namespace, $1.name) }) {
            var a = assets
            do throws(RenderError) {
                jobs += try ServiceMonitorRenderer.render(m, defaults: defaults, sharding: sharding, assets: &a)
                assets = a
            } catch {
                rejected.append(
                    ObjectReason(
                        kind: "ServiceMonitor", namespace: m.namespace, name: m.name, reason: error.description))
            }
        }
        for m in inputs.podMonitors.sorted(by: { ($0.namespace, $0.name) < ($1.namespace, $1.name) }) {
            var a = assets
            do throws(RenderError) {
                jobs += try PodMonitorRenderer.render(m, defaults: defaults, sharding: sharding, assets: &a)
                assets = a
            } catch {
                rejected.append(
                    ObjectReason(kind: "PodMonitor", namespace: m.namespace, name: m.name, reason: error.description))
            }
        }
        for p in inputs.probes.sorted(by: { ($0.namespace, $0.name) < ($1.namespace, $1.name) }) {
            var a = assets
            do throws(RenderError) {
                jobs.append(try ProbeRenderer.render(p, defaults: defaults, sharding: sharding, assets: &a))
                assets = a
            } catch {
                rejected.append(
                    ObjectReason(kind: "Probe", namespace: p.namespace, name: p.name, reason: error.description))
            }
        }
        var config = PromServerConfig(global: global, scrapeConfigs: jobs)
        if let extra = inputs.additionalScrapeConfigs {
            config.additionalScrapeConfigs = try additional(extra, names: Set(jobs.map(\.jobName)))
        }
        if !inputs.ruleConfigMaps.isEmpty {
            config.ruleFiles = inputs.ruleConfigMaps.sorted().map { "\(rulesDirectory)/\($0)/*.yaml" }
        }
        config.alerting = try alerting(spec.alerting, ownNamespace: sx.namespace, assets: &assets)
        config.remoteWrite = spec.remoteWrite.map {
            $0.map { remoteWrite($0, namespace: sx.namespace, assets: &assets) }
        }
        return RenderedServerConfig(config: config, rejected: rejected, assets: assets.referenced)
    }

    /// Parses the additional jobs: a YAML list of mappings, each with a `job_name` not already generated.
    static func additional(_ yaml: String, names: Set<String>) throws(RenderError) -> [JSONValue] {
        let path = "spec.additionalScrapeConfigs"
        let list: [JSONValue]
        do {
            list = try YAMLWriter.decode([JSONValue].self, from: yaml)
        } catch {
            throw RenderError.invalidField(
                path: path, value: String(yaml.prefix(40)), reason: "not a YAML list of scrape configs")
        }
        var seen = names
        for (i, job) in list.enumerated() {
            guard case .object(let fields) = job, case .string(let name)? = fields["job_name"] else {
                throw RenderError.invalidField(path: "\(path)[\(i)]", value: "", reason: "needs a job_name")
            }
            if !seen.insert(name).inserted {
                throw RenderError.invalidField(
                    path: "\(path)[\(i)].job_name", value: name, reason: "duplicate job name")
            }
        }
        return list
    }

    static func alerting(_ a: AlertingSpec?, ownNamespace: String, assets: inout Assets) throws(RenderError)
        -> PromServerConfig.Alerting?
    {
        guard let a, !a.alertmanagers.isEmpty else { return nil }
        var out: [PromServerConfig.Alertmanager] = []
        for am in a.alertmanagers {
            let ns = am.namespace ?? ownNamespace
            let portRule: PromRelabel
            switch am.port {
            case .string(let name):
                portRule = PromRelabel(
                    sourceLabels: ["__meta_kubernetes_endpoint_port_name"], regex: name, action: "keep")
            case .int(let n):
                portRule = PromRelabel(
                    sourceLabels: ["__meta_kubernetes_pod_container_port_number"], regex: String(n), action: "keep")
            }
            out.append(
                PromServerConfig.Alertmanager(
                    scheme: am.scheme?.normalized, pathPrefix: am.pathPrefix, timeout: am.timeout,
                    apiVersion: am.apiVersion?.lowercased(), tlsConfig: assets.tls(am.tlsConfig, namespace: ns),
                    basicAuth: assets.basicAuth(am.basicAuth, namespace: ns),
                    authorization: assets.authorization(am.authorization, bearer: nil, namespace: ns),
                    kubernetesSDConfigs: [PromKubernetesSD(role: "endpoints", namespaces: .init(names: [ns]))],
                    relabelConfigs: [
                        PromRelabel(
                            sourceLabels: ["__meta_kubernetes_service_name"],
                            regex: SelectorRelabeling.quoteRegex(am.name), action: "keep"),
                        portRule,
                    ]))
        }
        return PromServerConfig.Alerting(alertmanagers: out)
    }

    static func remoteWrite(_ rw: RemoteWriteSpec, namespace: String, assets: inout Assets)
        -> PromServerConfig.RemoteWrite
    {
        PromServerConfig.RemoteWrite(
            url: rw.url, name: rw.name, remoteTimeout: rw.remoteTimeout, headers: rw.headers,
            writeRelabelConfigs: rw.writeRelabelConfigs.map { $0.map(PromRelabel.init) },
            tlsConfig: assets.tls(rw.tlsConfig, namespace: namespace),
            basicAuth: assets.basicAuth(rw.basicAuth, namespace: namespace),
            authorization: assets.authorization(rw.authorization, bearer: nil, namespace: namespace),
            queueConfig: rw.queueConfig.map {
                .init(
                    capacity: $0.capacity, minShards: $0.minShards, maxShards: $0.maxShards,
                    maxSamplesPerSend: $0.maxSamplesPerSend, batchSendDeadline: $0.batchSendDeadline,
                    minBackoff: $0.minBackoff, maxBackoff: $0.maxBackoff)
            })
    }
}
