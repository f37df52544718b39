import KubeClient

/// The operator's own basic-auth credentials for the servers of a `Sextant` with `spec.web.basicAuthUsers`.
extension Reconciler {
    /// The credentials to render and to read the servers with; nil when `sextant` has no `basicAuthUsers` or
    /// the reconciler has no hasher.
    ///
    /// Read from the cache, else from the API server, and settled by `OperatorCredentials.resolve`. The plan
    /// applies the Secret together with the web config that names its hash.
    /// `made` is true for a new password (not stored yet: the plan's apply stores it).
    func operatorCredentials(for sextant: Sextant) async throws -> (credentials: OperatorCredentials?, made: Bool) {
        guard sextant.spec.web?.basicAuthUsers != nil, let hasher else { return (nil, false) }
        let name = ServerNames(sextant).operatorCredentialsSecret
        var data = cache.secretData(namespace: sextant.namespace, name: name)
        if data == nil {
            // The cache can lag behind a Secret created a moment ago by this operator: ask the API server before
            // making a password that would replace it.
            do {
                let live = try await client.get(
                    DynamicObject.self, in: OperatorResources.secrets, namespace: sextant.namespace, name: name)
                data = DataObject.decodedSecretData(live)
            } catch {
                if !error.isNotFound { throw error }
            }
        }
        var rng = SystemRandomNumberGenerator()
        return OperatorCredentials.resolve(
            stored: data, hasher: hasher, paused: sextant.spec.paused == true, using: &rng)
    }
}
