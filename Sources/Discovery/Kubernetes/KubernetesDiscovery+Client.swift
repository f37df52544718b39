import Foundation
public import KubeClient

extension KubernetesDiscovery {
    /// How Prometheus picks the API server for `kubernetes_sd_configs`: `kubeconfig_file` when given, else
    /// `api_server` (the caller then adds the entry's `http_config` credentials and TLS), else the pod's
    /// service account (in-cluster).
    public static func clientConfig(apiServer: String?, kubeconfigFile: String?) throws(KubeError) -> KubeClientConfig {
        if let kubeconfigFile, !kubeconfigFile.isEmpty { return try KubeClientConfig.kubeconfig(path: kubeconfigFile) }
        if let apiServer, !apiServer.isEmpty { return KubeClientConfig(server: apiServer) }
        return try KubeClientConfig.inCluster()
    }

    /// The namespace `namespaces: {own_namespace: true}` means: the pod's, from its service account mount.
    public static func ownNamespace(
        serviceAccountDirectory dir: String = KubeClientConfig.serviceAccountDirectory
    ) throws(KubeError) -> String {
        let path = "\(dir)/namespace"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw KubeError(
                kind: .configuration,
                message: "own_namespace needs the pod's namespace file \"\(path)\", which is not readable")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
