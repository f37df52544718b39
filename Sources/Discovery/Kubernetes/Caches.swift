import KubeClient
import Logging

/// The informers one discovery runs, one per watched namespace for namespaced kinds, with lookups by key.
final class Caches: Sendable {
    let pods: [Informer<Pod>]
    let services: [Informer<Service>]
    let endpoints: [Informer<Endpoints>]
    let slices: [Informer<EndpointSlice>]
    let ingresses: [Informer<Ingress>]
    let nodes: Informer<Node>?

    init(
        client: KubeClient, options: KubernetesSDOptions, sliceResource: APIResource?,
        ingressResource: APIResource?, logger: Logger
    ) {
        let role = options.role
        let namespaces: [String?] = options.namespaces.isEmpty ? [nil] : options.namespaces
        func selector(_ r: KubernetesSDOptions.Role) -> KubernetesSDOptions.Selector {
            options.selectors[r] ?? KubernetesSDOptions.Selector()
        }
        func informers<T: KubeObject>(_ t: T.Type, _ r: KubernetesSDOptions.Role, _ resource: APIResource) -> [Informer<
            T
        >] {
            namespaces.map {
                Informer(
                    client: client, T.self, in: resource, namespace: $0, labelSelector: selector(r).label,
                    fieldSelector: selector(r).field, logger: logger, onFailure: DiscoveryMetrics.kubernetesFailure)
            }
        }
        let endpointLike = role == .endpoints || role == .endpointslice
        pods = role == .pod || endpointLike ? informers(Pod.self, .pod, Pod.apiResource) : []
        services = role == .service || endpointLike ? informers(Service.self, .service, Service.apiResource) : []
        endpoints = role == .endpoints ? informers(Endpoints.self, .endpoints, Endpoints.apiResource) : []
        slices =
            role == .endpointslice
            ? informers(EndpointSlice.self, .endpointslice, sliceResource ?? EndpointSlice.apiResource) : []
        ingresses = role == .ingress ? informers(Ingress.self, .ingress, ingressResource ?? Ingress.apiResource) : []
        let needsNodes = role == .node || (options.attachNodeMetadata && (role == .pod || endpointLike))
        nodes =
            needsNodes
            ? Informer(
                client: client, Node.self, labelSelector: selector(.node).label, fieldSelector: selector(.node).field,
                logger: logger, onFailure: DiscoveryMetrics.kubernetesFailure) : nil
    }

    var informerCount: Int {
        pods.count + services.count + endpoints.count + slices.count + ingresses.count + (nodes == nil ? 0 : 1)
    }

    func pod(_ key: String) -> Pod? { first(pods, key) }
    func service(_ key: String) -> Service? { first(services, key) }
    func node(_ name: String) -> Node? { nodes?.get(name) }

    func lookups(attachNodes: Bool) -> Lookups {
        let podLookup: @Sendable (String) -> Pod? = { [self] key in self.pod(key) }
        let serviceLookup: @Sendable (String) -> Service? = { [self] key in self.service(key) }
        var nodeLookup: (@Sendable (String) -> Node?)?
        if attachNodes { nodeLookup = { [self] name in self.node(name) } }
        return Lookups(pod: podLookup, service: serviceLookup, node: nodeLookup)
    }

    private func first<T>(_ informers: [Informer<T>], _ key: String) -> T? {
        for i in informers { if let o = i.get(key) { return o } }
        return nil
    }
}
