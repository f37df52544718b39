/// One API group and the versions the server serves for it.
public struct APIGroupInfo: Sendable, Hashable {
    /// Empty for the core group.
    public var name: String
    public var versions: [String]
    public var preferredVersion: String?
}

/// One resource of a served group version, as `/apis/GROUP/VERSION` lists it.
public struct ServerResource: Codable, Sendable, Hashable {
    public var name: String
    public var kind: String
    public var namespaced: Bool
    public var verbs: [String]?
}

/// The server's build, from `/version`.
public struct ServerVersion: Codable, Sendable, Hashable {
    public var major: String
    public var minor: String
    public var gitVersion: String
}

extension KubeClient {
    private struct APIVersions: Decodable { var versions: [String] }
    private struct APIGroupList: Decodable {
        struct Group: Decodable {
            struct Version: Decodable {
                var groupVersion: String
                var version: String
            }
            var name: String
            var versions: [Version]
            var preferredVersion: Version?
        }
        var groups: [Group]
    }
    private struct APIResourceList: Decodable { var resources: [ServerResource] }

    public func serverVersion() async throws(KubeError) -> ServerVersion {
        let response = try await send(.get, path: "/version")
        return try decode(ServerVersion.self, response, verb: "GET", path: "/version")
    }

    /// Every served API group with its versions; the core group (name `""`) comes first.
    public func serverGroups() async throws(KubeError) -> [APIGroupInfo] {
        let core = try decode(APIVersions.self, try await send(.get, path: "/api"), verb: "GET", path: "/api")
        let list = try decode(APIGroupList.self, try await send(.get, path: "/apis"), verb: "GET", path: "/apis")
        var groups = [APIGroupInfo(name: "", versions: core.versions, preferredVersion: core.versions.first)]
        for g in list.groups {
            groups.append(
                APIGroupInfo(
                    name: g.name, versions: g.versions.map(\.version), preferredVersion: g.preferredVersion?.version))
        }
        return groups
    }

    /// The resources served in one group version (`v1`, `discovery.k8s.io/v1beta1`); empty when the group
    /// version is not served at all.
    public func serverResources(groupVersion: String) async throws(KubeError) -> [ServerResource] {
        let path = groupVersion.contains("/") ? "/apis/\(groupVersion)" : "/api/\(groupVersion)"
        do {
            let response = try await send(.get, path: path)
            return try decode(APIResourceList.self, response, verb: "GET", path: path).resources
        } catch {
            if error.isNotFound { return [] }
            throw error
        }
    }

    /// Whether the server serves `resource` in exactly its group and version.
    public func isServed(_ resource: APIResource) async throws(KubeError) -> Bool {
        try await serverResources(groupVersion: resource.apiVersion).contains { $0.name == resource.plural }
    }

    /// The first of `candidates` the server serves (order them newest first), or `nil` when none is: e.g.
    /// `[EndpointSlice.apiResource, EndpointSlice.v1beta1Resource]` yields v1beta1 on Kubernetes 1.20.
    public func firstServed(_ candidates: [APIResource]) async throws(KubeError) -> APIResource? {
        for candidate in candidates where try await isServed(candidate) { return candidate }
        return nil
    }
}
