import PromModel
import Synchronization

/// An encoded chunk handed to readers.
struct ChunkView: Sendable {
    var bytes: [UInt8]
    var minT: Int64
    var maxT: Int64
}

/// A closed, immutable chunk of a series: in memory, or in a head chunk file when the head has a disk mapper.
struct ClosedChunk: Sendable {
    var minT: Int64
    var maxT: Int64
    /// The encoded chunk when held in memory.
    var bytes: [UInt8]?
    /// The chunk's reference in the `ChunkDiskMapper` when `bytes` is nil.
    var diskRef: UInt64 = 0
}

/// One series in the head: its identity and its chunks, guarded by its own lock.
///
/// The per-series lock keeps appends to different series independent; it is held only to append a sample or to
/// snapshot the chunk list.
final class MemSeries: Sendable {
    let ref: UInt64
    let labels: Labels
    let hash: UInt64
    let state: Mutex<SeriesChunks>

    init(ref: UInt64, labels: Labels, hash: UInt64) {
        self.ref = ref
        self.labels = labels
        self.hash = hash
        self.state = Mutex(SeriesChunks())
    }
}

/// The samples of one series: closed chunks, oldest first, and the open chunk being appended to.
struct SeriesChunks: Sendable {
    var closed: [ClosedChunk] = []
    var open: XORChunk?
    var openMinT: Int64 = 0
    /// First timestamp that no longer belongs in the open chunk (the end of its block range).
    var openRangeEnd: Int64 = 0
    /// Committed last sample, used to validate new ones.
    var lastT: Int64 = Int64.min
    var lastValueBits: UInt64 = 0

    var isEmpty: Bool { open == nil && closed.isEmpty }
    var minT: Int64 { closed.first?.minT ?? (open == nil ? Int64.max : openMinT) }

    /// Appends a sample known to be after `lastT`; returns whether a new chunk was started.
    /// With a `mapper`, closed chunks move to disk (kept in memory if the write fails: the WAL has the samples).
    mutating func append(
        t: Int64, valueBits: UInt64, chunkRange: Int64, samplesPerChunk: Int,
        mapper: ChunkDiskMapper? = nil, seriesRef: UInt64 = 0
    ) -> Bool {
        var cut = false
        if let o = open {
            if o.numSamples >= samplesPerChunk || t >= openRangeEnd {
                var c = ClosedChunk(minT: openMinT, maxT: o.lastT, bytes: o.bytes)
                if let mapper, let ref = try? mapper.write(seriesRef: seriesRef, minT: c.minT, maxT: c.maxT, chunk: o.bytes) {
                    c.bytes = nil
                    c.diskRef = ref
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
        return cut
    }

    /// End of the block range holding `t` (Prometheus's `rangeForTimestamp`).
    static func rangeEnd(_ t: Int64, _ width: Int64) -> Int64 {
        (t / width) * width + width
    }

    var chunkCount: Int { closed.count + (open == nil ? 0 : 1) }

    /// Chunks overlapping `[mint, maxt]`, the open one copied as of now (copy-on-write, so cheap).
    /// Chunks on disk are copied out of their map (one copy per chunk, not per sample); a chunk the mapper cannot
    /// read (never expected) is skipped.
    func chunks(mint: Int64, maxt: Int64, mapper: ChunkDiskMapper? = nil) -> [ChunkView] {
        var out: [ChunkView] = []
        for c in closed where c.maxT >= mint && c.minT <= maxt {
            if let b = c.bytes ?? mapper?.chunk(c.diskRef) { out.append(ChunkView(bytes: b, minT: c.minT, maxT: c.maxT)) }
        }
        if let o = open, o.lastT >= mint, openMinT <= maxt {
            out.append(ChunkView(bytes: o.bytes, minT: openMinT, maxT: o.lastT))
        }
        return out
    }
}
