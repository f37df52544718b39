/// Infers the structural schema of a `Decodable` type by decoding it with a recording decoder.
///
/// Every optional field is reported present (so the whole tree is visited); a field decoded with `decode`
/// rather than `decodeIfPresent` is required. A `[String: V]` asks for `allKeys` and becomes a map
/// (`additionalProperties`). Leaves with a non-obvious schema conform to `SchemaLeaf`; structs refine
/// their result through `SchemaAnnotated`. Recursive types are not supported (none of our CRDs have them).
package enum SchemaInference {
    package static func schema<T: Decodable>(of type: T.Type) throws -> Schema {
        try infer(type, path: []).schema
    }

    static func infer<T: Decodable>(_ type: T.Type, path: [any CodingKey]) throws -> (schema: Schema, sample: T) {
        if let leaf = type as? any SchemaLeaf.Type { return (leaf.schema, leaf.schemaSample as! T) }
        switch type {
        case is String.Type: return (.string, "" as! T)
        case is Bool.Type: return (.boolean, false as! T)
        case is Int.Type: return (.int64, 0 as! T)
        case is Int64.Type: return (.int64, Int64(0) as! T)
        case is Int32.Type: return (.int32, Int32(0) as! T)
        case is Double.Type: return (.number, 0.0 as! T)
        default: break
        }
        let node = SchemaNode()
        let value = try T(from: SchemaDecoder(node: node, codingPath: path))
        var schema = node.schema
        if let annotated = type as? any SchemaAnnotated.Type { annotated.annotate(&schema) }
        return (schema, value)
    }
}

/// The schema being built for one value; shared by the containers the value's decoder hands out.
final class SchemaNode {
    var schema = Schema()
    var isMap = false
}

struct SchemaDecoder: Decoder {
    let node: SchemaNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        node.schema.type = "object"
        return KeyedDecodingContainer(KeyedSchemaContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        node.schema.type = "array"
        return UnkeyedSchemaContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleSchemaContainer(node: node, codingPath: codingPath)
    }
}

struct KeyedSchemaContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let node: SchemaNode
    let codingPath: [any CodingKey]

    /// Only dictionaries enumerate their keys: answer with one placeholder key and remember it is a map.
    var allKeys: [Key] {
        node.isMap = true
        return Key(stringValue: "*").map { [$0] } ?? []
    }

    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { false }

    private func record<T: Decodable>(_ type: T.Type, _ key: Key, required: Bool) throws -> T {
        let (child, sample) = try SchemaInference.infer(type, path: codingPath + [key])
        if node.isMap {
            node.schema.additionalProperties = child
        } else {
            node.schema.properties = node.schema.properties ?? [:]
            node.schema.properties![key.stringValue] = child
            if required { node.schema.required = (node.schema.required ?? []) + [key.stringValue] }
        }
        return sample
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try record(type, key, required: true) }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try record(type, key, required: false)
    }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try record(type, key, required: true) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try record(type, key, required: true) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try record(type, key, required: true) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try record(type, key, required: true) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try record(type, key, required: true) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try record(type, key, required: true) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try record(type, key, required: true) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try record(type, key, required: true) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try record(type, key, required: true) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try record(type, key, required: true) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try record(type, key, required: true) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try record(type, key, required: true) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try record(type, key, required: true) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try record(type, key, required: true) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        try record(type, key, required: false)
    }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try record(type, key, required: false) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try record(type, key, required: false) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? {
        try record(type, key, required: false)
    }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        try record(type, key, required: false)
    }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        try record(type, key, required: false)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        throw unsupported("nested keyed containers", key)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        throw unsupported("nested unkeyed containers", key)
    }
    func superDecoder() throws -> any Decoder { throw unsupported("superDecoder", nil) }
    func superDecoder(forKey key: Key) throws -> any Decoder { throw unsupported("superDecoder", key) }

    private func unsupported(_ what: String, _ key: Key?) -> DecodingError {
        DecodingError.dataCorrupted(
            .init(
                codingPath: codingPath + (key.map { [$0] } ?? []),
                debugDescription: "schema inference does not support \(what); give the type a SchemaLeaf schema"))
    }
}

struct UnkeyedSchemaContainer: UnkeyedDecodingContainer {
    let node: SchemaNode
    let codingPath: [any CodingKey]
    var currentIndex = 0
    var count: Int? { 1 }
    var isAtEnd: Bool { currentIndex >= 1 }

    mutating func decodeNil() throws -> Bool { false }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try decode(type, generic: ()) }
    mutating func decode(_ type: String.Type) throws -> String { try decode(type as String.Type, generic: ()) }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try decode(type, generic: ()) }
    mutating func decode(_ type: Int.Type) throws -> Int { try decode(type, generic: ()) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try decode(type, generic: ()) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try decode(type, generic: ()) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try decode(type, generic: ()) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try decode(type, generic: ()) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try decode(type, generic: ()) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try decode(type, generic: ()) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try decode(type, generic: ()) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try decode(type, generic: ()) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try decode(type, generic: ()) }
    mutating func decode(_ type: Float.Type) throws -> Float { try decode(type, generic: ()) }
    mutating func decode(_ type: Double.Type) throws -> Double { try decode(type, generic: ()) }

    private mutating func decode<T: Decodable>(_ type: T.Type, generic: Void) throws -> T {
        let (child, sample) = try SchemaInference.infer(type, path: codingPath + [AnyKey("[]")])
        node.schema.items = child
        currentIndex += 1
        return sample
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "nested containers"))
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "nested containers"))
    }
    mutating func superDecoder() throws -> any Decoder {
        throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "superDecoder"))
    }
}

struct SingleSchemaContainer: SingleValueDecodingContainer {
    let node: SchemaNode
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { false }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (child, sample) = try SchemaInference.infer(type, path: codingPath)
        node.schema = child
        return sample
    }
    func decode(_ type: String.Type) throws -> String { try generic(type) }
    func decode(_ type: Bool.Type) throws -> Bool { try generic(type) }
    func decode(_ type: Int.Type) throws -> Int { try generic(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try generic(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try generic(type) }
    func decode(_ type: Double.Type) throws -> Double { try generic(type) }

    private func generic<T: Decodable>(_ type: T.Type) throws -> T {
        let (child, sample) = try SchemaInference.infer(type, path: codingPath)
        node.schema = child
        return sample
    }
    func decode(_ type: Float.Type) throws -> Float { try generic(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try generic(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try generic(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try generic(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try generic(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try generic(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try generic(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try generic(type) }
}
