import PromModel
import Synchronization

/// The in-memory inverted index: label name → value → sorted series references.
///
/// Series references grow monotonically, so adding is almost always an append at the end of each list.
final class MemPostings: Sendable {
    private struct State {
        var byName: [String: [String: [UInt64]]] = [:]
        var all: [UInt64] = []
    }

    private let state = Mutex(State())

    /// Indexes a new series under each of its labels.
    func add(ref: UInt64, labels: Labels) {
        state.withLock { s in
            Self.insertSorted(ref, into: &s.all)
            for l in labels {
                Self.insertSorted(ref, into: &s.byName[l.name, default: [:]][l.value, default: []])
            }
        }
    }

    private static func insertSorted(_ ref: UInt64, into list: inout [UInt64]) {
        guard let last = list.last, last >= ref else {
            list.append(ref)
            return
        }
        var lo = 0
        var hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid] < ref { lo = mid + 1 } else { hi = mid }
        }
        if lo < list.count && list[lo] == ref { return }
        list.insert(ref, at: lo)
    }

    /// Every series reference, sorted.
    func all() -> [UInt64] { state.withLock { $0.all } }

    /// References of series with `name="value"`.
    func postings(_ name: String, _ value: String) -> [UInt64] {
        state.withLock { $0.byName[name]?[value] ?? [] }
    }

    /// The union of postings of the values of `name` accepted by `accept`, sorted and unique.
    func postings(_ name: String, where accept: (String) -> Bool) -> [UInt64] {
        let lists = state.withLock { s -> [[UInt64]] in
            guard let values = s.byName[name] else { return [] }
            return values.compactMap { accept($0.key) ? $0.value : nil }
        }
        return Postings.union(lists)
    }

    /// The union of postings of the listed values of `name`.
    func postings(_ name: String, values: some Sequence<String>) -> [UInt64] {
        let lists = state.withLock { s -> [[UInt64]] in
            guard let byValue = s.byName[name] else { return [] }
            return values.compactMap { byValue[$0] }
        }
        return Postings.union(lists)
    }

    /// All values of `name` (unsorted).
    func values(of name: String) -> [String] {
        state.withLock { s in s.byName[name].map { Array($0.keys) } ?? [] }
    }

    /// All label names (unsorted).
    func names() -> [String] {
        state.withLock { Array($0.byName.keys) }
    }
}

/// Set operations on sorted, duplicate-free reference lists.
enum Postings {
    static func intersect(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var out: [UInt64] = []
        out.reserveCapacity(min(a.count, b.count))
        var i = 0
        var j = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                out.append(a[i])
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return out
    }

    /// `a` without the elements of `b`.
    static func subtract(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        if b.isEmpty { return a }
        var out: [UInt64] = []
        out.reserveCapacity(a.count)
        var j = 0
        for x in a {
            while j < b.count && b[j] < x { j += 1 }
            if j < b.count && b[j] == x { continue }
            out.append(x)
        }
        return out
    }

    static func union(_ lists: [[UInt64]]) -> [UInt64] {
        switch lists.count {
        case 0: return []
        case 1: return lists[0]
        default:
            var all = lists.flatMap { $0 }
            all.sort()
            var out: [UInt64] = []
            out.reserveCapacity(all.count)
            for x in all where out.last != x { out.append(x) }
            return out
        }
    }
}
