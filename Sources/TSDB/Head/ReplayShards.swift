import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Applies WAL samples to the head on several threads, each owning the series whose ref falls in its shard, so
/// that the samples of one series are applied in WAL order (Prometheus shards its replay the same way).
///
/// The replaying thread decodes records and resolves series; full per-shard batches go to a serial queue per
/// shard. At most `4 × count` batches are queued, so memory stays bounded when decoding outpaces appending.
/// `drain()` waits for everything queued (before tombstones, which delete samples, and at the end).
///
/// Replay is bound by memory latency, not arithmetic: a WAL record holds one sample of each of a target's series,
/// so appending in WAL order misses the cache twice per sample (the series, then its chunk). A worker therefore
/// sorts its batch by series (a stable counting sort: per-series order is kept) and appends each series' run under
/// one lock. Measured on a 100k-series, 6.5M-sample WAL: 3.0 s of CPU appending in WAL order, 1.9 s sorted.
final class ReplayShards: Sendable {
    /// A sample resolved to its series. `Unmanaged`: the replay's ref table holds the series for the whole replay,
    /// and a retain/release pair per sample across threads cost more than the append itself.
    struct Item: @unchecked Sendable {
        var series: Unmanaged<MemSeries>
        /// The series' ref divided by the shard count: dense within a shard, the sort key.
        var key: UInt32
        var t: Int64
        var valueBits: UInt64
    }

    /// Samples per batch: large enough that a batch holds several samples of each series of its shard (8 MB).
    static let defaultBatchSize = 1 << 18
    let batchSize: Int

    /// A batch handed to a worker; a box so that the worker owns the array and can recycle its buffer.
    private final class Batch: @unchecked Sendable {
        var items: [Item]
        init(_ items: consuming [Item]) { self.items = items }
    }

    /// A worker's reusable sort buffers; touched only on its shard's serial queue.
    private final class Scratch: @unchecked Sendable {
        var sorted: [Item] = []
        var starts: [Int] = []
    }

    let count: Int
    private let queues: [DispatchQueue]
    private let scratch: [Scratch]
    private let group = DispatchGroup()
    private let slots: DispatchSemaphore
    /// Emptied batch buffers, reused so that replay does not fault in fresh pages for every batch.
    private let pool = Mutex<[[Item]]>([])
    let appended = Atomic<Int>(0)
    let outOfOrder = Atomic<Int>(0)

    init(shards: Int, batchSize: Int = defaultBatchSize) {
        count = max(1, shards)
        self.batchSize = max(1, batchSize)
        queues = (0..<count).map { DispatchQueue(label: "sextant.tsdb.replay.\($0)") }
        scratch = (0..<count).map { _ in Scratch() }
        slots = DispatchSemaphore(value: count)
    }

