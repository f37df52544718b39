import PromModel
import Synchronization

/// The head's series registry: by reference and by label hash, split into lock stripes so that scrapes of
/// different targets rarely contend. Label hashes may collide: a hash maps to one series, and the rare other
/// series with the same hash wait in a side table (Prometheus's `seriesHashmap` with its `conflicts` map), so
/// that the common case costs no per-series array (48 bytes of heap each at 100k series).
final class StripeSeries: Sendable {
    private final class RefStripe: Sendable {
        let m: Mutex<SeriesByRef>
        init(stripeBits: Int) { m = Mutex(SeriesByRef(runBits: StripeSeries.runBits, stripeBits: stripeBits)) }
    }
    /// Refs go to stripes in runs of 64 consecutive refs, so that one target's series (created together, with
    /// consecutive refs) share a few stripes and sit next to each other in them (see `SeriesByRef`).
    static let runBits = 6
    private struct HashMap {
        var unique: [UInt64: MemSeries] = [:]
        var conflicts: [UInt64: [MemSeries]] = [:]

        func get(_ hash: UInt64, _ labels: Labels) -> MemSeries? {
            if let s = unique[hash] {
                if s.labels == labels { return s }
                return conflicts[hash]?.first { $0.labels == labels }
            }
            return nil
        }

        mutating func add(_ s: MemSeries, hash: UInt64) {
            if unique[hash] == nil { unique[hash] = s } else { conflicts[hash, default: []].append(s) }
        }

        mutating func remove(_ s: MemSeries, hash: UInt64) {
            if unique[hash] === s {
                // Promote a conflicting series, if any, to the main table.
                if var list = conflicts[hash], !list.isEmpty {
                    unique[hash] = list.removeFirst()
                    conflicts[hash] = list.isEmpty ? nil : list
                } else {
                    unique[hash] = nil
                }
            } else if var list = conflicts[hash] {
                list.removeAll { $0 === s }
                conflicts[hash] = list.isEmpty ? nil : list
            }
        }
    }
    private final class HashStripe: Sendable {
        let m = Mutex<HashMap>(HashMap())
    }

    private let refStripes: [RefStripe]
    private let hashStripes: [HashStripe]
    private let mask: UInt64

    /// `stripes` is rounded up to a power of two.
    init(stripes: Int = 1 << 10) {
        var n = 1
        while n < stripes { n <<= 1 }
        let bits = n.trailingZeroBitCount
        refStripes = (0..<n).map { _ in RefStripe(stripeBits: bits) }
        hashStripes = (0..<n).map { _ in HashStripe() }
        mask = UInt64(n - 1)
    }

    @inline(__always)
    private func refStripe(_ ref: UInt64) -> Int { Int((ref >> UInt64(Self.runBits)) & mask) }

    func get(ref: UInt64) -> MemSeries? {
        refStripes[refStripe(ref)].m.withLock { $0[ref] }
    }

    func get(hash: UInt64, labels: Labels) -> MemSeries? {
        hashStripes[Int(hash & mask)].m.withLock { $0.get(hash, labels) }
    }

    /// Returns the series for `labels`, creating it with `makeRef()` when absent; `created` tells which.
    func getOrCreate(hash: UInt64, labels: Labels, makeRef: () -> UInt64) -> (series: MemSeries, created: Bool) {
        let (series, created) = hashStripes[Int(hash & mask)].m.withLock { d -> (MemSeries, Bool) in
            if let s = d.get(hash, labels) { return (s, false) }
            let s = MemSeries(ref: makeRef(), labels: labels)
            d.add(s, hash: hash)
            return (s, true)
        }
        if created {
            refStripes[refStripe(series.ref)].m.withLock { $0[series.ref] = series }
        }
        return (series, created)
    }

    /// Removes a series from both maps.
    /// `hash` is the one the series was registered under (tests force collisions); by default its labels' hash.
    func remove(_ s: MemSeries, hash: UInt64? = nil) {
        let hash = hash ?? s.hash
        hashStripes[Int(hash & mask)].m.withLock { $0.remove(s, hash: hash) }
        refStripes[refStripe(s.ref)].m.withLock { $0[s.ref] = nil }
    }

    /// Calls `body` on every series; stripes are locked one at a time, so the view is not a snapshot.
    func forEach(_ body: (MemSeries) -> Void) {
        for s in refStripes {
            let list = s.m.withLock { $0.all }
            for m in list { body(m) }
        }
    }
}
