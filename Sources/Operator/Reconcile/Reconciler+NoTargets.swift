import KubeClient

/// Pods for explaining a PodMonitor without targets. The operator keeps no cache of every Pod in the cluster
/// (that would cost memory in proportion to the cluster); it lists the selected Pods only on this rare path.
extension Reconciler {
    func explainNoTargets(_ pm: PodMonitor) async -> String? {
        let (namespaces, _) = NoTargetsReason.scope(pm.spec.namespaceSelector, own: pm.namespace)
        var options = ListOptions()
        options.labelSelector = pm.spec.selector.selectorString
        var pods: [NoTargetsReason.PodInfo] = []
        do {
            for ns in namespaces.map({ $0.sorted().map(Optional.some) }) ?? [nil] {
                let list = try await client.list(DynamicObject.self, in: OperatorResources.pods, namespace: ns, options: options)
                for o in list.items {
                    guard let view = try? WireConvert.convert(o, to: PodPortsView.self) else { continue }
                    pods.append(NoTargetsReason.PodInfo(
                        namespace: o.metadata.namespace ?? "", name: o.metadata.name ?? "", labels: o.metadata.labels ?? [:],
                        portNames: (view.spec?.containers ?? []).flatMap { ($0.ports ?? []).compactMap(\.name) },
                        phase: view.status?.phase ?? ""))
                }
            }
        } catch {
            logger.debug("cannot list pods to explain a PodMonitor", metadata: ["error": "\(error)"])
            return nil
        }
        return NoTargetsReason.explain(pm, pods: pods)
    }
}

/// The container ports and phase of a Pod.
struct PodPortsView: Decodable {
    struct Spec: Decodable {
        struct Container: Decodable {
            struct Port: Decodable { var name: String? }
            var ports: [Port]?
        }
        var containers: [Container]?
    }
    struct Status: Decodable { var phase: String? }
    var spec: Spec?
    var status: Status?
}
