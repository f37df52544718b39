/// Renders a ServiceMonitor into one scrape job per endpoint, with prometheus-operator's relabel pipeline
/// over the `endpoints` role, so existing dashboards and alerts see the same target labels.
package enum ServiceMonitorRenderer {
    /// Jobs named `serviceMonitor/<ns>/<name>/<i>`. `shard` adds the hashmod keep rule when `shards > 1`.
    package static func render(
        _ monitor: ServiceMonitor, defaults: ScrapeDefaults, sharding: Sharding, assets: inout Assets
    ) throws(RenderError) -> [PromScrapeConfig] {
        let spec = monitor.spec
        let ns = monitor.namespace
        var jobs: [PromScrapeConfig] = []
        for (i, ep) in spec.endpoints.enumerated() {
            let path = "spec.endpoints[\(i)]"
            var job = PromScrapeConfig(jobName: "serviceMonitor/\(ns)/\(monitor.name)/\(i)")
            job.honorLabels = ep.honorLabels ?? false
            job.honorTimestamps = ep.honorTimestamps
            job.trackTimestampsStaleness = ep.trackTimestampsStaleness
            let (interval, timeout) = try defaults.timing(ep.interval, ep.scrapeTimeout, path: path)
            job.scrapeInterval = interval
            job.scrapeTimeout = timeout
            job.metricsPath = ep.path
            job.scheme = ep.scheme?.normalized
            job.params = ep.params
            job.enableHTTP2 = ep.enableHttp2
            job.followRedirects = ep.followRedirects
            job.proxyURL = ep.proxyUrl
            job.noProxy = ep.noProxy
            job.proxyFromEnvironment = ep.proxyFromEnvironment
            job.tlsConfig = assets.tls(ep.tlsConfig, namespace: ns)
            job.basicAuth = assets.basicAuth(ep.basicAuth, namespace: ns)
            job.authorization = assets.authorization(ep.authorization, bearer: ep.bearerTokenSecret, namespace: ns)
            if job.authorization == nil, let file = ep.bearerTokenFile {
                job.authorization = PromAuthorization(type: "Bearer", credentialsFile: file)
            }
            job.oauth2 = try assets.oauth2(ep.oauth2, namespace: ns)
            let names = (spec.namespaceSelector ?? NamespaceSelector()).namespaces(monitorNamespace: ns)
            let sdRole = spec.serviceDiscoveryRole == .endpointSlice ? "endpointslice" : "endpoints"
            job.kubernetesSDConfigs = [
                PromKubernetesSD(
                    role: sdRole, namespaces: names.map { .init(names: $0) },
                    selectors: RoleSelectors.selectors(spec.selectorMechanism, spec.selector, role: sdRole),
                    attachMetadata: spec.attachMetadata?.node.map { .init(node: $0) })
            ]
            job.relabelConfigs = try relabelings(monitor, endpoint: ep, sharding: sharding)
            job.metricRelabelConfigs = ep.metricRelabelings.map { $0.map(PromRelabel.init) }
            ScrapeLimits(spec).apply(to: &job, defaults: defaults)
            jobs.append(job)
        }
        return jobs
    }

    static func relabelings(_ monitor: ServiceMonitor, endpoint ep: Endpoint, sharding: Sharding) throws(RenderError)
        -> [PromRelabel]
    {
        let spec = monitor.spec
        var r = try SelectorRelabeling.rules(spec.selector, prefix: "service")
        // The endpointslice role names its port and address labels after the slice.
        let meta =
            spec.serviceDiscoveryRole == .endpointSlice
            ? "__meta_kubernetes_endpointslice" : "__meta_kubernetes_endpoint"
        // Port: by Service port name, else by the pod's container port (number or name).
        if let port = ep.port {
            r.append(PromRelabel(sourceLabels: ["\(meta)_port_name"], regex: port, action: "keep"))
        } else if let tp = ep.targetPort {
            switch tp {
            case .int(let n):
                r.append(
                    PromRelabel(
                        sourceLabels: ["__meta_kubernetes_pod_container_port_number"], regex: String(n), action: "keep")
                )
            case .string(let name):
                r.append(
                    PromRelabel(
                        sourceLabels: ["__meta_kubernetes_pod_container_port_name"], regex: name, action: "keep"))
            }
        }
        // The address points at a node or a pod: expose which one.
        r.append(
            PromRelabel(
                sourceLabels: [
                    "\(meta)_address_target_kind", "\(meta)_address_target_name",
                ],
                separator: ";", targetLabel: "node", regex: "Node;(.*)", replacement: "${1}"))
        r.append(
            PromRelabel(
                sourceLabels: [
                    "\(meta)_address_target_kind", "\(meta)_address_target_name",
                ],
                separator: ";", targetLabel: "pod", regex: "Pod;(.*)", replacement: "${1}"))
        r += TargetLabels.common(filterRunning: ep.filterRunning)
        r.append(PromRelabel(sourceLabels: ["__meta_kubernetes_service_name"], targetLabel: "service"))
        for l in spec.targetLabels ?? [] {
            r.append(
                PromRelabel(
                    sourceLabels: ["__meta_kubernetes_service_label_\(SelectorRelabeling.sanitize(l))"],
                    targetLabel: SelectorRelabeling.sanitize(l), regex: "(.+)", replacement: "${1}"))
        }
        r += TargetLabels.podLabels(spec.podTargetLabels)
        // job: the Service name, or the value of the Service label named by jobLabel.
        r.append(PromRelabel(sourceLabels: ["__meta_kubernetes_service_name"], targetLabel: "job", replacement: "${1}"))
        if let jl = spec.jobLabel {
            r.append(
                PromRelabel(
                    sourceLabels: ["__meta_kubernetes_service_label_\(SelectorRelabeling.sanitize(jl))"],
                    targetLabel: "job", regex: "(.+)", replacement: "${1}"))
        }
        if let port = ep.port {
            r.append(PromRelabel(targetLabel: "endpoint", replacement: port))
        } else if let tp = ep.targetPort {
            r.append(PromRelabel(targetLabel: "endpoint", replacement: tp.description))
        }
        r += (ep.relabelings ?? []).map(PromRelabel.init)
        r += sharding.rules
        return r
    }
}
