import Foundation
package import KubeClient
package import Logging

/// The informers the reconciler reads its snapshots from, and the mapping of their events to `Sextant` keys.
package final class OperatorCache: Sendable {
    package let sextants: Informer<DynamicObject>
    /// Monitor informers by kind, one per served group (ours first, then prometheus-operator's).
    package let monitors: [String: [Informer<DynamicObject>]]
    package let namespaces: Informer<DynamicObject>
    package let secrets: Informer<DynamicObject>
    package let configMaps: Informer<DynamicObject>
    /// Objects labelled `app.kubernetes.io/name=sextant`: what the operator rendered and the pods of its StatefulSets.
    package let statefulSets: Informer<DynamicObject>
    package let services: Informer<DynamicObject>
    package let endpoints: Informer<DynamicObject>
    package let pods: Informer<DynamicObject>
    /// Every Service in the watched namespaces, read only to explain why a ServiceMonitor has no targets
    /// (no events: the periodic status resync picks changes up).
    package let allServices: Informer<DynamicObject>
    let monitorResources: [String: [APIResource]]

    package init(client: KubeClient, namespace: String?, monitorGroups: [String], logger: Logger) {
        func inf(_ r: APIResource, ns: String? = namespace, selector: String? = nil) -> Informer<DynamicObject> {
            Informer(client: client, DynamicObject.self, in: r, namespace: ns, labelSelector: selector, logger: logger)
        }
        sextants = inf(OperatorResources.sextants())
        var monitors: [String: [Informer<DynamicObject>]] = [:]
        var resources: [String: [APIResource]] = [:]
        for group in monitorGroups {
            for r in OperatorResources.monitors(group: group) {
                monitors[r.kind, default: []].append(inf(r))
                resources[r.kind, default: []].append(r)
            }
        }
        self.monitors = monitors
        monitorResources = resources
        namespaces = inf(OperatorResources.namespaces, ns: nil)
        secrets = inf(OperatorResources.secrets)
        configMaps = inf(OperatorResources.configMaps)
        let ours = "app.kubernetes.io/name=sextant"
        statefulSets = inf(OperatorResources.statefulSets, selector: ours)
        services = inf(OperatorResources.services, selector: ours)
        endpoints = inf(OperatorResources.endpoints, selector: ours)
        pods = inf(OperatorResources.pods, selector: ours)
        allServices = Informer(
            client: client, DynamicObject.self, in: OperatorResources.services, namespace: namespace, notify: false,
            logger: logger)
    }

    /// Every informer, with how its events map to `Sextant` keys.
    var all: [(Informer<DynamicObject>, EventScope)] {
        var out: [(Informer<DynamicObject>, EventScope)] = [(sextants, .itself)]
        for (_, list) in monitors.sorted(by: { $0.key < $1.key }) { out += list.map { ($0, .allSextants) } }
        out += [(namespaces, .allSextants), (secrets, .allSextants), (configMaps, .allSextants)]
        out += [statefulSets, services, endpoints, pods].map { ($0, .instanceLabel) }
        out.append((allServices, .ignored))
        return out
    }

    enum EventScope {
        /// A `Sextant` event: its own key.
        case itself
        /// Anything a selector or reference may pick up: every `Sextant` (the reconcile is cheap when nothing moved).
        case allSextants
        /// An object rendered for (or created from) one `Sextant`: the `app.kubernetes.io/instance` label names it.
        case instanceLabel
        /// A cache read on demand only.
        case ignored
    }

    /// The `Sextant` keys an event on `object` affects.
    func keys(for object: DynamicObject, scope: EventScope) -> [String] {
        let ns = object.metadata.namespace ?? ""
        switch scope {
        case .itself:
            return ["\(ns)/\(object.metadata.name ?? "")"]
        case .instanceLabel:
            guard let instance = object.metadata.labels?["app.kubernetes.io/instance"] else { return [] }
            return ["\(ns)/\(instance)"]
        case .ignored:
            return []
        case .allSextants:
            // The operator's credentials: a user who deletes them gets new ones (and a web config naming them).
            if object.metadata.labels?[OperatorCredentials.label] != nil,
                let instance = object.metadata.labels?["app.kubernetes.io/instance"]
            {
                return ["\(ns)/\(instance)"]
            }
            // Our own rendered ConfigMaps and Secrets change on every apply; they never feed a selection.
            if object.metadata.labels?["app.kubernetes.io/managed-by"] == "sextant-operator" { return [] }
            return sextants.list().map { "\($0.metadata.namespace ?? "")/\($0.metadata.name ?? "")" }
        }
    }

    /// Labels of every namespace, by name.
    func namespaceLabels() -> [String: [String: String]] {
        var out: [String: [String: String]] = [:]
        for n in namespaces.list() { out[n.metadata.name ?? ""] = n.metadata.labels ?? [:] }
        return out
    }

    /// The cached monitors of `kind`, decoded; objects that do not decode are returned as rejections.
    func decoded<T: Decodable>(_ kind: String, as type: T.Type) -> (objects: [T], failed: [ObjectReason]) {
        var objects: [T] = []
        var failed: [ObjectReason] = []
        for inf in monitors[kind] ?? [] {
            for o in inf.list() {
                do {
                    objects.append(try WireConvert.convert(o, to: T.self))
                } catch {
                    failed.append(
                        ObjectReason(
                            kind: kind, namespace: o.metadata.namespace ?? "", name: o.metadata.name ?? "",
                            reason: "cannot decode: \(error)"))
                }
            }
        }
        return (objects, failed)
    }

    /// The cached monitor object and the resource it lives in (our group first).
    func monitor(kind: String, namespace: String, name: String) -> (DynamicObject, APIResource)? {
        let infs = monitors[kind] ?? []
        let res = monitorResources[kind] ?? []
        for (inf, r) in zip(infs, res) {
            if let o = inf.get("\(namespace)/\(name)") { return (o, r) }
        }
        return nil
    }

    /// A Secret or ConfigMap key's value (Secret data base64-decoded), or nil when absent.
    func value(_ key: AssetKey) -> String? {
        let inf = key.kind == .secret ? secrets : configMaps
        guard let obj = inf.get("\(key.namespace)/\(key.name)"),
            let data = try? WireConvert.convert(obj, to: DataObject.self)
        else { return nil }
        if key.kind == .configmap { return data.data?[key.key] }
        guard let b64 = data.data?[key.key], let bytes = Data(base64Encoded: b64) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Every key of a Secret, base64-decoded; nil when the Secret is not in the cache.
    func secretData(namespace: String, name: String) -> [String: String]? {
        guard let obj = secrets.get("\(namespace)/\(name)") else { return nil }
        return DataObject.decodedSecretData(obj)
    }

    func waitForSync() async {
        for (inf, _) in all { await inf.waitForSync() }
    }

    var hasSynced: Bool { all.allSatisfy { $0.0.hasSynced } }
}

extension OperatorCache {
    /// The Services the explainer needs, from the unfiltered cache.
    func serviceInfos() -> [NoTargetsReason.ServiceInfo] {
        allServices.list().compactMap { o in
            guard let view = try? WireConvert.convert(o, to: ServicePortsView.self) else { return nil }
            return NoTargetsReason.ServiceInfo(
                namespace: o.metadata.namespace ?? "", name: o.metadata.name ?? "", labels: o.metadata.labels ?? [:],
                portNames: (view.spec?.ports ?? []).compactMap(\.name))
        }
    }
}

/// The ports of a Service.
struct ServicePortsView: Decodable {
    struct Spec: Decodable {
        struct Port: Decodable { var name: String? }
        var ports: [Port]?
    }
    var spec: Spec?
}
