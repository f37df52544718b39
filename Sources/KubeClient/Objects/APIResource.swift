/// Where a kind lives in the API: group, version, plural resource name and whether it is namespaced.
///
/// Paths follow the API conventions: `/api/v1/namespaces/NS/pods/NAME` for the core group,
/// `/apis/GROUP/VERSION/namespaces/NS/RESOURCE/NAME` otherwise.
public struct APIResource: Sendable, Hashable, CustomStringConvertible {
    /// Empty for the core group.
    public var group: String
    public var version: String
    /// Plural, lower-case resource name (`pods`, `endpointslices`).
    public var plural: String
    public var kind: String
    public var namespaced: Bool

    public init(group: String, version: String, plural: String, kind: String, namespaced: Bool) {
        self.group = group
        self.version = version
        self.plural = plural
        self.kind = kind
        self.namespaced = namespaced
    }

    /// `v1` for the core group, `GROUP/VERSION` otherwise (the `apiVersion` field of objects).
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `/api/v1` or `/apis/GROUP/VERSION`.
    public var groupVersionPath: String { group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)" }

    /// The same resource in another version of its group.
    public func withVersion(_ version: String) -> APIResource {
        var copy = self
        copy.version = version
        return copy
    }

    /// Path of the collection (`namespace` nil: across all namespaces) or of one object and its subresource.
    public func path(namespace: String?, name: String? = nil, subresource: String? = nil) -> String {
        var p = groupVersionPath
        if namespaced, let namespace, !namespace.isEmpty {
            p += "/namespaces/\(percentEncodePathSegment(namespace))"
        }
        p += "/\(plural)"
        if let name {
            p += "/\(percentEncodePathSegment(name))"
            if let subresource { p += "/\(subresource)" }
        }
        return p
    }

    public var description: String { "\(plural).\(apiVersion)" }
}

/// An object of the Kubernetes API with standard metadata; `Codable` so it travels as JSON.
public protocol KubeObject: Codable, Sendable {
    var metadata: ObjectMeta { get set }
}

/// A typed object whose resource is fixed by its type, so calls need no `APIResource` argument.
public protocol KubeResource: KubeObject {
    static var apiResource: APIResource { get }
}

/// A list of objects as the API returns it (`PodList` and friends), with the list's resourceVersion and the
/// continue token of paginated reads.
public struct KubeList<Object: KubeObject>: Decodable, Sendable {
    public struct Metadata: Codable, Sendable, Hashable {
        public var resourceVersion: String?
        public var `continue`: String?
        public var remainingItemCount: Int64?

        public init(resourceVersion: String? = nil, continue: String? = nil, remainingItemCount: Int64? = nil) {
            self.resourceVersion = resourceVersion
            self.continue = `continue`
            self.remainingItemCount = remainingItemCount
        }
    }

    public var metadata: Metadata
    public var items: [Object]

    public init(metadata: Metadata, items: [Object]) {
        self.metadata = metadata
        self.items = items
    }

    enum CodingKeys: String, CodingKey { case metadata, items }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decodeIfPresent(Metadata.self, forKey: .metadata) ?? Metadata()
        // The API sends `"items": null` for an empty list.
        items = try c.decodeIfPresent([Object].self, forKey: .items) ?? []
    }
}

/// Percent-encodes everything outside RFC 3986 "unreserved" characters.
func percentEncodePathSegment(_ s: String) -> String {
    percentEncode(s, keep: { $0.isUnreserved })
}

/// Percent-encodes a query component (also encodes `&`, `=`, `+`, `,` so selectors survive).
func percentEncodeQuery(_ s: String) -> String {
    percentEncode(s, keep: { $0.isUnreserved })
}

private func percentEncode(_ s: String, keep: (UInt8) -> Bool) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    let hex = Array("0123456789ABCDEF".utf8)
    for b in s.utf8 {
        if keep(b) {
            out.unicodeScalars.append(Unicode.Scalar(b))
        } else {
            out.unicodeScalars.append("%")
            out.unicodeScalars.append(Unicode.Scalar(hex[Int(b >> 4)]))
            out.unicodeScalars.append(Unicode.Scalar(hex[Int(b & 0xF)]))
        }
    }
    return out
}

extension UInt8 {
    fileprivate var isUnreserved: Bool {
        (self >= 0x30 && self <= 0x39) || (self >= 0x41 && self <= 0x5A) || (self >= 0x61 && self <= 0x7A)
            || self == 0x2D || self == 0x2E || self == 0x5F || self == 0x7E
    }
}
