/// The server pod: `sextant server` with Prometheus-style flags, hardened defaults and probes.
enum PodTemplateRenderer {
    static let webPort = 9090
    static let dataPath = "/sextant"
    static let configPath = "/etc/sextant/config"
    static let configFile = "prometheus.yaml"

    static func render(_ sx: Sextant, names: ServerNames, shard: Int, ruleConfigMaps: [String], serviceAccount: String)
        -> PodTemplate
    {
        let spec = sx.spec
        var args = [
            "server",
            "--config.file=\(configPath)/\(configFile)",
            "--config.kubernetes-configmap=\(names.namespace)/\(names.configMap(shard))",
            "--storage.tsdb.path=\(dataPath)",
            "--storage.tsdb.retention.time=\(spec.retention ?? "24h")",
        ]
        if let size = spec.retentionSize { args.append("--storage.tsdb.retention.size=\(size)") }
        args += ["--web.listen-address=:\(webPort)", "--web.enable-lifecycle"]
        if spec.enableAdminAPI == true { args.append("--web.enable-admin-api") }
        if spec.web?.tlsConfig != nil || spec.web?.basicAuthUsers != nil {
            args.append("--web.config.file=\(WebConfigRenderer.path)")
        }
        if let title = spec.web?.pageTitle { args.append("--web.page-title=\(title)") }
        if let level = spec.logLevel { args.append("--log.level=\(level.rawValue)") }
        // External labels carry `${POD_NAME}` so one ConfigMap serves every replica.
        args.append("--enable-feature=expand-external-labels")

        var mounts = [
            VolumeMount(name: "config", mountPath: configPath, readOnly: true),
            VolumeMount(name: "assets", mountPath: Assets.defaultDirectory, readOnly: true),
            VolumeMount(name: "data", mountPath: dataPath),
            VolumeMount(name: "tmp", mountPath: "/tmp"),
        ]
        var volumes = [
            Volume(name: "config", configMap: .init(name: names.configMap(shard))),
            Volume(name: "assets", secret: .init(secretName: names.assetsSecret, optional: true)),
            Volume(name: "tmp", emptyDir: EmptyDirSource()),
        ]
        for cm in ruleConfigMaps.sorted() {
            mounts.append(
                VolumeMount(name: cm, mountPath: "\(ServerConfigRenderer.rulesDirectory)/\(cm)", readOnly: true))
            volumes.append(Volume(name: cm, configMap: .init(name: cm)))
        }
        if spec.storage?.volumeClaimTemplate == nil {
            volumes.append(Volume(name: "data", emptyDir: spec.storage?.emptyDir ?? EmptyDirSource()))
        }
        volumes.sort { $0.name < $1.name }

        // The kubelet's HTTP probes carry neither credentials nor a client certificate: where the server
        // refuses such requests (basic auth, a required client certificate), probes only check that the port
        // accepts connections, as prometheus-operator's open issue #5419 leaves users to do by hand.
        let clientCertRequired = ["RequireAnyClientCert", "RequireAndVerifyClientCert"]
            .contains(spec.web?.tlsConfig?.clientAuthType ?? "")
        let anonymousRefused = spec.web?.basicAuthUsers != nil || clientCertRequired
        let probe = { (path: String, period: Int, failures: Int) in
            anonymousRefused
                ? ContainerProbe(tcpSocket: .init(port: "web"), periodSeconds: period, timeoutSeconds: 3, failureThreshold: failures)
                : ContainerProbe(
                    httpGet: .init(path: path, port: "web", scheme: spec.web?.tlsConfig == nil ? "HTTP" : "HTTPS"),
                    periodSeconds: period, timeoutSeconds: 3, failureThreshold: failures)
        }
        let container = Container(
            name: "sextant", image: spec.image ?? SextantSpec.defaultImage, args: args,
            env: [.field("POD_NAME", "metadata.name")],
            ports: [ContainerPort(name: "web", containerPort: webPort)], resources: spec.resources,
            volumeMounts: mounts,
            // WAL replay of a large head can take many minutes: allow up to an hour before liveness applies.
            startupProbe: probe("/-/ready", 15, 240),
            readinessProbe: probe("/-/ready", 5, 3),
            livenessProbe: probe("/-/healthy", 5, 6),
            securityContext: ContainerSecurityContext())

        var security = PodSecurityContext(
            runAsUser: 65534, runAsGroup: 65534, runAsNonRoot: true, fsGroup: 65534, seccompProfile: .runtimeDefault)
        if let user = spec.securityContext {
            security.runAsUser = user.runAsUser ?? security.runAsUser
            security.runAsGroup = user.runAsGroup ?? security.runAsGroup
            security.runAsNonRoot = user.runAsNonRoot ?? security.runAsNonRoot
            security.fsGroup = user.fsGroup ?? security.fsGroup
            security.supplementalGroups = user.supplementalGroups
            security.seccompProfile = user.seccompProfile ?? security.seccompProfile
        }
        let podSpec = PodSpec(
            serviceAccountName: serviceAccount, securityContext: security, containers: [container], volumes: volumes,
            nodeSelector: spec.nodeSelector.map(SortedMap.init), tolerations: spec.tolerations, affinity: spec.affinity)
        let labels = (spec.podMetadata?.labels ?? [:]).merging(
            names.commonLabels.merging(names.shardSelector(shard)) { a, _ in a }
        ) { _, ours in ours }
        var annotations = spec.podMetadata?.annotations ?? [:]
        annotations["kubectl.kubernetes.io/default-container"] = "sextant"
        return PodTemplate(metadata: ObjectMeta(labels: labels, annotations: annotations), spec: podSpec)
    }
}
