/// An arbitrary JSON value, for the few upstream fields whose schema is a whole Kubernetes API type
/// (`affinity`, `podMetadata` extras) that the operator passes through without interpreting.
///
/// Its CRD schema is `x-kubernetes-preserve-unknown-fields: true`, so the apiserver keeps the content as is.
package enum JSONValue: Codable, Hashable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    package init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let d = try? c.decode(Double.self) {
            self = .number(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let d):
            // Integers stay integers in the output (replica counts, ports, weights).
            if d.rounded() == d, abs(d) < 1e15 { try c.encode(Int64(d)) } else { try c.encode(d) }
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(SortedObject(o))
        }
    }
}

/// Encodes a string-keyed dictionary with its keys in sorted order, so rendered output is stable.
package struct SortedObject<Value: Encodable>: Encodable {
    let dictionary: [String: Value]
    package init(_ dictionary: [String: Value]) { self.dictionary = dictionary }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: AnyKey.self)
        for key in dictionary.keys.sorted() { try c.encode(dictionary[key]!, forKey: AnyKey(key)) }
    }
}

/// A coding key made from any string.
package struct AnyKey: CodingKey, Hashable {
    package var stringValue: String
    package var intValue: Int? { nil }
    package init(_ s: String) { stringValue = s }
    package init(stringValue: String) { self.stringValue = stringValue }
    package init?(intValue: Int) { return nil }
}
