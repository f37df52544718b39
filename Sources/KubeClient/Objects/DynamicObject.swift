/// Any object, typed only by its metadata: custom resources and kinds this module has no struct for.
///
/// Everything but `apiVersion`, `kind` and `metadata` stays in `fields` as JSON, and round-trips unchanged.
public struct DynamicObject: KubeObject, Hashable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    /// Top-level members other than `apiVersion`, `kind` and `metadata` (`spec`, `status`, `data` …).
    public var fields: [String: JSONValue]

    public init(apiVersion: String?, kind: String?, metadata: ObjectMeta, fields: [String: JSONValue] = [:]) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.fields = fields
    }

    public subscript(field: String) -> JSONValue? {
        get { fields[field] }
        set { fields[field] = newValue }
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        apiVersion = try c.decodeIfPresent(String.self, forKey: Key(stringValue: "apiVersion"))
        kind = try c.decodeIfPresent(String.self, forKey: Key(stringValue: "kind"))
        metadata = try c.decodeIfPresent(ObjectMeta.self, forKey: Key(stringValue: "metadata")) ?? ObjectMeta()
        var fields: [String: JSONValue] = [:]
        for key in c.allKeys where !["apiVersion", "kind", "metadata"].contains(key.stringValue) {
            fields[key.stringValue] = try c.decode(JSONValue.self, forKey: key)
        }
        self.fields = fields
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encodeIfPresent(apiVersion, forKey: Key(stringValue: "apiVersion"))
        try c.encodeIfPresent(kind, forKey: Key(stringValue: "kind"))
        try c.encode(metadata, forKey: Key(stringValue: "metadata"))
        for (k, v) in fields { try c.encode(v, forKey: Key(stringValue: k)) }
    }
}
