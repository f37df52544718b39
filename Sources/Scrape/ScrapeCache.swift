import PromModel
import Storage

/// Remembers, per target, what each exposed series became, so a steady-state scrape neither builds labels
/// nor relabels: the raw bytes of `name{labels}` map to the storage ref and final labels.
///
/// It also drives staleness: a series seen in the previous scrape and absent from this one gets a
/// staleness marker. Used by one scrape loop at a time (not thread-safe by design).
struct ScrapeCache {
    struct Entry {
        var raw: [UInt8]
        var ref: SeriesRef
        var labels: Labels
        /// Dropped by metric_relabel_configs: skip without work.
        var dropped: Bool
        var lastIteration: Int
    }

    /// Keyed by the FNV-1a hash of the raw series bytes; a list handles the rare hash collision.
    private var entries: [UInt64: [Entry]] = [:]
    private(set) var iteration = 0
    /// Series appended in the previous successful iteration: their final labels and refs.
    private var previous: [UInt64: (Labels, SeriesRef)] = [:]
    private var current: [UInt64: (Labels, SeriesRef)] = [:]

    /// Entries not seen for this many scrapes are forgotten, bounding memory for churning series.
    static let retainIterations = 10

    mutating func beginIteration() {
        iteration += 1
        current.removeAll(keepingCapacity: true)
    }

    func lookup(_ body: UnsafeRawBufferPointer, hash: UInt64) -> Entry? {
        guard let bucket = entries[hash] else { return nil }
        for e in bucket where e.raw.elementsEqual(body) { return e }
        return nil
    }

    mutating func store(_ entry: Entry, hash: UInt64) {
        if var bucket = entries[hash] {
            if let i = bucket.firstIndex(where: { $0.raw == entry.raw }) {
                bucket[i] = entry
            } else {
                bucket.append(entry)
            }
            entries[hash] = bucket
        } else {
            entries[hash] = [entry]
        }
    }

    mutating func touch(hash: UInt64, raw: UnsafeRawBufferPointer, ref: SeriesRef) {
        guard var bucket = entries[hash] else { return }
        for i in bucket.indices where bucket[i].raw.elementsEqual(raw) {
            bucket[i].lastIteration = iteration
            bucket[i].ref = ref
        }
        entries[hash] = bucket
    }

    /// Records that a series was appended in this iteration (for staleness tracking).
    mutating func trackSeen(_ labels: Labels, ref: SeriesRef) {
        current[labels.stableHash] = (labels, ref)
    }

    /// Series of the previous iteration that this one did not produce.
    func vanished() -> [(Labels, SeriesRef)] {
        previous.compactMap { current[$0.key] == nil ? $0.value : nil }
    }

    /// Everything the last successful iteration produced (for end-of-run staleness).
    var lastSeen: [(Labels, SeriesRef)] { Array(previous.values) }

    /// Ends the iteration: what it produced becomes "previous" (nothing, after a failed scrape, whose
    /// caller has marked every previous series stale); entries unseen for a while are evicted.
    mutating func endIteration() {
        swap(&previous, &current)
        current.removeAll(keepingCapacity: true)
        if iteration % Self.retainIterations == 0 {
            let horizon = iteration - Self.retainIterations
            entries = entries.compactMapValues { bucket in
                let kept = bucket.filter { $0.lastIteration > horizon }
                return kept.isEmpty ? nil : kept
            }
        }
    }
}
