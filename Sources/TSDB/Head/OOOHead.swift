import Synchronization

/// Out-of-order samples of the head (`storage.tsdb.out_of_order_time_window`): samples older than their
/// series' newest one, accepted when within the window, kept per series as a sorted buffer beside the in-order
/// chunks and merged with them when a query or a compaction reads the series.
///
/// Kept out of `MemSeries` so that series that never receive a late sample pay nothing for the feature; the
/// `isEmpty` check lets queriers skip the lock when no series has any. Thread-safe. Lock order: a series lock
/// may be held while calling in here, never the reverse.
final class OOOHead: Sendable {
    /// One late sample.
    struct Sample: Sendable, Equatable {
        var t: Int64
        var valueBits: UInt64
    }

    private let buffers = Mutex<[UInt64: [Sample]]>([:])
    private let seriesWithSamples = Atomic<Int>(0)

    var isEmpty: Bool { seriesWithSamples.load(ordering: .relaxed) == 0 }

    /// Inserts a sample in time order; a sample at a timestamp already buffered is ignored (the first one wins,
    /// as for an exact repeat in order). Returns whether it was inserted.
    @discardableResult
    func insert(ref: UInt64, t: Int64, valueBits: UInt64) -> Bool {
        buffers.withLock { b in
            var list = b[ref] ?? []
            let i = Self.lowerBound(list, t)
            if i < list.count && list[i].t == t { return false }
            if list.isEmpty { seriesWithSamples.add(1, ordering: .relaxed) }
            list.insert(Sample(t: t, valueBits: valueBits), at: i)
            b[ref] = list
            return true
        }
    }

    /// The buffered samples of `ref` in `[mint, maxt]`, oldest first.
    func samples(ref: UInt64, mint: Int64, maxt: Int64) -> [Sample] {
        if isEmpty || maxt < mint { return [] }
        return buffers.withLock { b in
            guard let list = b[ref] else { return [] }
            let lo = Self.lowerBound(list, mint)
            var hi = lo
            while hi < list.count && list[hi].t <= maxt { hi += 1 }
            return Array(list[lo..<hi])
        }
    }

    /// Every buffered sample by series ref (for WAL checkpoints and head snapshots).
    func all() -> [(ref: UInt64, samples: [Sample])] {
        if isEmpty { return [] }
        return buffers.withLock { b in b.map { ($0.key, $0.value) } }
    }

    /// Oldest buffered timestamp, `Int64.max` when empty.
    var minTime: Int64 {
        if isEmpty { return Int64.max }
        return buffers.withLock { b in b.values.reduce(Int64.max) { min($0, $1.first?.t ?? Int64.max) } }
    }

    /// Drops samples before `mint` (persisted in a block). Returns how many were dropped.
    @discardableResult
    func truncate(before mint: Int64) -> Int {
        if isEmpty { return 0 }
        return buffers.withLock { b in
            var dropped = 0
            for (ref, list) in b {
                let keep = list.filter { $0.t >= mint }
                dropped += list.count - keep.count
                if keep.isEmpty {
                    b[ref] = nil
                    seriesWithSamples.add(-1, ordering: .relaxed)
                } else if keep.count != list.count {
                    b[ref] = keep
                }
            }
            return dropped
        }
    }

    /// Deletes the samples of `ref` in `[mint, maxt]`; returns whether any was deleted.
    @discardableResult
    func delete(ref: UInt64, mint: Int64, maxt: Int64) -> Bool {
        if isEmpty { return false }
        return buffers.withLock { b in
            guard let list = b[ref] else { return false }
            let keep = list.filter { $0.t < mint || $0.t > maxt }
            if keep.count == list.count { return false }
            if keep.isEmpty {
                b[ref] = nil
                seriesWithSamples.add(-1, ordering: .relaxed)
            } else {
                b[ref] = keep
            }
            return true
        }
    }

    /// Forgets a series removed from the head.
    func remove(ref: UInt64) {
        if isEmpty { return }
        buffers.withLock { b in
            if b.removeValue(forKey: ref) != nil { seriesWithSamples.add(-1, ordering: .relaxed) }
        }
    }

    private static func lowerBound(_ list: [Sample], _ t: Int64) -> Int {
        var lo = 0
        var hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid].t < t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// `chunks` (time-ordered, in-order samples) merged with `late` samples into new time-ordered chunks; at
    /// equal timestamps the in-order sample wins. Chunks hold at most `samplesPerChunk` samples.
    static func merge(_ chunks: [ChunkView], _ late: [Sample], samplesPerChunk: Int) -> [ChunkView] {
        if chunks.contains(where: { $0.encoding != .xor }) { return mergeMixed(chunks, late, samplesPerChunk: samplesPerChunk) }
        var out: [ChunkView] = []
        var current = XORChunk()
        var currentMinT: Int64 = 0
        func add(_ t: Int64, _ bits: UInt64) {
            if current.numSamples >= samplesPerChunk {
                out.append(ChunkView(bytes: current.bytes, minT: currentMinT, maxT: current.lastT))
                current = XORChunk()
            }
            if current.numSamples == 0 { currentMinT = t }
            current.append(t: t, v: Double(bitPattern: bits))
        }
        var li = 0
        var lastT = Int64.min
        for c in chunks {
            var it = XORIterator(bytes: c.bytes)
            while it.next() {
                while li < late.count && late[li].t < it.t {
                    if late[li].t > lastT { add(late[li].t, late[li].valueBits); lastT = late[li].t }
                    li += 1
                }
                if li < late.count && late[li].t == it.t { li += 1 }
                if it.t > lastT { add(it.t, it.valueBits); lastT = it.t }
            }
        }
        while li < late.count {
            if late[li].t > lastT { add(late[li].t, late[li].valueBits); lastT = late[li].t }
            li += 1
        }
        if current.numSamples > 0 { out.append(ChunkView(bytes: current.bytes, minT: currentMinT, maxT: current.lastT)) }
        return out
    }

    /// `merge` for a series with histogram chunks: every sample is decoded and re-appended in time order, so that
    /// late floats land between histograms where they belong (chunks are cut where the sample type changes).
    static func mergeMixed(_ chunks: [ChunkView], _ late: [Sample], samplesPerChunk: Int) -> [ChunkView] {
        var out = SeriesChunks()
        var li = 0
        func lateBefore(_ t: Int64, _ out: inout SeriesChunks) {
            while li < late.count && late[li].t < t {
                if late[li].t > out.lastT {
                    _ = out.append(t: late[li].t, valueBits: late[li].valueBits, chunkRange: Int64.max / 2,
                                   samplesPerChunk: samplesPerChunk)
                }
                li += 1
            }
            // At equal timestamps the in-order sample wins.
            if li < late.count && late[li].t == t { li += 1 }
        }
        for c in chunks {
            if c.encoding == .xor {
                var it = XORIterator(bytes: c.bytes)
                while it.next() {
                    lateBefore(it.t, &out)
                    if it.t > out.lastT {
                        _ = out.append(t: it.t, valueBits: it.valueBits, chunkRange: Int64.max / 2, samplesPerChunk: samplesPerChunk)
                    }
                }
            } else {
                var it = HistogramIterator(bytes: c.bytes, encoding: c.encoding)
                while it.next() {
                    lateBefore(it.t, &out)
                    if it.t > out.lastT {
                        _ = out.appendHistogram(t: it.t, h: it.histogram(), chunkRange: Int64.max / 2,
                                                samplesPerChunk: samplesPerChunk)
                    }
                }
            }
        }
        lateBefore(Int64.max, &out)
        return out.chunks(mint: Int64.min, maxt: Int64.max)
    }
}
