/// A structural OpenAPI v3 schema as `apiextensions.k8s.io/v1` accepts it (`JSONSchemaProps`), restricted to
/// what Kubernetes 1.20 understands: no CEL rules, `x-kubernetes-int-or-string` instead of bare `anyOf`.
///
/// Encodes with a fixed key order and sorted properties, so generated CRD files are byte-stable.
package struct Schema: Encodable, Equatable, Sendable {
    package var description: String?
    package var type: String?
    package var format: String?
    package var enumValues: [String]?
    package var defaultValue: JSONValue?
    package var pattern: String?
    package var minimum: Int?
    package var maximum: Int?
    package var minLength: Int?
    package var minItems: Int?
    package var properties: [String: Schema]?
    package var required: [String]?
    private var itemsBox: [Schema]?
    private var additionalBox: [Schema]?
    package var intOrString = false
    package var preserveUnknownFields = false
    package var mapType: String?
    package var listType: String?
    package var listMapKeys: [String]?

    package init(type: String? = nil, format: String? = nil) {
        self.type = type
        self.format = format
    }

    /// Element schema of an array.
    package var items: Schema? {
        get { itemsBox?.first }
        set { itemsBox = newValue.map { [$0] } }
    }

    /// Value schema of a map (`additionalProperties`).
    package var additionalProperties: Schema? {
        get { additionalBox?.first }
        set { additionalBox = newValue.map { [$0] } }
    }

    package static let string = Schema(type: "string")
    package static let boolean = Schema(type: "boolean")
    package static let int64 = Schema(type: "integer", format: "int64")
    package static let int32 = Schema(type: "integer", format: "int32")
    package static let number = Schema(type: "number")

    package static var intOrStringSchema: Schema {
        var s = Schema()
        s.intOrString = true
        return s
    }

    package static var preserveUnknown: Schema {
        var s = Schema(type: "object")
        s.preserveUnknownFields = true
        return s
    }

    package static func stringEnum(_ values: [String]) -> Schema {
        var s = Schema.string
        s.enumValues = values
        return s
    }

    private enum Key: String, CodingKey {
        case description, type, format
        case enumValues = "enum"
        case defaultValue = "default"
        case pattern, minimum, maximum, minLength, minItems, properties, required, items, additionalProperties
        case intOrString = "x-kubernetes-int-or-string"
        case preserveUnknownFields = "x-kubernetes-preserve-unknown-fields"
        case mapType = "x-kubernetes-map-type"
        case listType = "x-kubernetes-list-type"
        case listMapKeys = "x-kubernetes-list-map-keys"
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encodeIfPresent(description, forKey: .description)
        try c.encodeIfPresent(type, forKey: .type)
        try c.encodeIfPresent(format, forKey: .format)
        try c.encodeIfPresent(enumValues, forKey: .enumValues)
        try c.encodeIfPresent(defaultValue, forKey: .defaultValue)
        try c.encodeIfPresent(pattern, forKey: .pattern)
        try c.encodeIfPresent(minimum, forKey: .minimum)
        try c.encodeIfPresent(maximum, forKey: .maximum)
        try c.encodeIfPresent(minLength, forKey: .minLength)
        try c.encodeIfPresent(minItems, forKey: .minItems)
        if let properties { try c.encode(SortedObject(properties), forKey: .properties) }
        if let required, !required.isEmpty { try c.encode(required.sorted(), forKey: .required) }
        try c.encodeIfPresent(items, forKey: .items)
        try c.encodeIfPresent(additionalProperties, forKey: .additionalProperties)
        if intOrString { try c.encode(true, forKey: .intOrString) }
        if preserveUnknownFields { try c.encode(true, forKey: .preserveUnknownFields) }
        try c.encodeIfPresent(mapType, forKey: .mapType)
        try c.encodeIfPresent(listType, forKey: .listType)
        try c.encodeIfPresent(listMapKeys, forKey: .listMapKeys)
    }

    /// Adjusts the schema of property `name` (no-op when absent, so annotations can't invent fields).
    package mutating func with(_ name: String, _ change: (inout Schema) -> Void) {
        guard var p = properties?[name] else { return }
        change(&p)
        properties?[name] = p
    }

    /// Sets a short description on property `name`.
    package mutating func doc(_ name: String, _ text: String) {
        with(name) { $0.description = text }
    }
}

/// A type whose schema is given rather than inferred: int-or-string, free-form objects, string enums.
package protocol SchemaLeaf: Decodable {
    static var schema: Schema { get }
    /// Any valid value; the inference decoder hands it back to the decoding parent.
    static var schemaSample: Self { get }
}

/// A string enum: its schema lists the raw values.
package protocol SchemaEnum: SchemaLeaf, CaseIterable, RawRepresentable where RawValue == String {}

extension SchemaEnum {
    package static var schema: Schema { .stringEnum(allCases.map(\.rawValue)) }
    package static var schemaSample: Self { allCases.first! }
}

/// A struct that refines its inferred schema: descriptions, defaults, patterns, list and map semantics.
package protocol SchemaAnnotated {
    static func annotate(_ schema: inout Schema)
}

extension IntOrString: SchemaLeaf {
    package static var schema: Schema { .intOrStringSchema }
    package static var schemaSample: IntOrString { .int(0) }
}

extension JSONValue: SchemaLeaf {
    package static var schema: Schema { .preserveUnknown }
    package static var schemaSample: JSONValue { .null }
}
