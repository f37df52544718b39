import PromModel
import Synchronization

/// The head's series registry: by reference and by label hash, split into lock stripes so that scrapes of
/// different targets rarely contend. Label hashes may collide; each hash maps to a small list compared by labels.
final class StripeSeries: Sendable {
    private final class RefStripe: Sendable {
        let m = Mutex<[UInt64: MemSeries]>([:])
    }
    private final class HashStripe: Sendable {
        let m = Mutex<[UInt64: [MemSeries]]>([:])
    }

    private let refStripes: [RefStripe]
    private let hashStripes: [HashStripe]
    private let mask: UInt64

    /// `stripes` is rounded up to a power of two.
    init(stripes: Int = 1 << 10) {
        var n = 1
        while n < stripes { n <<= 1 }
        refStripes = (0..<n).map { _ in RefStripe() }
        hashStripes = (0..<n).map { _ in HashStripe() }
        mask = UInt64(n - 1)
    }

    func get(ref: UInt64) -> MemSeries? {
        refStripes[Int(ref & mask)].m.withLock { $0[ref] }
    }

    func get(hash: UInt64, labels: Labels) -> MemSeries? {
        hashStripes[Int(hash & mask)].m.withLock { d in d[hash]?.first { $0.labels == labels } }
    }

    /// Returns the series for `labels`, creating it with `makeRef()` when absent; `created` tells which.
    func getOrCreate(hash: UInt64, labels: Labels, makeRef: () -> UInt64) -> (series: MemSeries, created: Bool) {
        let (series, created) = hashStripes[Int(hash & mask)].m.withLock { d -> (MemSeries, Bool) in
            if let s = d[hash]?.first(where: { $0.labels == labels }) { return (s, false) }
            let s = MemSeries(ref: makeRef(), labels: labels, hash: hash)
            d[hash, default: []].append(s)
            return (s, true)
        }
        if created {
            refStripes[Int(series.ref & mask)].m.withLock { $0[series.ref] = series }
        }
        return (series, created)
    }

    /// Calls `body` on every series; stripes are locked one at a time, so the view is not a snapshot.
    func forEach(_ body: (MemSeries) -> Void) {
        for s in refStripes {
            let list = s.m.withLock { Array($0.values) }
            for m in list { body(m) }
        }
    }
}
