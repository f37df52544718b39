/// Renders a PodMonitor into one scrape job per endpoint over the `pod` role, with prometheus-operator's
/// relabel pipeline.
package enum PodMonitorRenderer {
    /// Jobs named `podMonitor/<ns>/<name>/<i>`.
    package static func render(
        _ monitor: PodMonitor, defaults: ScrapeDefaults, sharding: Sharding, assets: inout Assets
    ) throws(RenderError) -> [PromScrapeConfig] {
        let spec = monitor.spec
        let ns = monitor.namespace
        var jobs: [PromScrapeConfig] = []
        for (i, ep) in (spec.podMetricsEndpoints ?? []).enumerated() {
            let path = "spec.podMetricsEndpoints[\(i)]"
            var job = PromScrapeConfig(jobName: "podMonitor/\(ns)/\(monitor.name)/\(i)")
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
            job.oauth2 = try assets.oauth2(ep.oauth2, namespace: ns)
            let names = (spec.namespaceSelector ?? NamespaceSelector()).namespaces(monitorNamespace: ns)
            job.kubernetesSDConfigs = [
                PromKubernetesSD(
                    role: "pod", namespaces: names.map { .init(names: $0) },
                    selectors: RoleSelectors.selectors(spec.selectorMechanism, spec.selector, role: "pod"),
                    attachMetadata: spec.attachMetadata?.node.map { .init(node: $0) })
            ]
            job.relabelConfigs = try relabelings(monitor, endpoint: ep, sharding: sharding)
            job.metricRelabelConfigs = ep.metricRelabelings.map { $0.map(PromRelabel.init) }
            ScrapeLimits(spec).apply(to: &job, defaults: defaults)
            jobs.append(job)
        }
        return jobs
    }

    static func relabelings(_ monitor: PodMonitor, endpoint ep: PodMetricsEndpoint, sharding: Sharding)
        throws(RenderError) -> [PromRelabel]
    {
        let spec = monitor.spec
        var r = try SelectorRelabeling.rules(spec.selector, prefix: "pod")
        if let port = ep.port {
            r.append(
                PromRelabel(sourceLabels: ["__meta_kubernetes_pod_container_port_name"], regex: port, action: "keep"))
        } else if let n = ep.portNumber {
            r.append(
                PromRelabel(
                    sourceLabels: ["__meta_kubernetes_pod_container_port_number"], regex: String(n), action: "keep"))
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
        r += TargetLabels.common(filterRunning: ep.filterRunning)
        r += TargetLabels.podLabels(spec.podTargetLabels)
        // job: `<namespace>/<name>` of the PodMonitor, or the value of the pod label named by jobLabel.
        r.append(PromRelabel(targetLabel: "job", replacement: "\(monitor.namespace)/\(monitor.name)"))
        if let jl = spec.jobLabel {
            r.append(
                PromRelabel(
                    sourceLabels: ["__meta_kubernetes_pod_label_\(SelectorRelabeling.sanitize(jl))"],
                    targetLabel: "job", regex: "(.+)", replacement: "${1}"))
        }
        if let port = ep.port {
            r.append(PromRelabel(targetLabel: "endpoint", replacement: port))
        } else if let n = ep.portNumber {
            r.append(PromRelabel(targetLabel: "endpoint", replacement: String(n)))
        } else if let tp = ep.targetPort {
            r.append(PromRelabel(targetLabel: "endpoint", replacement: tp.description))
        }
        r += (ep.relabelings ?? []).map(PromRelabel.init)
        r += sharding.rules
        return r
    }
}
