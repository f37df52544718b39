/// The last sample of each series in one appender batch, by series ref: an open-addressing table with a
/// multiplicative hash instead of a `Dictionary`, whose SipHash cost three times per appended sample showed in
/// scrape ingestion profiles.
///
/// 0 marks an empty slot; ref 0 (never handed out by the head, which counts from 1, but possible in a foreign WAL)
/// is kept aside. Not thread-safe (one appender).
struct BatchLastSamples {
    private struct Entry {
        var ref: UInt64
        var t: Int64
        var bits: UInt64
    }

    private var entries: [Entry] = []
    private var count = 0
    private var mask = 0
    private var zero: (t: Int64, bits: UInt64)?

    @inline(__always)
    private static func home(_ ref: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (ref &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// The last sample recorded for `ref` in this batch.
    @inline(__always)
    func get(_ ref: UInt64) -> (t: Int64, bits: UInt64)? {
        if ref == 0 { return zero }
        if count == 0 { return nil }
        var i = Self.home(ref, mask)
        while true {
            let e = entries[i]
            if e.ref == ref { return (e.t, e.bits) }
            if e.ref == 0 { return nil }
            i = (i + 1) & mask
        }
    }

    /// Records `(t, bits)` as the last sample of `ref`.
    mutating func set(_ ref: UInt64, t: Int64, bits: UInt64) {
        if ref == 0 {
            zero = (t, bits)
            return
        }
        if (count + 1) * 2 > entries.count { grow() }
        var i = Self.home(ref, mask)
        while entries[i].ref != 0 && entries[i].ref != ref { i = (i + 1) & mask }
        if entries[i].ref == 0 { count += 1 }
        entries[i] = Entry(ref: ref, t: t, bits: bits)
    }

    /// Forgets every entry, keeping the table's capacity.
    mutating func removeAll() {
        zero = nil
        guard count > 0 else { return }
        for i in entries.indices { entries[i].ref = 0 }
        count = 0
    }

    private mutating func grow() {
        let old = entries
        let size = Swift.max(64, entries.count * 2)
        entries = Array(repeating: Entry(ref: 0, t: 0, bits: 0), count: size)
        mask = size - 1
        count = 0
        for e in old where e.ref != 0 { set(e.ref, t: e.t, bits: e.bits) }
    }
}
