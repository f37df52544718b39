import PromModel
import Storage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Remembers, per target, what each exposed series became, so a steady-state scrape neither builds labels
/// nor relabels: the raw bytes of `name{labels}` (text formats) or the protobuf parser's series key map to the
/// storage ref and final labels.
///
/// It also drives staleness: a series seen in the previous scrape and absent from this one gets a
/// staleness marker. Used by one scrape loop at a time (not thread-safe by design).
///
/// Entries live in one array and are addressed by slot; a scrape that hits the cache updates its entry in
/// place and records the slot as seen, so the steady state allocates nothing and hashes no labels. (The first
/// version kept a dictionary of buckets, copied a bucket on every hit and hashed each series' final labels
/// for staleness: ~15% of the scrape CPU at 2,000 targets × 500 series.)
struct ScrapeCache {
    struct Entry {
        /// The series as exposed (`name{labels}`, or a protobuf series key); handed to `store`, which keeps the
        /// bytes in its arena.
        var raw: [UInt8]
        var ref: SeriesRef
        var labels: Labels
        /// Dropped by metric_relabel_configs: skip without work.
        var dropped: Bool
        var lastIteration: Int
    }

    private struct Slot {
        /// The entry, its `raw` emptied: the bytes live in `arena`.
        var entry: Entry
        var rawStart: Int
        var rawCount: Int
        /// `hash(_:)` of `entry.raw`, kept to rebuild the index after eviction.
        var hash: UInt64
        /// Next slot whose raw bytes have the same hash (a rare collision), or -1.
        var next: Int
        /// The iteration in which the series was last appended with the scrape's timestamp.
        var seenIteration: Int
    }

    private var slots: [Slot] = []
    /// The raw bytes of every entry, back to back in the order series were first seen, which is the order the
    /// next scrape asks for them: comparing them walks memory forwards instead of visiting one small array per
    /// series.
    private var arena: [UInt8] = []
    /// Raw-bytes hash → first slot of its collision chain.
    private var index = SlotIndex()
    private(set) var iteration = 0
    /// Slots appended (and staleness-tracked) in the previous successful iteration, and in this one.
    private var previousSeen: [Int] = []
    private var currentSeen: [Int] = []

    /// Entries not seen for this many scrapes are forgotten, bounding memory for churning series.
    static let retainIterations = 10

