extension KubeClient {
    /// Reads one object.
    public func get<T: KubeObject>(
        _ type: T.Type, in resource: APIResource, namespace: String? = nil, name: String
    ) async throws(KubeError) -> T {
        let path = resource.path(namespace: self.namespace(for: resource, explicit: namespace), name: name)
        let response = try await send(.get, path: path)
        return try decode(T.self, response, verb: "GET", path: path)
    }

    /// Reads one page of a collection (`namespace` nil: all namespaces). Follow `metadata.continue` with
    /// `options.continueToken`, or use `listAll`.
    public func list<T: KubeObject>(
        _ type: T.Type, in resource: APIResource, namespace: String? = nil, options: ListOptions = ListOptions()
    ) async throws(KubeError) -> KubeList<T> {
        let ns = resource.namespaced ? namespace : nil
        let path = resource.path(namespace: ns)
        let response = try await send(.get, path: path, query: options.query)
        return try decode(KubeList<T>.self, response, verb: "GET", path: path)
    }

    /// Reads a whole collection in pages of `pageSize`, following continue tokens. The result carries the
    /// resourceVersion of the first page (the snapshot all pages belong to). When a continue token expires
    /// (410) the listing starts over, once, as client-go's pager does.
    public func listAll<T: KubeObject>(
        _ type: T.Type, in resource: APIResource, namespace: String? = nil, options: ListOptions = ListOptions(),
        pageSize: Int = 500
    ) async throws(KubeError) -> KubeList<T> {
        var restarted = false
        while true {
            var opts = options
            opts.limit = pageSize
            opts.continueToken = nil
            var items: [T] = []
            var first: KubeList<T>.Metadata?
            do {
                while true {
                    let page = try await list(T.self, in: resource, namespace: namespace, options: opts)
                    if first == nil { first = page.metadata }
                    items.append(contentsOf: page.items)
                    guard let next = page.metadata.continue, !next.isEmpty else { break }
                    opts.continueToken = next
                    // Later pages must not carry a resourceVersion: the token pins the snapshot.
                    opts.resourceVersion = nil
                }
            } catch {
                if error.isGone, opts.continueToken != nil, !restarted {
                    restarted = true
                    logger.debug("continue token expired, listing \(resource) again")
                    continue
                }
                throw error
            }
            var meta = first ?? KubeList<T>.Metadata()
            meta.continue = nil
            return KubeList(metadata: meta, items: items)
        }
    }
}

extension KubeClient {
    public func get<T: KubeResource>(_ type: T.Type, namespace: String? = nil, name: String) async throws(KubeError)
        -> T
    {
        try await get(T.self, in: T.apiResource, namespace: namespace, name: name)
    }

    public func list<T: KubeResource>(
        _ type: T.Type, namespace: String? = nil, options: ListOptions = ListOptions()
    ) async throws(KubeError) -> KubeList<T> {
        try await list(T.self, in: T.apiResource, namespace: namespace, options: options)
    }

    public func listAll<T: KubeResource>(
        _ type: T.Type, namespace: String? = nil, options: ListOptions = ListOptions(), pageSize: Int = 500
    ) async throws(KubeError) -> KubeList<T> {
        try await listAll(T.self, in: T.apiResource, namespace: namespace, options: options, pageSize: pageSize)
    }
}
