import PromModel
import Synchronization

/// An encoded chunk handed to readers.
struct ChunkView: Sendable {
    var bytes: [UInt8]
    var minT: Int64
    var maxT: Int64
    var encoding: ChunkEncoding = .xor
}

/// A closed, immutable chunk of a series: in memory, or in a head chunk file when the head has a disk mapper.
struct ClosedChunk: Sendable {
    var minT: Int64
    var maxT: Int64
    /// The encoded chunk when held in memory.
    var bytes: [UInt8]?
    /// The chunk's reference in the `ChunkDiskMapper` when `bytes` is nil. A chunk in memory has no reference, and
    /// the field carries its encoding instead (0 for XOR), which keeps one closed chunk at 32 bytes. Histogram
    /// chunks always stay in memory (see `SeriesChunks.appendHistogram`).
    var diskRef: UInt64 = 0

    var encoding: ChunkEncoding {
        bytes != nil && diskRef == UInt64(ChunkEncoding.floatHistogram.rawValue) ? .floatHistogram : .xor
    }

    static func histogram(minT: Int64, maxT: Int64, bytes: [UInt8]) -> ClosedChunk {
        ClosedChunk(minT: minT, maxT: maxT, bytes: bytes, diskRef: UInt64(ChunkEncoding.floatHistogram.rawValue))
    }
}

/// One series in the head: its identity and its chunks, guarded by its own lock.
///
/// The per-series lock keeps appends to different series independent; it is held only to append a sample or to
/// snapshot the chunk list.
///
/// Size matters: there is one per active series. The label hash is not kept (the registry recomputes it on the
/// rare removal), and `SeriesChunks` packs its small fields.
final class MemSeries: Sendable {
    let ref: UInt64
    let labels: Labels
    let state: Mutex<SeriesChunks>

    init(ref: UInt64, labels: Labels) {
        self.ref = ref
        self.labels = labels
        self.state = Mutex(SeriesChunks())
    }

    /// The registry's hash of `labels`.
    var hash: UInt64 { labels.stableHash }
}

/// The samples of one series: closed chunks, oldest first, and the open chunk being appended to.
struct SeriesChunks: Sendable {
    var closed: [ClosedChunk] = []
    var open: XORChunk?
    /// The open chunk while the series' newest samples are native histograms; at most one element. An array, not an
    /// optional, so that float series pay 8 bytes for it (an empty array allocates nothing) and the chunk is still
    /// mutated in place. `open` and this are never both set.
    var openHistogram: [FloatHistogramChunk] = []
    var openMinT: Int64 = 0
    /// First timestamp that no longer belongs in the open chunk (the end of its block range).
    var openRangeEnd: Int64 = 0
    /// Committed last sample, used to validate new ones.
    var lastT: Int64 = Int64.min
    var lastValueBits: UInt64 = 0
    /// Open appenders holding a sample for this series: truncation must not drop it under them.
    var pendingCommits: Int32 = 0
    /// Set when head truncation dropped the series from the registry.
    var removed = false
    /// Set when a closed chunk could not be written to the head chunk files: later ones stay in memory too, so
    /// that the files hold a gap-free run of the series' chunks, which a restart may reuse (Docs/head_chunks.md).
    var unwritten = false
    /// Set when replay attached chunks from the head chunk files: `lastValueBits` is then read from the newest
    /// closed chunk when first needed (`resolveLastValue`), not decoded for every series at start.
    var lastValueUnknown = false
    /// Commits that appended lately, so that queriers see whole commits only.
    var recent = RecentCommits()

    var isEmpty: Bool { open == nil && openHistogram.isEmpty && closed.isEmpty }