    mutating func beginIteration() {
        iteration += 1
        currentSeen.removeAll(keepingCapacity: true)
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

    /// The slot of the series whose raw bytes are `body`, or nil.
    func lookup(_ body: UnsafeRawBufferPointer, hash: UInt64) -> Int? {
        var i = index[hash] ?? -1
        guard i >= 0 else { return nil }
        // Through buffer pointers: reading a slot's fields from the array inside the closure copied (and
        // retained) the whole slot.
        return arena.withUnsafeBytes { bytes in
            slots.withUnsafeBufferPointer { s in
                while i >= 0 {
                    let start = s[i].rawStart, n = s[i].rawCount
                    if n == body.count && (n == 0 || memcmp(bytes.baseAddress! + start, body.baseAddress!, n) == 0) {
                        return i
                    }
                    i = s[i].next
                }
                return nil
            }
        }
    }

    subscript(slot: Int) -> Entry {
        _read { yield slots[slot].entry }
    }

    /// Adds a series that `lookup` did not find; returns its slot.
    @discardableResult
    mutating func store(_ entry: Entry, hash: UInt64) -> Int {
        let slot = slots.count
        var stored = entry
        stored.raw = []
        slots.append(Slot(entry: stored, rawStart: arena.count, rawCount: entry.raw.count, hash: hash,
                          next: index[hash] ?? -1, seenIteration: 0))
        arena.append(contentsOf: entry.raw)
        index[hash] = slot
        return slot
    }

    /// Marks a cached series as exposed in this iteration, with the ref the appender returned.
    mutating func touch(_ slot: Int, ref: SeriesRef) {
        slots[slot].entry.lastIteration = iteration
        slots[slot].entry.ref = ref
    }

    /// Records that a series was appended in this iteration (for staleness tracking).
    mutating func trackSeen(_ slot: Int) {
        guard slots[slot].seenIteration != iteration else { return }
        slots[slot].seenIteration = iteration
        currentSeen.append(slot)
    }

    /// Forgets what this iteration tracked: a failed scrape keeps none of its samples, so everything of the
    /// previous iteration is vanished and nothing is "previous" for the next one.
    mutating func discardCurrent() {
        for slot in currentSeen { slots[slot].seenIteration = 0 }
        currentSeen.removeAll(keepingCapacity: true)
    }

    /// Series of the previous iteration that this one did not produce.
    func vanished() -> [(Labels, SeriesRef)] {
        let gone = previousSeen.filter { slots[$0].seenIteration != iteration }
        if gone.isEmpty { return [] }
        // Relabelling may map several raw series to one label set, which stays live when any of them was
        // appended now. Only the (few) vanished label sets are hashed, and only when something vanished.
        var goneLabels = Set(gone.map { slots[$0].entry.labels })
        for slot in currentSeen where !goneLabels.isEmpty { goneLabels.remove(slots[slot].entry.labels) }
        var out: [(Labels, SeriesRef)] = []
        for slot in gone where goneLabels.remove(slots[slot].entry.labels) != nil {
            out.append((slots[slot].entry.labels, slots[slot].entry.ref))
        }
        return out
    }

    /// Everything the last successful iteration produced (for end-of-run staleness), one entry per label set.
    var lastSeen: [(Labels, SeriesRef)] {
        var reported = Set<Labels>()
        return previousSeen.compactMap { slot in
            let e = slots[slot].entry
            return reported.insert(e.labels).inserted ? (e.labels, e.ref) : nil
        }
    }

    /// Ends the iteration: what it produced becomes "previous" (nothing, after a failed scrape whose caller
    /// called `discardCurrent()` and marked every previous series stale); entries unseen for a while are
    /// evicted.
    mutating func endIteration() {
        swap(&previousSeen, &currentSeen)
        currentSeen.removeAll(keepingCapacity: true)
        if iteration % Self.retainIterations == 0 { evict() }
    }

    /// Drops entries unseen for `retainIterations` and renumbers the rest (tracked slots are always recent).
    private mutating func evict() {
        let horizon = iteration - Self.retainIterations
        var renumbered = [Int](repeating: -1, count: slots.count)
        var kept: [Slot] = []
        kept.reserveCapacity(slots.count)
        for (old, s) in slots.enumerated() where s.entry.lastIteration > horizon || s.seenIteration > horizon {
            renumbered[old] = kept.count
            kept.append(s)
        }
        guard kept.count < slots.count else { return }
        var compacted: [UInt8] = []
        compacted.reserveCapacity(kept.reduce(0) { $0 + $1.rawCount })
        for i in kept.indices {
            let start = compacted.count
            compacted.append(contentsOf: arena[kept[i].rawStart..<kept[i].rawStart + kept[i].rawCount])
            kept[i].rawStart = start
        }
        arena = compacted
        index.removeAll()
        for i in kept.indices {
            kept[i].next = index[kept[i].hash] ?? -1
            index[kept[i].hash] = i
        }
        slots = kept
        previousSeen = previousSeen.compactMap { renumbered[$0] >= 0 ? renumbered[$0] : nil }
    }
}

/// The scrape cache's index, raw-bytes hash → slot: open addressing with linear probing on the hash itself,
/// which is already well mixed (a `Dictionary` hashed it again with SipHash on every scraped sample). Entries
/// are only added or overwritten; eviction rebuilds it.
struct SlotIndex {
    private struct Entry {
        var hash: UInt64
        /// -1: empty.
        var slot: Int
    }

    private var entries: [Entry] = []
    private var count = 0
    private var mask = 0

    subscript(hash: UInt64) -> Int? {
        get {
            guard count > 0 else { return nil }
            var i = Int(truncatingIfNeeded: hash) & mask
            while true {
                let e = entries[i]
                if e.slot < 0 { return nil }
                if e.hash == hash { return e.slot }
                i = (i + 1) & mask
            }
        }
        set {
            guard let slot = newValue else { preconditionFailure("SlotIndex entries are never removed one by one") }
            if (count + 1) * 4 > entries.count * 3 { grow() }
            var i = Int(truncatingIfNeeded: hash) & mask
            while entries[i].slot >= 0 && entries[i].hash != hash { i = (i + 1) & mask }
            if entries[i].slot < 0 { count += 1 }
            entries[i] = Entry(hash: hash, slot: slot)
        }
    }

    mutating func removeAll() {
        for i in entries.indices { entries[i].slot = -1 }
        count = 0
    }

    private mutating func grow() {
        let old = entries
        let size = Swift.max(64, entries.count * 2)
        entries = [Entry](repeating: Entry(hash: 0, slot: -1), count: size)
        mask = size - 1
        count = 0
        for e in old where e.slot >= 0 { self[e.hash] = e.slot }
    }
}
