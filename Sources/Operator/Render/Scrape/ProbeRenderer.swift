/// Renders a Probe into one scrape job that asks a prober (blackbox_exporter and the like) to probe each
/// target: the target goes into `__param_target`, the prober becomes `__address__`.
package enum ProbeRenderer {
    /// The job `probe/<ns>/<name>`.
    package static func render(_ probe: Probe, defaults: ScrapeDefaults, sharding: Sharding, assets: inout Assets)
        throws(RenderError) -> PromScrapeConfig
    {
        let spec = probe.spec
        let ns = probe.namespace
        guard let prober = spec.prober, !prober.url.isEmpty else {
            throw RenderError.invalidField(path: "spec.prober.url", value: "", reason: "a prober URL is required")
        }
        var job = PromScrapeConfig(jobName: "probe/\(ns)/\(probe.name)")
        let (interval, timeout) = try defaults.timing(spec.interval, spec.scrapeTimeout, path: "spec")
        job.scrapeInterval = interval
        job.scrapeTimeout = timeout
        job.metricsPath = prober.path ?? "/probe"
        job.scheme = prober.scheme?.normalized
        job.proxyURL = prober.proxyUrl
        job.noProxy = prober.noProxy
        job.proxyFromEnvironment = prober.proxyFromEnvironment
        var params: [String: [String]] = [:]
        if let module = spec.module { params["module"] = [module] }
        for p in spec.params ?? [] { params[p.name] = p.values ?? [] }
        job.params = params.isEmpty ? nil : params
        job.enableHTTP2 = spec.enableHttp2
        job.followRedirects = spec.followRedirects
        job.tlsConfig = assets.tls(spec.tlsConfig, namespace: ns)
        job.basicAuth = assets.basicAuth(spec.basicAuth, namespace: ns)
        job.authorization = assets.authorization(spec.authorization, bearer: spec.bearerTokenSecret, namespace: ns)
        job.oauth2 = try assets.oauth2(spec.oauth2, namespace: ns)
        job.sampleLimit = spec.sampleLimit
        job.targetLimit = spec.targetLimit
        job.labelLimit = spec.labelLimit
        job.labelNameLengthLimit = spec.labelNameLengthLimit
        job.labelValueLengthLimit = spec.labelValueLengthLimit
        job.keepDroppedTargets = spec.keepDroppedTargets
        job.nativeHistogramBucketLimit = spec.nativeHistogramBucketLimit
        job.scrapeProtocols = spec.scrapeProtocols?.map(\.rawValue)

        var r: [PromRelabel] = []
        if let st = spec.targets?.staticConfig {
            var labels = st.labels ?? [:]
            labels["namespace"] = labels["namespace"] ?? ns
            job.staticConfigs = [PromStaticConfig(targets: st.static ?? [], labels: labels)]
            r.append(PromRelabel(sourceLabels: ["__address__"], targetLabel: "__param_target"))
            r.append(PromRelabel(sourceLabels: ["__param_target"], targetLabel: "instance"))
            r.append(PromRelabel(targetLabel: "__address__", replacement: prober.url))
            r += (st.relabelingConfigs ?? []).map(PromRelabel.init)
        } else if let ing = spec.targets?.ingress {
            let names = (ing.namespaceSelector ?? NamespaceSelector()).namespaces(monitorNamespace: ns)
            job.kubernetesSDConfigs = [PromKubernetesSD(role: "ingress", namespaces: names.map { .init(names: $0) })]
            r += try SelectorRelabeling.rules(ing.selector ?? LabelSelector(), prefix: "ingress")
            r.append(
                PromRelabel(
                    sourceLabels: [
                        "__meta_kubernetes_ingress_scheme", "__address__", "__meta_kubernetes_ingress_path",
                    ],
                    separator: ";", targetLabel: "__param_target", regex: "(.+);(.+);(.+)",
                    replacement: "${1}://${2}${3}"))
            r.append(PromRelabel(sourceLabels: ["__meta_kubernetes_namespace"], targetLabel: "namespace"))
            r.append(PromRelabel(sourceLabels: ["__meta_kubernetes_ingress_name"], targetLabel: "ingress"))
            r.append(PromRelabel(sourceLabels: ["__param_target"], targetLabel: "instance"))
            r.append(PromRelabel(targetLabel: "__address__", replacement: prober.url))
            r += (ing.relabelingConfigs ?? []).map(PromRelabel.init)
        } else {
            throw RenderError.invalidField(path: "spec.targets", value: "", reason: "needs staticConfig or ingress")
        }
        if let name = spec.jobName { r.append(PromRelabel(targetLabel: "job", replacement: name)) }
        r += sharding.rules(hashing: "__param_target")
        job.relabelConfigs = r
        job.metricRelabelConfigs = spec.metricRelabelings.map { $0.map(PromRelabel.init) }
        return job
    }
}
