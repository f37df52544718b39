import Foundation

extension KubeClient {
    /// Creates `object`; returns what the server stored (with uid, resourceVersion, defaults).
    public func create<T: KubeObject>(_ object: T, in resource: APIResource, namespace: String? = nil)
        async throws(KubeError) -> T
    {
        let ns = self.namespace(for: resource, explicit: namespace, object: object.metadata)
        let path = resource.path(namespace: ns)
        let body = try encodeBody(object, resource: resource)
        let response = try await send(.post, path: path, body: body, contentType: "application/json")
        return try decode(T.self, response, verb: "POST", path: path)
    }

    /// Replaces `object` (PUT). `metadata.resourceVersion` makes it conditional: a stale one fails with
    /// 409 Conflict (`KubeError.isConflict`).
    public func update<T: KubeObject>(_ object: T, in resource: APIResource) async throws(KubeError) -> T {
        try await put(object, in: resource, subresource: nil)
    }

    /// Replaces the `status` subresource of `object`; changes outside `status` are ignored by the server.
    public func updateStatus<T: KubeObject>(_ object: T, in resource: APIResource) async throws(KubeError) -> T {
        try await put(object, in: resource, subresource: "status")
    }

    private func put<T: KubeObject>(_ object: T, in resource: APIResource, subresource: String?)
        async throws(KubeError) -> T
    {
        let name = try requireName(object.metadata, verb: "PUT")
        let ns = self.namespace(for: resource, explicit: nil, object: object.metadata)
        let path = resource.path(namespace: ns, name: name, subresource: subresource)
        let body = try encodeBody(object, resource: resource)
        let response = try await send(.put, path: path, body: body, contentType: "application/json")
        return try decode(T.self, response, verb: "PUT", path: path)
    }

    /// Deletes one object. Deleting an object that is already gone throws `isNotFound`.
    public func delete(
        _ resource: APIResource, namespace: String? = nil, name: String, propagationPolicy: PropagationPolicy? = nil
    ) async throws(KubeError) {
        let path = resource.path(namespace: self.namespace(for: resource, explicit: namespace), name: name)
        var body: [UInt8]?
        if let propagationPolicy {
            body = Array(
                #"{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"\#(propagationPolicy.rawValue)"}"#.utf8
            )
        }
        _ = try await send(.delete, path: path, body: body, contentType: body == nil ? nil : "application/json")
    }

    /// Patches one object (or its `subresource`, e.g. `status`).
    public func patch<T: KubeObject>(
        _ type: T.Type, in resource: APIResource, namespace: String? = nil, name: String, patch: Patch,
        subresource: String? = nil
    ) async throws(KubeError) -> T {
        let path = resource.path(
            namespace: self.namespace(for: resource, explicit: namespace), name: name, subresource: subresource)
        let body: [UInt8]
        do {
            body = [UInt8](try JSONEncoder().encode(patch.body))
        } catch {
            throw KubeError(kind: .invalidArgument, message: "cannot encode patch: \(error)")
        }
        let response = try await send(.patch, path: path, body: body, contentType: patch.contentType)
        return try decode(T.self, response, verb: "PATCH", path: path)
    }

    /// Server-side apply: sends `object` as the complete intent of `fieldManager`
    /// (`application/apply-patch+yaml`; JSON is valid YAML). The object is created when missing. `force`
    /// takes over fields other managers own instead of failing with 409 Conflict. Apply to `status` with
    /// `subresource: "status"`.
    public func apply<T: KubeObject>(
        _ object: T, in resource: APIResource, fieldManager: String, force: Bool = true, subresource: String? = nil
    ) async throws(KubeError) -> T {
        let name = try requireName(object.metadata, verb: "PATCH")
        let ns = self.namespace(for: resource, explicit: nil, object: object.metadata)
        let path = resource.path(namespace: ns, name: name, subresource: subresource)
        let body = try encodeBody(object, resource: resource)
        var query = [("fieldManager", fieldManager)]
        if force { query.append(("force", "true")) }
        let response = try await send(
            .patch, path: path, query: query, body: body, contentType: "application/apply-patch+yaml")
        return try decode(T.self, response, verb: "PATCH", path: path)
    }

    private func requireName(_ meta: ObjectMeta, verb: String) throws(KubeError) -> String {
        guard let name = meta.name, !name.isEmpty else {
            throw KubeError(kind: .invalidArgument, verb: verb, message: "the object has no metadata.name")
        }
        return name
    }
}

extension KubeClient {
    public func create<T: KubeResource>(_ object: T, namespace: String? = nil) async throws(KubeError) -> T {
        try await create(object, in: T.apiResource, namespace: namespace)
    }

    public func update<T: KubeResource>(_ object: T) async throws(KubeError) -> T {
        try await update(object, in: T.apiResource)
    }

    public func updateStatus<T: KubeResource>(_ object: T) async throws(KubeError) -> T {
        try await updateStatus(object, in: T.apiResource)
    }

    public func delete<T: KubeResource>(_ type: T.Type, namespace: String? = nil, name: String) async throws(KubeError)
    {
        try await delete(T.apiResource, namespace: namespace, name: name)
    }

    public func patch<T: KubeResource>(
        _ type: T.Type, namespace: String? = nil, name: String, patch: Patch, subresource: String? = nil
    ) async throws(KubeError) -> T {
        try await self.patch(
            T.self, in: T.apiResource, namespace: namespace, name: name, patch: patch, subresource: subresource)
    }

    public func apply<T: KubeResource>(
        _ object: T, fieldManager: String, force: Bool = true, subresource: String? = nil
    ) async throws(KubeError) -> T {
        try await apply(object, in: T.apiResource, fieldManager: fieldManager, force: force, subresource: subresource)
    }
}