    /// Makes `lastValueBits` valid (see `lastValueUnknown`). When the chunk cannot be read (never expected) the
    /// bits stay 0: an exact repeat of the newest sample is then refused as a duplicate instead of accepted.
    mutating func resolveLastValue(mapper: ChunkDiskMapper?) {
        guard lastValueUnknown else { return }
        lastValueUnknown = false
        guard let c = closed.last else { return }
        guard let bytes = c.bytes ?? mapper?.chunk(c.diskRef) else { return }
        var it = XORIterator(bytes: bytes)
        while it.next() { lastValueBits = it.valueBits }
    }
    var minT: Int64 { closed.first?.minT ?? (open == nil && openHistogram.isEmpty ? Int64.max : openMinT) }

    /// Appends a sample known to be after `lastT`; returns whether a new chunk was started.
    /// With a `mapper`, closed chunks move to disk (kept in memory if the write fails: the WAL has the samples).
    mutating func append(
        t: Int64, valueBits: UInt64, chunkRange: Int64, samplesPerChunk: Int,
        mapper: ChunkDiskMapper? = nil, seriesRef: UInt64 = 0
    ) -> Bool {
        var cut = false
        if let h = openHistogram.first {
            closeHistogram(h)
            cut = true
        } else if let o = open {
            if o.numSamples >= samplesPerChunk || t >= openRangeEnd {
                var c = ClosedChunk(minT: openMinT, maxT: o.lastT, bytes: o.bytes)
                if let mapper, !unwritten {
                    if let ref = try? mapper.write(seriesRef: seriesRef, minT: c.minT, maxT: c.maxT, chunk: o.bytes) {
                        c.bytes = nil
                        c.diskRef = ref
                    } else {
                        unwritten = true
                    }
                }
                closed.append(c)
                cut = true
            }
        } else {
            cut = true
        }
        if cut {
            open = XORChunk()
            openMinT = t
            openRangeEnd = Self.rangeEnd(t, chunkRange)
        }
        open!.append(t: t, v: Double(bitPattern: valueBits))
        lastT = t
        lastValueBits = valueBits
        lastValueUnknown = false
        return cut
    }

    /// Appends a native histogram known to be after `lastT`; returns whether a new chunk was started.
    ///
    /// Histogram chunks stay in memory: the head chunk files hold XOR chunks only. After one, the series' later
    /// chunks stay in memory too (`unwritten`), so that the files keep a gap-free run that a restart may reuse.
    mutating func appendHistogram(t: Int64, h: FloatHistogram, chunkRange: Int64, samplesPerChunk: Int) -> Bool {
        var header: CounterResetHeader? = nil
        if let o = open {
            closed.append(ClosedChunk(minT: openMinT, maxT: o.lastT, bytes: o.bytes))
            open = nil
            header = h.counterResetHint == .gauge ? .gauge : .unknown
        } else if let c = openHistogram.first {
            if c.numSamples >= samplesPerChunk || c.bytes.count >= Self.histogramChunkBytes || t >= openRangeEnd
                || c.numSamples >= FloatHistogramChunk.maxSamples
            {
                // Prometheus's rule: a cut for size or time says nothing about resets unless the sample says so.
                switch c.appendability(of: h) {
                case .append: header = h.counterResetHint == .gauge ? .gauge : .notCounterReset
                case .cut(let next): header = next
                }
            } else if case .cut(let next) = c.appendability(of: h) {
                header = next
            }
            if header != nil { closeHistogram(c) }
        } else {
            header = h.counterResetHint == .gauge ? .gauge : h.counterResetHint == .counterReset ? .counterReset : .unknown
        }
        if let header {
            openHistogram = [FloatHistogramChunk(header: header)]
            openMinT = t
            openRangeEnd = Self.rangeEnd(t, chunkRange)
        }
        openHistogram[0].append(t: t, h: h)
        lastT = t
        lastValueBits = h.sum.bitPattern
        lastValueUnknown = false
        return header != nil
    }

    /// A histogram chunk about to be replaced by a new open chunk.
    private mutating func closeHistogram(_ c: FloatHistogramChunk) {
        closed.append(.histogram(minT: openMinT, maxT: c.lastT, bytes: c.bytes))
        openHistogram = []
        unwritten = true
    }