    /// Shard count for this machine: one per CPU (at least two, so decoding overlaps appending).
    static var defaultShards: Int { max(2, min(8, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))) }

    /// Refs whose key does not fit the sort key are applied by the replaying thread instead.
    func fitsKey(_ ref: UInt64) -> Bool { ref / UInt64(count) < UInt64(UInt32.max) }

    func shard(of ref: UInt64) -> Int { Int(ref % UInt64(count)) }
    func key(of ref: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: ref / UInt64(count)) }

    /// An empty batch buffer with room for `batchSize` items.
    func takeBuffer() -> [Item] {
        if let b = pool.withLock({ $0.popLast() }) { return b }
        var b: [Item] = []
        b.reserveCapacity(batchSize)
        return b
    }

    /// Queues `items` for shard `shard` (blocks while too many batches are queued).
    func submit(_ items: consuming [Item], shard: Int, head: Head) {
        slots.wait()
        let batch = Batch(items)
        let sc = scratch[shard]
        queues[shard].async(group: group) { [self] in
            var input: [Item] = []
            swap(&input, &batch.items)
            let n = Self.sortBySeries(input, into: &sc.sorted, starts: &sc.starts)
            sc.sorted.withUnsafeBufferPointer { apply(UnsafeBufferPointer(rebasing: $0[0..<n]), head: head) }
            input.removeAll(keepingCapacity: true)
            pool.withLock { $0.append(input) }
            slots.signal()
        }
    }

    /// Waits until every queued batch is applied.
    func drain() { group.wait() }

    /// A stable counting sort by `key` into the first `items.count` elements of `out`; returns that count.
    static func sortBySeries(_ items: [Item], into out: inout [Item], starts: inout [Int]) -> Int {
        guard let first = items.first else { return 0 }
        if out.count < items.count { out = [Item](repeating: first, count: items.count) }
        var maxKey: UInt32 = 0
        for it in items where it.key > maxKey { maxKey = it.key }
        let buckets = Int(maxKey) + 2
        if starts.count < buckets { starts = [Int](repeating: 0, count: buckets) }
        starts.withUnsafeMutableBufferPointer { st in
            for i in 0..<buckets { st[i] = 0 }
            for it in items { st[Int(it.key) + 1] += 1 }
            for i in 1..<buckets { st[i] += st[i - 1] }
            out.withUnsafeMutableBufferPointer { o in
                for it in items {
                    let k = Int(it.key)
                    o[st[k]] = it
                    st[k] += 1
                }
            }
        }
        return items.count
    }

    /// Appends runs of samples of one series each.
    private func apply(_ b: UnsafeBufferPointer<Item>, head: Head) {
        var total = Head.RunResult()
        var i = 0
        while i < b.count {
            let s = b[i].series
            var j = i + 1
            while j < b.count && b[j].series.toOpaque() == s.toOpaque() { j += 1 }
            let r = s._withUnsafeGuaranteedRef { head.appendRun($0, UnsafeBufferPointer(rebasing: b[i..<j])) }
            total.merge(r)
            i = j
        }
        if total.lo <= total.hi { head.updateTimeRange(lo: total.lo, hi: total.hi) }
        if total.chunks > 0 { head.chunksCreated.add(total.chunks, ordering: .relaxed) }
        appended.add(total.appended, ordering: .relaxed)
        if total.refused > 0 { outOfOrder.add(total.refused, ordering: .relaxed) }
    }
}

extension Head {
    struct RunResult {
        var appended = 0
        var refused = 0
        var chunks = 0
        var lo = Int64.max
        var hi = Int64.min

        mutating func merge(_ o: RunResult) {
            appended += o.appended
            refused += o.refused
            chunks += o.chunks
            lo = min(lo, o.lo)
            hi = max(hi, o.hi)
        }
    }

    /// Appends time-ordered replayed samples of one series under one lock, with `append(_:t:valueBits:seq:)`'s
    /// rules for a replayed sample (seq 0): samples not after the last one, or before the persisted range, are
    /// refused.
    func appendRun(_ series: MemSeries, _ items: UnsafeBufferPointer<ReplayShards.Item>) -> RunResult {
        let persisted = persistedMaxT.load(ordering: .relaxed)
        var late: [ReplayShards.Item] = []
        var r = series.state.withLock { st in
            var r = RunResult()
            for it in items {
                if st.removed || it.t < persisted || it.t == st.lastT {
                    r.refused += 1
                    continue
                }
                if it.t <= st.lastT {
                    // Logged, so it was accepted: a late sample in the out-of-order window, applied outside the lock.
                    late.append(it)
                    continue
                }
                if st.append(
                    t: it.t, valueBits: it.valueBits, chunkRange: chunkRange, samplesPerChunk: samplesPerChunk,
                    mapper: chunkMapper, seriesRef: series.ref)
                {
                    r.chunks += 1
                }
                r.appended += 1
                r.lo = min(r.lo, it.t)
                r.hi = max(r.hi, it.t)
            }
            return r
        }
        for it in late {
            if appendOOO(series, t: it.t, valueBits: it.valueBits) { r.appended += 1 } else { r.refused += 1 }
        }
        return r
    }
}
