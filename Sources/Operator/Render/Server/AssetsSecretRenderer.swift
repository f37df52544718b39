import Foundation

/// Builds the assets Secret mounted at `Assets.defaultDirectory`: every Secret/ConfigMap key the config
/// refers to, copied from the monitors' namespaces, plus the web config.
package enum AssetsSecretRenderer {
    package struct Result: Sendable {
        package var secret: KubeObject
        /// Referenced keys the operator could not read; the monitors using them should be rejected or the
        /// key marked optional.
        package var missing: [AssetKey]
    }

    /// `values` holds what the operator read for each key (Secret data decoded, ConfigMap data as is).
    package static func render(
        _ sx: Sextant, referenced: Set<AssetKey>, values: [AssetKey: String], webConfig: String?
    ) -> Result {
        let names = ServerNames(sx)
        var data: [String: String] = [:]
        var missing: [AssetKey] = []
        for key in referenced.sorted() {
            if let v = values[key] { data[key.fileName] = v } else { missing.append(key) }
        }
        if let webConfig { data[WebConfigRenderer.fileName] = webConfig }
        var meta = ObjectMeta(name: names.assetsSecret, namespace: names.namespace, labels: names.commonLabels)
        meta.ownerReferences = sx.metadata.uid.map {
            [
                OwnerReference(
                    apiVersion: "\(APIGroup.sextant)/\(APIGroup.serverVersion)", kind: "Sextant", name: sx.name,
                    uid: $0,
                    controller: true, blockOwnerDeletion: true)
            ]
        }
        let encoded = data.mapValues { Data($0.utf8).base64EncodedString() }
        return Result(
            secret: KubeObject(apiVersion: "v1", kind: "Secret", metadata: meta, body: .secret(encoded)),
            missing: missing)
    }
}
