/// `v1/ConfigMap`.
public struct ConfigMap: KubeResource, Hashable {
    public static let apiResource = APIResource(
        group: "", version: "v1", plural: "configmaps", kind: "ConfigMap", namespaced: true)

    public var apiVersion: String? = "v1"
    public var kind: String? = "ConfigMap"
    public var metadata: ObjectMeta
    public var data: [String: String]?
    /// Base64 in JSON, as the API sends it.
    public var binaryData: [String: String]?

    public init(metadata: ObjectMeta, data: [String: String]? = nil) {
        self.metadata = metadata
        self.data = data
    }
}

/// `v1/Secret`. `data` values are base64 as the API sends them; `decodedData(_:)` decodes one.
public struct Secret: KubeResource, Hashable {
    public static let apiResource = APIResource(
        group: "", version: "v1", plural: "secrets", kind: "Secret", namespaced: true)

    public var apiVersion: String? = "v1"
    public var kind: String? = "Secret"
    public var metadata: ObjectMeta
    public var type: String?
    public var data: [String: String]?
    /// Write-only convenience of the API: merged into `data` by the server.
    public var stringData: [String: String]?

    public init(metadata: ObjectMeta, type: String? = nil, stringData: [String: String]? = nil) {
        self.metadata = metadata
        self.type = type
        self.stringData = stringData
    }

    /// The bytes of `data[key]`, or `nil` when absent or not valid base64.
    public func decodedData(_ key: String) -> [UInt8]? {
        guard let b64 = data?[key] else { return nil }
        return Base64.decode(b64)
    }
}
