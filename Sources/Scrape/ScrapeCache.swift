#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PromModel
import Storage

/// Remembers, per target, what each exposed series became, so a steady-state scrape neither builds labels
/// nor relabels: the raw bytes of `name{labels}` map to the storage ref and final labels.
///
/// It also drives staleness: a series seen in the previous scrape and absent from this one gets a
/// staleness marker. Used by one scrape loop at a time (not thread-safe by design).
///
/// Memory: one dictionary entry per series, no per-series side tables. Seen-in-this-scrape is a mark on the
/// entry (`seenIteration`) rather than Prometheus's two `seriesCur`/`seriesPrev` maps, and entries whose raw-bytes
/// hashes collide wait in a separate table, so the common case needs no per-series array (at 100k series these
/// side structures cost about 20 MB).
struct ScrapeCache {
    struct Entry {
        var raw: [UInt8]
        var ref: SeriesRef
        var labels: Labels
        /// Dropped by metric_relabel_configs: skip without work.
        var dropped: Bool
        var lastIteration: Int
        /// The iteration that last appended this series with the scrape's timestamp (staleness tracking).
        var seenIteration: Int = -1
    }

    /// Keyed by the FNV-1a hash of the raw series bytes.
    private var entries: [UInt64: Entry] = [:]
    /// Further entries whose raw bytes hash like one in `entries` (rare).
    private var conflicts: [UInt64: [Entry]] = [:]
    private(set) var iteration = 0
    /// The iteration whose seen series are "previous" for staleness: the last one ended.
    private var previousIteration = -1

    /// Entries not seen for this many scrapes are forgotten, bounding memory for churning series.
    static let retainIterations = 10

    mutating func beginIteration() {
        iteration += 1
    }

    /// The cache key of a raw series: a word-at-a-time multiply-xor hash (about 10 ns for a typical series where
    /// byte-wise FNV-1a took 60–80 ns, on every scraped sample). Process-local: never persisted or compared
    /// across runs.
    @inline(__always)
    static func hash(_ b: UnsafeRawBufferPointer) -> UInt64 {
        let m: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(b.count)
        var i = 0
        while i + 8 <= b.count {
            let w = b.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w) &* m
            h ^= h >> 32
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < b.count {
            tail |= UInt64(b[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* m
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 32)
    }

    private static func same(_ raw: [UInt8], _ body: UnsafeRawBufferPointer) -> Bool {
        raw.count == body.count
            && raw.withUnsafeBytes { r in r.count == 0 || memcmp(r.baseAddress!, body.baseAddress!, r.count) == 0 }
    }

    func lookup(_ body: UnsafeRawBufferPointer, hash: UInt64) -> Entry? {
        if let e = entries[hash] {
            if Self.same(e.raw, body) { return e }
            return conflicts[hash]?.first { Self.same($0.raw, body) }
        }
        return nil
    }

    mutating func store(_ entry: Entry, hash: UInt64) {
        if let e = entries[hash], e.raw != entry.raw {
            var list = conflicts[hash] ?? []
            if let i = list.firstIndex(where: { $0.raw == entry.raw }) { list[i] = entry } else { list.append(entry) }
            conflicts[hash] = list
        } else {
            entries[hash] = entry
        }
    }

    /// Marks the entry for `raw` as used in this iteration with `ref`; `seen` also marks it appended for staleness.
    /// Mutates in place: no copy of the entry's arrays.
    mutating func touch(hash: UInt64, raw: UnsafeRawBufferPointer, ref: SeriesRef, seen: Bool) {
        let it = iteration
        if let e = entries[hash], Self.same(e.raw, raw) {
            entries[hash]!.lastIteration = it
            entries[hash]!.ref = ref
            if seen { entries[hash]!.seenIteration = it }
            return
        }
        guard let i = conflicts[hash]?.firstIndex(where: { Self.same($0.raw, raw) }) else { return }
        conflicts[hash]![i].lastIteration = it
        conflicts[hash]![i].ref = ref
        if seen { conflicts[hash]![i].seenIteration = it }
    }

    private func forEachEntry(_ body: (Entry) -> Void) {
        for e in entries.values { body(e) }
        for list in conflicts.values { for e in list { body(e) } }
    }

    /// Series of the previous iteration that this one did not produce, once per label set.
    func vanished() -> [(Labels, SeriesRef)] {
        guard previousIteration >= 0 else { return [] }
        var gone: [Entry] = []
        forEachEntry { e in if e.seenIteration == previousIteration { gone.append(e) } }
        if gone.isEmpty { return [] }
        // Relabelling may map several raw series to one label set, which stays live when any of them was
        // appended now. Only the (few) vanished label sets are hashed; entries seen now are looked up in them.
        // A few vanished sets (the usual case) are compared directly, which rejects on the first differing label
        // instead of hashing every live label set.
        var goneLabels = Set(gone.map(\.labels))
        let few = goneLabels.count <= 8 ? Array(goneLabels) : nil
        forEachEntry { e in
            guard e.seenIteration == iteration, !goneLabels.isEmpty else { return }
            if let few {
                if few.contains(where: { $0 == e.labels }) { goneLabels.remove(e.labels) }
            } else if goneLabels.contains(e.labels) {
                goneLabels.remove(e.labels)
            }
        }
        var out: [(Labels, SeriesRef)] = []
        for e in gone where goneLabels.remove(e.labels) != nil { out.append((e.labels, e.ref)) }
        return out
    }

    /// Everything the last ended iteration produced (for end-of-run staleness).
    var lastSeen: [(Labels, SeriesRef)] {
        var out: [(Labels, SeriesRef)] = []
        var reported = Set<Labels>()
        forEachEntry { e in
            if e.seenIteration == previousIteration && reported.insert(e.labels).inserted { out.append((e.labels, e.ref)) }
        }
        return out
    }

    /// Ends the iteration: what it produced becomes "previous"; entries unseen for a while are evicted.
    mutating func endIteration() {
        previousIteration = iteration
        if iteration % Self.retainIterations == 0 {
            let horizon = iteration - Self.retainIterations
            entries = entries.filter { $0.value.lastIteration > horizon }
            conflicts = conflicts.compactMapValues { bucket in
                let kept = bucket.filter { $0.lastIteration > horizon }
                return kept.isEmpty ? nil : kept
            }
            // A conflicting entry whose main one was evicted takes its place, so that lookups find it.
            for (hash, list) in conflicts where entries[hash] == nil {
                entries[hash] = list[0]
                conflicts[hash] = list.count > 1 ? Array(list.dropFirst()) : nil
            }
        }
    }
}
