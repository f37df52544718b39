/// Everything the reconciler read from the cluster for one `Sextant`, as plain values.
package struct ClusterSnapshot: Sendable {
    package var sextant: Sextant
    /// Labels of every namespace, by name.
    package var namespaceLabels: [String: [String: String]]
    package var serviceMonitors: [ServiceMonitor] = []
    package var podMonitors: [PodMonitor] = []
    package var probes: [Probe] = []
    package var rules: [PrometheusRule] = []
    /// Values of Secret/ConfigMap keys the operator read (for the assets Secret and OAuth2 client IDs).
    package var assetValues: [AssetKey: String] = [:]
    /// Content of the `additionalScrapeConfigs` key, if the `Sextant` names one and it was read.
    package var additionalScrapeConfigs: String?
    /// Content of the `web.basicAuthUsers` key, if named and read.
    package var webUsers: String?
    /// The operator's own credentials for these servers (made or read by the reconciler); used only with
    /// `web.basicAuthUsers`. nil renders the users alone (e.g. `--dry-run` before any Secret exists).
    package var operatorCredentials: OperatorCredentials?
    package var pdbVersion: PDBVersion = .v1

    package init(sextant: Sextant, namespaceLabels: [String: [String: String]]) {
        self.sextant = sextant
        self.namespaceLabels = namespaceLabels
    }
}

/// What to apply for one `Sextant`, and what to report in statuses.
package struct SextantPlan: Sendable {
    /// Every object, the assets Secret included, in apply order (ConfigMaps and Secret before the StatefulSets).
    package var objects: [KubeObject]
    package var selected: [ObjectReason]
    package var rejected: [ObjectReason]
    /// Referenced keys that could not be read.
    package var missingAssets: [AssetKey]
    /// The StatefulSets' input-hash annotation: when unchanged, applying can be skipped.
    package var inputHash: String
}

/// Composes selection and the renderers: snapshot in, plan out. Pure; the reconcile loop applies the plan.
package enum SextantPlanner {
    /// Throws only for problems of the `Sextant` itself (invalid spec, oversize config); broken monitors are
    /// rejected in the plan instead.
    package static func plan(_ snap: ClusterSnapshot) throws(RenderError) -> SextantPlan {
        let sx = snap.sextant
        if let first = sx.spec.validate().first { throw first }
        let selection = MonitorSelection(sextant: sx, namespaceLabels: snap.namespaceLabels)
        let sms = selection.serviceMonitors(snap.serviceMonitors)
        let pms = selection.podMonitors(snap.podMonitors)
        let prbs = selection.probes(snap.probes)
        let rls = selection.rules(snap.rules)
        var rejected = sms.rejected + pms.rejected + prbs.rejected + rls.rejected

        var ruleFiles: [RuleFileRenderer.RuleFile] = []
        var selectedRules: [PrometheusRule] = []
        for r in rls.selected {
            do {
                ruleFiles.append(try RuleFileRenderer.render(r))
                selectedRules.append(r)
            } catch {
                rejected.append(
                    ObjectReason(kind: "PrometheusRule", namespace: r.namespace, name: r.name, reason: "\(error)"))
            }
        }
        let ruleMaps = ServerObjectsRenderer.ruleConfigMapNames(sx, ruleFiles: ruleFiles)

        var inputs = ServerConfigInputs(
            sextant: sx, serviceMonitors: sms.selected, podMonitors: pms.selected, ruleConfigMaps: ruleMaps,
            assets: Assets(values: snap.assetValues))
        inputs.probes = prbs.selected
        inputs.additionalScrapeConfigs = snap.additionalScrapeConfigs

        var configs: [String] = []
        var referenced: Set<AssetKey> = []
        var renderRejected: [ObjectReason] = []
        for shard in 0..<ServerNames(sx).shards {
            let rendered = try ServerConfigRenderer.render(inputs, shard: shard)
            do {
                configs.append(try rendered.yaml())
            } catch {
                throw RenderError.invalidField(
                    path: "config", value: "shard \(shard)", reason: "cannot encode: \(error)")
            }
            referenced.formUnion(rendered.assets)
            // Every shard renders the same monitors, so shard 0's rejections are the list.
            if shard == 0 { renderRejected = rendered.rejected }
        }
        rejected += renderRejected

        var webAssets = Assets(values: snap.assetValues)
        // Only a stored hash: a fresh one would change the web config (bcrypt salts are random) on every pass.
        let credentials = sx.spec.web?.basicAuthUsers == nil ? nil : snap.operatorCredentials.flatMap {
            $0.hash.isEmpty ? nil : $0
        }
        let webConfig = try WebConfigRenderer.render(
            sx, usersYAML: snap.webUsers, operatorHash: credentials?.hash, assets: &webAssets)
        referenced.formUnion(webAssets.referenced)

        var objects: [KubeObject]
        do {
            objects = try ServerObjectsRenderer.render(
                .init(sextant: sx, configs: configs, ruleFiles: ruleFiles, pdbVersion: snap.pdbVersion))
        } catch let e as RenderError {
            throw e
        } catch {
            throw RenderError.invalidField(path: "objects", value: "", reason: "cannot render: \(error)")
        }
        let assets = AssetsSecretRenderer.render(
            sx, referenced: referenced, values: snap.assetValues, webConfig: webConfig)
        // The operator's credentials Secret goes first: the web config in the assets Secret names its hash.
        let secrets = (credentials.map { [$0.secret(for: sx)] } ?? []) + [assets.secret]
        // The Secrets' content is part of the input: rotate a password, and the hash moves.
        let hash = (try? ServerObjectsRenderer.inputHash(objects + secrets)) ?? ""
        for i in objects.indices where objects[i].kind == "StatefulSet" {
            objects[i].metadata.annotations = [ServerObjectsRenderer.inputHashAnnotation: hash]
        }
        let firstSet = objects.firstIndex { $0.kind == "StatefulSet" } ?? objects.endIndex
        objects.insert(contentsOf: secrets, at: firstSet)

        let rejectedKeys = Set(rejected.map { "\($0.kind)/\($0.namespace)/\($0.name)" })
        let selected =
            (sms.selected.map { ("ServiceMonitor", $0.namespace, $0.name) }
            + pms.selected.map { ("PodMonitor", $0.namespace, $0.name) }
            + prbs.selected.map { ("Probe", $0.namespace, $0.name) }
            + selectedRules.map { ("PrometheusRule", $0.namespace, $0.name) })
            .filter { !rejectedKeys.contains("\($0.0)/\($0.1)/\($0.2)") }
            .map { ObjectReason(kind: $0.0, namespace: $0.1, name: $0.2) }
        return SextantPlan(
            objects: objects, selected: selected, rejected: rejected, missingAssets: assets.missing, inputHash: hash)
    }
}
