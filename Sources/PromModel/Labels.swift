#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A label: one name/value pair of a series identity.
public struct Label: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var value: String

    @inlinable
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    public var description: String { "\(name)=\(quoteLabelValue(value))" }
}

/// An immutable label set, sorted by name in byte order, with no duplicate names and no empty values.
///
/// `Labels` is the identity of a series. Equality and ordering are byte-wise (UTF-8), as in Prometheus,
/// not Unicode canonical equivalence.
public struct Labels: Sendable, RandomAccessCollection, Hashable, Comparable, CustomStringConvertible {
    public let storage: [Label]

    public static let empty = Labels(sortedUnchecked: [])

    /// Builds from pairs in any order; later duplicates win and empty values are dropped.
    public init(_ pairs: [(String, String)]) {
        var b = LabelsBuilder()
        for (n, v) in pairs { b.set(n, v) }
        self = b.labels()
    }

    /// Builds from a dictionary literal-like list: `Labels(["job": "node"])`.
    public init(_ dict: [String: String]) {
        self.init(dict.map { ($0.key, $0.value) })
    }

    /// Wraps labels the caller guarantees to be sorted by name, unique and with non-empty values.
    @inlinable
    public init(sortedUnchecked: [Label]) {
        self.storage = sortedUnchecked
    }

    public var startIndex: Int { storage.startIndex }
    public var endIndex: Int { storage.endIndex }
    public subscript(position: Int) -> Label { storage[position] }

    /// The value of `name`, or the empty string when absent (Prometheus semantics).
    public func get(_ name: String) -> String {
        // Label sets are small: a linear scan beats binary search up to a few dozen entries.
        for l in storage where l.name.utf8.elementsEqual(name.utf8) { return l.value }
        return ""
    }

    public func has(_ name: String) -> Bool {
        storage.contains { $0.name.utf8.elementsEqual(name.utf8) }
    }

    /// The metric name (`__name__`), or "" when the set has none.
    public var metricName: String { self.get(LabelName.metricName) }

    /// Labels without `__name__`.
    public func droppingMetricName() -> Labels {
        guard has(LabelName.metricName) else { return self }
        return Labels(sortedUnchecked: storage.filter { $0.name != LabelName.metricName })
    }

    /// A stable 64-bit hash of the label set (FNV-1a over name, 0xFF, value, 0xFF), identical across runs.
    public var stableHash: UInt64 {
        var h = FNV1a()
        for l in storage {
            h.add(l.name)
            h.add(byte: 0xFF)
            h.add(l.value)
            h.add(byte: 0xFF)
        }
        return h.value
    }

    /// Hash of only the listed names (`on`) or of all but the listed names (`ignoring`).
    public func hash(for names: [String], including: Bool) -> UInt64 {
        var h = FNV1a()
        for l in storage where names.contains(l.name) == including {
            h.add(l.name)
            h.add(byte: 0xFF)
            h.add(l.value)
            h.add(byte: 0xFF)
        }
        return h.value
    }

    public static func == (a: Labels, b: Labels) -> Bool {
        guard a.storage.count == b.storage.count else { return false }
        for i in a.storage.indices {
            if byteCompare(a.storage[i].name, b.storage[i].name) != 0 { return false }
            if byteCompare(a.storage[i].value, b.storage[i].value) != 0 { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(stableHash)
    }

    /// Prometheus's `labels.Compare`: pairwise by name then value, shorter set first.
    public static func < (a: Labels, b: Labels) -> Bool { compare(a, b) < 0 }

    public static func compare(_ a: Labels, _ b: Labels) -> Int {
        let n = Swift.min(a.storage.count, b.storage.count)
        for i in 0..<n {
            let c1 = byteCompare(a.storage[i].name, b.storage[i].name)
            if c1 != 0 { return c1 }
            let c2 = byteCompare(a.storage[i].value, b.storage[i].value)
            if c2 != 0 { return c2 }
        }
        return a.storage.count - b.storage.count
    }

    /// `{__name__="x", a="b"}` rendered as Prometheus does: `x{a="b"}`.
    public var description: String {
        var out = ""
        let name = metricName
        out += name
        let rest = storage.filter { $0.name != LabelName.metricName }
        if rest.isEmpty && !name.isEmpty { return out }
        out += "{"
        for (i, l) in rest.enumerated() {
            if i > 0 { out += ", " }
            out += l.name
            out += "="
            out += quoteLabelValue(l.value)
        }
        out += "}"
        return out
    }

    public func builder() -> LabelsBuilder { LabelsBuilder(self) }

    public var dictionary: [String: String] {
        var d: [String: String] = [:]
        for l in storage { d[l.name] = l.value }
        return d
    }
}

/// Mutable staging area for a label set; `labels()` sorts and validates once.
public struct LabelsBuilder: Sendable {
    var pairs: [Label]

    public init() { pairs = [] }
    public init(_ base: Labels) { pairs = base.storage }

    /// Sets `name` to `value`; an empty value deletes the label, as in Prometheus.
    public mutating func set(_ name: String, _ value: String) {
        if let i = pairs.firstIndex(where: { $0.name == name }) {
            if value.isEmpty { pairs.remove(at: i) } else { pairs[i].value = value }
        } else if !value.isEmpty {
            pairs.append(Label(name: name, value: value))
        }
    }

    public mutating func delete(_ name: String) {
        pairs.removeAll { $0.name == name }
    }

    /// Keeps only labels for which `keep` is true.
    public mutating func filter(_ keep: (Label) -> Bool) {
        pairs = pairs.filter(keep)
    }

    public mutating func reset() { pairs.removeAll(keepingCapacity: true) }

    public func get(_ name: String) -> String {
        pairs.first { $0.name == name }?.value ?? ""
    }

    public var current: [Label] { pairs }

    public func labels() -> Labels {
        var sorted = pairs
        sorted.sort { byteCompare($0.name, $1.name) < 0 }
        return Labels(sortedUnchecked: sorted)
    }
}

/// Three-way comparison of two strings by their UTF-8 bytes.
public func byteCompare(_ a: String, _ b: String) -> Int {
    var a = a
    var b = b
    return a.withUTF8 { pa in
        b.withUTF8 { pb in
            let n = Swift.min(pa.count, pb.count)
            if n > 0 {
                let c = memcmp(pa.baseAddress!, pb.baseAddress!, n)
                if c != 0 { return c < 0 ? -1 : 1 }
            }
            return pa.count - pb.count
        }
    }
}

/// 64-bit FNV-1a; stable across processes (Swift's `Hasher` is seeded per process).
public struct FNV1a: Sendable {
    public var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    @inlinable
    public mutating func add(byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    public mutating func add(_ s: String) {
        for b in s.utf8 { add(byte: b) }
    }

    public mutating func add(_ bytes: UnsafeRawBufferPointer) {
        for b in bytes { add(byte: b) }
    }
}
