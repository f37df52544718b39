import Foundation
import KubeClient

/// Deleting what an earlier plan rendered and the current one no longer does: the StatefulSet, config
/// ConfigMap and PodDisruptionBudget of removed shards, rule ConfigMaps no longer needed. Owner references
/// only help once the `Sextant` itself is deleted.
extension Reconciler {
    /// The kinds a plan can stop rendering while the `Sextant` lives on.
    func prunableResources() -> [APIResource] {
        var out = [OperatorResources.statefulSets, OperatorResources.configMaps]
        if let pdb = OperatorResources.resource(apiVersion: pdbVersion.rawValue, kind: "PodDisruptionBudget") {
            out.append(pdb)
        }
        return out
    }

    /// Deletes objects of `sextant` (labelled as rendered for it and controlled by it) that `plan` does not
    /// contain. Returns how many were deleted.
    @discardableResult
    func prune(_ sextant: Sextant, plan: SextantPlan) async throws -> Int {
        guard let uid = sextant.metadata.uid else { return 0 }
        let names = ServerNames(sextant)
        let selector = "app.kubernetes.io/instance=\(names.name),app.kubernetes.io/managed-by=sextant-operator"
        var deleted = 0
        for resource in prunableResources() {
            let wanted = Set(plan.objects.filter { $0.kind == resource.kind }.compactMap(\.metadata.name))
            var options = ListOptions()
            options.labelSelector = selector
            let existing = try await client.list(DynamicObject.self, in: resource, namespace: names.namespace, options: options)
            for object in existing.items {
                guard let name = object.metadata.name, !wanted.contains(name),
                    object.metadata.ownerReferences?.contains(where: { $0.uid == uid && $0.controller == true }) == true
                else { continue }
                do {
                    try await client.delete(resource, namespace: names.namespace, name: name, propagationPolicy: .background)
                    deleted += 1
                    logger.info("pruned", metadata: ["kind": "\(resource.kind)", "object": "\(names.namespace)/\(name)"])
                } catch {
                    if !error.isNotFound { throw error }
                }
            }
        }
        return deleted
    }
}
