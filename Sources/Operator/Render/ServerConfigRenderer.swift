/// Everything a server config is rendered from: the `Sextant`, and the monitors and rules already selected
/// for it (see `MonitorSelection`).
package struct ServerConfigInputs: Sendable {
    package var sextant: Sextant
    package var serviceMonitors: [ServiceMonitor]
    package var podMonitors: [PodMonitor]
    package var ruleConfigMaps: [String]
    package var assets: Assets

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
                rejected.append(ObjectReason(kind: "ServiceMonitor", namespace: m.namespace, name: m.name, reason: error.description))
            }
        }
        for m in inputs.podMonitors.sorted(by: { ($0.namespace, $0.name) < ($1.namespace, $1.name) }) {
            var a = assets
            do throws(RenderError) {
                jobs += try PodMonitorRenderer.render(m, defaults: defaults, sharding: sharding, assets: &a)
                assets = a
            } catch {
                rejected.append(ObjectReason(kind: "PodMonitor", namespace: m.namespace, name: m.name, reason: error.description))
            }
        }
        var config = PromServerConfig(global: global, scrapeConfigs: jobs)
        if !inputs.ruleConfigMaps.isEmpty {
            config.ruleFiles = inputs.ruleConfigMaps.sorted().map { "\(rulesDirectory)/\($0)/*.yaml" }
        }
        config.alerting = try alerting(spec.alerting, ownNamespace: sx.namespace, assets: &assets)
        config.remoteWrite = spec.remoteWrite.map { $0.map { remoteWrite($0, namespace: sx.namespace, assets: &assets) } }
        return RenderedServerConfig(config: config, rejected: rejected, assets: assets.referenced)
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
                portRule = PromRelabel(sourceLabels: ["__meta_kubernetes_endpoint_port_name"], regex: name, action: "keep")
            case .int(let n):
                portRule = PromRelabel(sourceLabels: ["__meta_kubernetes_pod_container_port_number"], regex: String(n), action: "keep")
            }
            out.append(PromServerConfig.Alertmanager(
                scheme: am.scheme?.normalized, pathPrefix: am.pathPrefix, timeout: am.timeout,
                apiVersion: am.apiVersion?.lowercased(), tlsConfig: assets.tls(am.tlsConfig, namespace: ns),
                basicAuth: assets.basicAuth(am.basicAuth, namespace: ns),
                authorization: assets.authorization(am.authorization, bearer: nil, namespace: ns),
                kubernetesSDConfigs: [PromKubernetesSD(role: "endpoints", namespaces: .init(names: [ns]))],
                relabelConfigs: [
                    PromRelabel(sourceLabels: ["__meta_kubernetes_service_name"], regex: SelectorRelabeling.quoteRegex(am.name), action: "keep"),
                    portRule,
                ]))
        }
        return PromServerConfig.Alerting(alertmanagers: out)
    }

    static func remoteWrite(_ rw: RemoteWriteSpec, namespace: String, assets: inout Assets) -> PromServerConfig.RemoteWrite {
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
