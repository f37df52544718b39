/// One lock stripe's series by reference: open addressing with linear probing, homed by ref order.
///
/// Replaces a `[UInt64: MemSeries]` dictionary: resolving the cached ref of every scraped sample went through
/// SipHash and the dictionary's probing, about a tenth of ingestion CPU at 100k series. Key 0 marks an empty slot;
/// ref 0 (never handed out by the head, but possible in a foreign WAL) is kept aside. Removal shifts later
/// entries back (no tombstones), so lookups stay short after churn. Not thread-safe: the stripe's lock guards it.
struct SeriesByRef {
    private struct Entry {
        var key: UInt64
        var value: MemSeries?
    }

    /// Key and value side by side: a lookup touches one cache line.
    private var entries: [Entry] = []
    private(set) var count = 0
    private var mask = 0
    private var zero: MemSeries?
    /// `StripeSeries` sends runs of `1 << runBits` consecutive refs to one stripe, picked by the next
    /// `stripeBits` bits. The home slot drops those stripe bits, so the consecutive refs a stripe holds (one
    /// target's series are created together) land in consecutive slots: a scrape walks the table almost
    /// sequentially instead of missing the cache on every series, and refs do not collide until they wrap.
    private let runBits: UInt64
    private let stripeBits: UInt64

    init(runBits: Int = 0, stripeBits: Int = 0) {
        self.runBits = UInt64(runBits)
        self.stripeBits = UInt64(stripeBits)
    }

    @inline(__always)
    private func home(_ ref: UInt64) -> Int {
        let run = ref & ((1 << runBits) - 1)
        return Int(truncatingIfNeeded: ((ref >> (runBits + stripeBits)) << runBits) | run) & mask
    }

    subscript(ref: UInt64) -> MemSeries? {
        get {
            if ref == 0 { return zero }
            if count == 0 { return nil }
            var i = home(ref)
            while true {
                let k = entries[i].key
                if k == ref { return entries[i].value }
                if k == 0 { return nil }
                i = (i + 1) & mask
            }
        }
        set {
            if ref == 0 {
                zero = newValue
            } else if let s = newValue {
                insert(ref, s)
            } else {
                remove(ref)
            }
        }
    }

    private mutating func insert(_ ref: UInt64, _ s: MemSeries) {
        if (count + 1) * 4 > entries.count * 3 { grow() }
        var i = home(ref)
        while entries[i].key != 0 && entries[i].key != ref { i = (i + 1) & mask }
        if entries[i].key == 0 {
            entries[i].key = ref
            count += 1
        }
        entries[i].value = s
    }

    private mutating func remove(_ ref: UInt64) {
        guard count > 0 else { return }
        var i = home(ref)
        while entries[i].key != ref {
            if entries[i].key == 0 { return }
            i = (i + 1) & mask
        }
        entries[i] = Entry(key: 0, value: nil)
        count -= 1
        // Backward shift: move later entries of the probe run into the hole when their home allows it.
        var j = i
        while true {
            j = (j + 1) & mask
            if entries[j].key == 0 { return }
            let h = home(entries[j].key)
            // The entry at j may move to i unless its home lies cyclically in (i, j].
            let stays = i <= j ? (h > i && h <= j) : (h > i || h <= j)
            if stays { continue }
            entries[i] = entries[j]
            entries[j] = Entry(key: 0, value: nil)
            i = j
        }
    }

    private mutating func grow() {
        let old = entries
        let size = Swift.max(16, entries.count * 2)
        entries = [Entry](repeating: Entry(key: 0, value: nil), count: size)
        mask = size - 1
        count = 0
        for e in old where e.key != 0 { insert(e.key, e.value!) }
    }

    /// Every series held, in no particular order.
    var all: [MemSeries] {
        var out: [MemSeries] = []
        out.reserveCapacity(count + 1)
        if let zero { out.append(zero) }
        for e in entries { if let v = e.value { out.append(v) } }
        return out
    }
}
