public import PromModel

/// A string-keyed map that encodes its keys in sorted order, so printed configs are stable.
public struct SortedMap<Value: Sendable & Hashable & Encodable>: Sendable, Hashable, Encodable {
    public var entries: [String: Value]

    public init(_ entries: [String: Value] = [:]) { self.entries = entries }

    public var isEmpty: Bool { entries.isEmpty }
    public subscript(key: String) -> Value? {
        get { entries[key] }
        set { entries[key] = newValue }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: AnyKey.self)
        for key in entries.keys.sorted() { try c.encode(entries[key]!, forKey: AnyKey(key)) }
    }
}

/// A coding key for names only known at run time (label names, header names).
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension KeyedEncodingContainer {
    /// Encodes a label set as a YAML mapping (sorted by name), omitting it when empty.
    mutating func encodeLabels(_ labels: Labels, forKey key: Key) throws {
        if labels.isEmpty { return }
        var nested = nestedContainer(keyedBy: AnyKey.self, forKey: key)
        for l in labels { try nested.encode(l.value, forKey: AnyKey(l.name)) }
    }

    /// Encodes a non-empty array; empty arrays are omitted as Prometheus omits them.
    mutating func encodeNonEmpty<T: Encodable>(_ values: [T], forKey key: Key) throws {
        if !values.isEmpty { try encode(values, forKey: key) }
    }
}
