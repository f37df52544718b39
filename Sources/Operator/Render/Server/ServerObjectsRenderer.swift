import PromModel

/// Which PodDisruptionBudget API to render: `policy/v1beta1` is the only one on Kubernetes 1.20,
/// `policy/v1` from 1.21 (v1beta1 removed in 1.25). The reconciler picks from discovery.
package enum PDBVersion: String, Sendable, CaseIterable {
    case v1 = "policy/v1"
    case v1beta1 = "policy/v1beta1"
}

/// Renders every object a `Sextant` needs, given its per-shard configs and rule files. Pure and deterministic.
package enum ServerObjectsRenderer {
    package static let inputHashAnnotation = "sextant.dev/input-hash"

    package struct Inputs: Sendable {
        package var sextant: Sextant
        /// `prometheus.yaml` per shard, from `ServerConfigRenderer`.
        package var configs: [String]
        package var ruleFiles: [RuleFileRenderer.RuleFile]
        package var pdbVersion: PDBVersion

        package init(
            sextant: Sextant, configs: [String], ruleFiles: [RuleFileRenderer.RuleFile] = [],
            pdbVersion: PDBVersion = .v1
        ) {
            self.sextant = sextant
            self.configs = configs
            self.ruleFiles = ruleFiles
            self.pdbVersion = pdbVersion
        }
    }

    /// The names of the rule ConfigMaps the files will be packed into (the config's `rule_files` needs them).
    package static func ruleConfigMapNames(_ sx: Sextant, ruleFiles: [RuleFileRenderer.RuleFile]) -> [String] {
        let names = ServerNames(sx)
        return RuleFileRenderer.pack(ruleFiles).indices.map(names.ruleConfigMap)
    }

    package static func render(_ inputs: Inputs) throws -> [KubeObject] {
        let sx = inputs.sextant
        let names = ServerNames(sx)
        let ns = names.namespace
        let owner = sx.metadata.uid.map {
            [
                OwnerReference(
                    apiVersion: "\(APIGroup.sextant)/\(APIGroup.serverVersion)", kind: "Sextant", name: sx.name,
                    uid: $0,
                    controller: true, blockOwnerDeletion: true)
            ]
        }
        func meta(_ name: String, labels extra: [String: String] = [:]) -> ObjectMeta {
            var m = ObjectMeta(name: name, namespace: ns, labels: names.commonLabels.merging(extra) { a, _ in a })
            m.ownerReferences = owner
            return m
        }
        var objects: [KubeObject] = []

        // Config and rule ConfigMaps.
        for shard in 0..<names.shards {
            let config = shard < inputs.configs.count ? inputs.configs[shard] : ""
            // One ConfigMap per shard config: the server watches exactly that object.
            if config.utf8.count > RuleFileRenderer.configMapBudget {
                throw RenderError.invalidField(
                    path: "config of shard \(shard)", value: "\(config.utf8.count) bytes",
                    reason: "over the \(RuleFileRenderer.configMapBudget)-byte ConfigMap budget; select fewer monitors")
            }
            objects.append(
                KubeObject(
                    apiVersion: "v1", kind: "ConfigMap", metadata: meta(names.configMap(shard)),
                    body: .configMap([PodTemplateRenderer.configFile: config])))
        }
        let ruleMaps = RuleFileRenderer.pack(inputs.ruleFiles)
        for (i, data) in ruleMaps.enumerated() {
            objects.append(
                KubeObject(
                    apiVersion: "v1", kind: "ConfigMap", metadata: meta(names.ruleConfigMap(i)), body: .configMap(data))
            )
        }
        let ruleNames = ruleMaps.indices.map(names.ruleConfigMap)

        // Identity and least-privilege RBAC: discovery reads cluster-wide, config reads only its own ConfigMaps
        // (the server's ConfigMap informer lists and watches with a `metadata.name` field selector, which the
        // authorizer checks against `resourceNames`).
        let account = sx.spec.serviceAccountName ?? names.base
        if sx.spec.serviceAccountName == nil {
            objects.append(
                KubeObject(apiVersion: "v1", kind: "ServiceAccount", metadata: meta(account), body: .serviceAccount))
        }
        var clusterMeta = ObjectMeta(name: names.clusterRole, labels: names.commonLabels)
        clusterMeta.namespace = nil
        objects.append(
            KubeObject(
                apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: clusterMeta,
                body: .role(discoveryRules)))
        objects.append(
            KubeObject(
                apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: clusterMeta,
                body: .binding(
                    roleRef: RoleRef(kind: "ClusterRole", name: names.clusterRole),
                    subjects: [Subject(name: account, namespace: ns)])))
        objects.append(
            KubeObject(
                apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: meta(names.configRole),
                body: .role([
                    PolicyRule(
                        apiGroups: [""], resources: ["configmaps"], resourceNames: names.configMaps,
                        verbs: ["get", "list", "watch"])
                ])))
        objects.append(
            KubeObject(
                apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: meta(names.configRole),
                body: .binding(
                    roleRef: RoleRef(kind: "Role", name: names.configRole),
                    subjects: [Subject(name: account, namespace: ns)])))

        // Services: headless governing Service for stable pod DNS, and a client Service.
        let webPort = ServiceSpec.Port(name: "web", port: PodTemplateRenderer.webPort, targetPort: "web")
        objects.append(
            KubeObject(
                apiVersion: "v1", kind: "Service",
                metadata: meta(names.governingService, labels: ["sextant.dev/governing": "true"]),
                body: .service(
                    ServiceSpec(
                        clusterIP: "None", publishNotReadyAddresses: true, selector: SortedMap(names.podSelector),
                        ports: [webPort]))))
        objects.append(
            KubeObject(
                apiVersion: "v1", kind: "Service", metadata: meta(names.clientService),
                body: .service(
                    ServiceSpec(selector: SortedMap(names.podSelector), ports: [webPort], sessionAffinity: "ClientIP")))
        )

        // One StatefulSet (and PDB when replicated) per shard.
        let replicas = sx.spec.replicas ?? 1
        for shard in 0..<names.shards {
            let template = PodTemplateRenderer.render(
                sx, names: names, shard: shard, ruleConfigMaps: ruleNames, serviceAccount: account)
            var claims: [PersistentVolumeClaim]?
            if let t = sx.spec.storage?.volumeClaimTemplate {
                claims = [
                    PersistentVolumeClaim(
                        metadata: ObjectMeta(
                            name: "data", labels: t.metadata?.labels, annotations: t.metadata?.annotations),
                        spec: t.spec)
                ]
            }
            let selector = LabelSelector(matchLabels: names.shardSelector(shard))
            let set = StatefulSetSpec(
                replicas: replicas, serviceName: names.governingService, selector: selector, template: template,
                volumeClaimTemplates: claims)
            objects.append(
                KubeObject(
                    apiVersion: "apps/v1", kind: "StatefulSet",
                    metadata: meta(names.statefulSet(shard), labels: ["sextant.dev/shard": String(shard)]),
                    body: .statefulSet(set)))
            if replicas > 1 {
                objects.append(
                    KubeObject(
                        apiVersion: inputs.pdbVersion.rawValue, kind: "PodDisruptionBudget",
                        metadata: meta(names.statefulSet(shard)),
                        body: .podDisruptionBudget(PDBSpec(maxUnavailable: 1, selector: selector))))
            }
        }

        // The input hash covers every object: the reconciler skips applying when it is unchanged.
        let hash = try inputHash(objects)
        for i in objects.indices where objects[i].kind == "StatefulSet" {
            objects[i].metadata.annotations = [inputHashAnnotation: hash]
        }
        return objects
    }

    static let discoveryRules: [PolicyRule] = [
        PolicyRule(
            apiGroups: [""], resources: ["endpoints", "nodes", "nodes/metrics", "pods", "services"],
            verbs: ["get", "list", "watch"]),
        PolicyRule(apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["get", "list", "watch"]),
        PolicyRule(apiGroups: ["networking.k8s.io"], resources: ["ingresses"], verbs: ["get", "list", "watch"]),
        PolicyRule(nonResourceURLs: ["/metrics"], verbs: ["get"]),
    ]

    /// FNV-1a over the YAML of every object, as 16 hex digits.
    package static func inputHash(_ objects: [KubeObject]) throws -> String {
        var h = FNV1a()
        for o in objects { h.add(try YAMLWriter.encode(o)) }
        let hex = String(h.value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