    /// Prometheus cuts histogram chunks at about 1 KiB as well as at the sample count.
    static let histogramChunkBytes = 1024

    /// The newest committed histogram, when the series' open chunk holds histograms.
    var lastHistogram: FloatHistogram? {
        guard let c = openHistogram.first, c.numSamples > 0, c.lastT == lastT else { return nil }
        return c.last
    }

    /// Removes the samples in `[mint, maxt]`, re-encoding the remaining ones into in-memory chunks (a chunk on disk
    /// is read back). The last sample seen stays the reference for validating appends, as in Prometheus.
    /// Returns the chunk counts before and after, or nil when nothing was deleted.
    mutating func delete(
        mint: Int64, maxt: Int64, chunkRange: Int64, samplesPerChunk: Int, mapper: ChunkDiskMapper?
    ) -> (before: Int, after: Int)? {
        let all = chunks(mint: Int64.min, maxt: Int64.max, mapper: mapper)
        guard all.contains(where: { $0.maxT >= mint && $0.minT <= maxt }) else { return nil }
        let before = chunkCount
        let (keepT, keepBits) = (lastT, lastValueBits)
        closed = []
        open = nil
        openHistogram = []
        lastT = Int64.min
        var deleted = false
        for c in all {
            if c.encoding != .xor {
                var it = HistogramIterator(bytes: c.bytes, encoding: c.encoding)
                while it.next() {
                    if it.t >= mint && it.t <= maxt {
                        deleted = true
                        continue
                    }
                    if it.t <= lastT { continue }
                    _ = appendHistogram(t: it.t, h: it.histogram(), chunkRange: chunkRange, samplesPerChunk: samplesPerChunk)
                }
                continue
            }
            var it = XORIterator(bytes: c.bytes)
            while it.next() {
                if it.t >= mint && it.t <= maxt {
                    deleted = true
                    continue
                }
                if it.t <= lastT { continue }  // never expected: chunks are in time order
                _ = append(t: it.t, valueBits: it.valueBits, chunkRange: chunkRange, samplesPerChunk: samplesPerChunk)
            }
        }
        (lastT, lastValueBits) = (keepT, keepBits)
        return deleted ? (before, chunkCount) : (before, before)
    }

    /// End of the block range holding `t` (Prometheus's `rangeForTimestamp`).
    /// Floor division, so that negative timestamps fall in the range below zero like the blocks that hold them.
    static func rangeEnd(_ t: Int64, _ width: Int64) -> Int64 {
        rangeStart(t, width) + width
    }

    static func rangeStart(_ t: Int64, _ width: Int64) -> Int64 {
        let q = t / width
        return (t % width != 0 && t < 0 ? q - 1 : q) * width
    }

    var chunkCount: Int { closed.count + (open == nil ? 0 : 1) + openHistogram.count }

    /// Chunks overlapping `[mint, maxt]`, the open one copied as of now (copy-on-write, so cheap).
    /// Chunks on disk are copied out of their map (one copy per chunk, not per sample); a chunk the mapper cannot
    /// read (never expected) is skipped.
    func chunks(mint: Int64, maxt: Int64, mapper: ChunkDiskMapper? = nil) -> [ChunkView] {
        if maxt < mint { return [] }
        var out: [ChunkView] = []
        for c in closed where c.maxT >= mint && c.minT <= maxt {
            if let b = c.bytes ?? mapper?.chunk(c.diskRef) {
                out.append(ChunkView(bytes: b, minT: c.minT, maxT: c.maxT, encoding: c.encoding))
            }
        }
        if let o = open, o.lastT >= mint, openMinT <= maxt {
            out.append(ChunkView(bytes: o.bytes, minT: openMinT, maxT: o.lastT))
        }
        if let o = openHistogram.first, o.lastT >= mint, openMinT <= maxt {
            out.append(ChunkView(bytes: o.bytes, minT: openMinT, maxT: o.lastT, encoding: .floatHistogram))
        }
        return out
    }
}
