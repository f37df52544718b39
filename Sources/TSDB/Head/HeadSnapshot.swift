#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import PromModel

/// A snapshot of the head written on graceful shutdown (`--enable-feature=memory-snapshot-on-shutdown`), so that
/// the next start loads series and chunks as they were instead of re-encoding every sample of the WAL
/// (format in Docs/head_snapshot.md).
///
/// `chunk_snapshot.<segment>.<offset>/` holds, in WAL segment framing, one record per series (labels, last
/// sample, closed chunks and the open chunk) and the live tombstones; it replaces the WAL up to byte `offset` of
/// segment `segment`.
enum HeadSnapshot {
    static let prefix = "chunk_snapshot."
    /// Record type of a series with its chunks; outside the range Prometheus uses for WAL records.
    static let seriesType: UInt8 = 0xE1
    /// A series with native histogram chunks: as `seriesType`, with an encoding byte before each chunk.
    static let mixedSeriesType: UInt8 = 0xE2

    static func name(segment: Int, offset: Int) -> String {
        prefix + WALSegments.name(segment) + "." + String(format: "%010d", offset)
    }

    /// Where a snapshot directory name says the WAL continues, or nil for other names (and `.tmp` ones).
    static func position(_ name: String) -> (segment: Int, offset: Int)? {
        guard name.hasPrefix(prefix), !name.hasSuffix(".tmp") else { return nil }
        let parts = name.dropFirst(prefix.count).split(separator: ".")
        guard parts.count == 2, let s = Int(parts[0]), let o = Int(parts[1]) else { return nil }
        return (s, o)
    }

    /// Snapshots in `dataDir`, oldest first.
    static func list(_ dataDir: String) -> [(name: String, segment: Int, offset: Int)] {
        let names = (try? FileSystem.list(dataDir)) ?? []
        return names.compactMap { n in position(n).map { (n, $0.segment, $0.offset) } }
            .sorted { ($0.segment, $0.offset) < ($1.segment, $1.offset) }
    }

    /// Removes every snapshot and unfinished one in `dataDir` except `keep`.
    static func removeAll(in dataDir: String, except keep: String? = nil) {
        for n in (try? FileSystem.list(dataDir)) ?? [] where n.hasPrefix(prefix) && n != keep {
            try? FileManager.default.removeItem(atPath: "\(dataDir)/\(n)")
        }
    }

    /// Writes the snapshot of `head` for WAL position `(segment, offset)` into `dataDir` (under a temporary name,
    /// renamed when complete) and removes older ones. Returns the directory name and the number of series.
    static func write(head: Head, dataDir: String, segment: Int, offset: Int) throws(WALError) -> (name: String, series: Int) {
        let final = name(segment: segment, offset: offset)
        let tmp = "\(dataDir)/\(final).tmp"
        try? FileManager.default.removeItem(atPath: tmp)
        var count = 0
        do throws(WALError) {
            do { try FileSystem.createDirectory(tmp) } catch { throw .io(error) }
            var w = try WALWriter(directory: tmp, firstSegment: 0)
            var batch: [[UInt8]] = []
            var pending: WALError?
            // Batches keep the write calls few; records stay one per series.
            head.series.forEach { s in
                guard let rec = encode(s, mapper: head.chunkMapper) else { return }
                batch.append(rec)
                count += 1
                if batch.count >= 1024, pending == nil {
                    do throws(WALError) { try w.log(batch) } catch { pending = error }
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if let e = pending { throw e }
            // Late samples as WAL sample records; loading buffers them again.
            var late: [WALRecord.RefSample] = []
            for (ref, list) in head.ooo.all() where head.series.get(ref: ref) != nil {
                for l in list { late.append(WALRecord.RefSample(ref: ref, t: l.t, valueBits: l.valueBits)) }
                if late.count >= 10_000 {
                    batch.append(WALRecord.encodeSamples(late, type: WALRecord.lateSamplesType))
                    late.removeAll(keepingCapacity: true)
                }
            }
            if !late.isEmpty { batch.append(WALRecord.encodeSamples(late, type: WALRecord.lateSamplesType)) }
            let stones = head.liveTombstones()
            if !stones.isEmpty { batch.append(WALRecord.encodeTombstones(stones)) }
            if !batch.isEmpty { try w.log(batch) }
            try w.sync()
            guard rename(tmp, "\(dataDir)/\(final)") == 0 else {
                throw .io(IOError(operation: "rename", path: tmp, errno: errno))
            }
            do { try FileSystem.syncDirectory(dataDir) } catch { throw .io(error) }
        } catch {
            try? FileManager.default.removeItem(atPath: tmp)
            throw error
        }
        removeAll(in: dataDir, except: final)
        return (final, count)
    }

    /// The series record: ref, labels, last sample, then its chunks oldest first, the open one last (flagged).
    /// Nil for a series without samples.
    static func encode(_ s: MemSeries, mapper: ChunkDiskMapper?) -> [UInt8]? {
        s.state.withLock { st -> [UInt8]? in
            if st.isEmpty { return nil }
            st.resolveLastValue(mapper: mapper)
            let mixed = !st.openHistogram.isEmpty || st.closed.contains { $0.encoding != .xor }
            var w = ByteWriter()
            w.writeByte(mixed ? mixedSeriesType : seriesType)
            w.writeBE64(s.ref)
            w.writeUvarint(UInt64(s.labels.count))
            for l in s.labels {
                w.writeUvarintString(l.name)
                w.writeUvarintString(l.value)
            }
            w.writeVarint(st.lastT)
            w.writeBE64(st.lastValueBits)
            var closed: [ChunkView] = []
            for c in st.closed {
                // A chunk the mapper cannot read (never expected) is left out; the WAL before the snapshot is kept
                // until the next checkpoint, so nothing is lost for good.
                if let b = c.bytes ?? mapper?.chunk(c.diskRef) {
                    closed.append(ChunkView(bytes: b, minT: c.minT, maxT: c.maxT, encoding: c.encoding))
                }
            }
            w.writeUvarint(UInt64(closed.count))
            for c in closed { writeChunk(&w, c, mixed: mixed) }
            if let o = st.open {
                w.writeByte(1)
                writeChunk(&w, ChunkView(bytes: o.bytes, minT: st.openMinT, maxT: o.lastT), mixed: mixed)
            } else if let o = st.openHistogram.first {
                w.writeByte(1)
                writeChunk(&w, ChunkView(bytes: o.bytes, minT: st.openMinT, maxT: o.lastT, encoding: .floatHistogram), mixed: true)
            } else {
                w.writeByte(0)
            }
            return w.bytes
        }
    }

    private static func writeChunk(_ w: inout ByteWriter, _ c: ChunkView, mixed: Bool) {
        if mixed { w.writeByte(c.encoding.rawValue) }
        w.writeVarint(c.minT)
        w.writeVarint(c.maxT)
        w.writeUvarint(UInt64(c.bytes.count))
        w.bytes.append(contentsOf: c.bytes)
    }
}
