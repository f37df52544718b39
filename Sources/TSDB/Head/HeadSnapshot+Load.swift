#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PromModel

extension HeadSnapshot {
    /// One decoded series record.
    struct SeriesRecord {
        var ref: UInt64
        var labels: Labels
        var lastT: Int64
        var lastValueBits: UInt64
        var closed: [ChunkView]
        var open: ChunkView?
    }

    /// Everything a snapshot holds.
    struct Content {
        var series: [SeriesRecord] = []
        var tombstones: [WALRecord.Tombstone] = []
        /// Out-of-order samples (`OOOHead`).
        var late: [WALRecord.RefSample] = []
    }

    /// A snapshot that cannot be used; the database then replays the whole WAL.
    struct LoadError: Error, CustomStringConvertible {
        var file: String
        var offset: Int
        var reason: String
        var description: String { "\(file) at offset \(offset): \(reason)" }
    }

    /// Reads and checks every record of the snapshot in `directory` before anything reaches the head, so that a
    /// damaged snapshot leaves the head empty for a full WAL replay.
    static func read(_ directory: String) throws(LoadError) -> Content {
        var content = Content()
        let segments: [Int]
        do { segments = try WALSegments.list(directory) } catch {
            throw LoadError(file: directory, offset: 0, reason: "\(error)")
        }
        var buffer: [UInt8] = []
        for index in segments {
            let path = WALSegments.path(directory, index)
            do {
                let f = try File.open(path, flags: O_RDONLY)
                _ = try f.read(upTo: try f.size(), into: &buffer)
            } catch { throw LoadError(file: path, offset: 0, reason: "\(error)") }
            let parsed = SegmentRecords(buffer)
            if let c = parsed.corruption { throw LoadError(file: path, offset: c.offset, reason: c.reason) }
            for rec in parsed.records {
                do throws(DecodeError) {
                    if rec.payload.first == seriesType || rec.payload.first == mixedSeriesType {
                        content.series.append(try decodeSeries(rec.payload))
                    } else {
                        switch try WALRecord.decode(rec.payload) {
                        case .tombstones(let t): content.tombstones += t
                        case .samples(let s), .lateSamples(let s): content.late += s
                        default: break
                        }
                    }
                } catch {
                    throw LoadError(file: path, offset: rec.start, reason: "undecodable record: \(error)")
                }
            }
        }
        return content
    }

    static func decodeSeries(_ bytes: [UInt8]) throws(DecodeError) -> SeriesRecord {
        var r = ByteReader(bytes[...])
        let mixed = try r.readByte() == mixedSeriesType
        let ref = try r.readBE64()
        let n = try r.readUvarintInt(limit: r.remaining)
        var labels: [Label] = []
        labels.reserveCapacity(n)
        for _ in 0..<n { labels.append(Label(name: try r.readUvarintString(), value: try r.readUvarintString())) }
        let lastT = try r.readVarint()
        let lastBits = try r.readBE64()
        func chunk() throws(DecodeError) -> ChunkView {
            var encoding = ChunkEncoding.xor
            if mixed {
                let e = try r.readByte()
                guard let known = ChunkEncoding(rawValue: e), known != .histogram else {
                    throw DecodeError(reason: "unknown chunk encoding \(e)", offset: r.position - 1)
                }
                encoding = known
            }
            let minT = try r.readVarint()
            let maxT = try r.readVarint()
            let len = try r.readUvarintInt(limit: r.remaining)
            var b: [UInt8] = []
            b.reserveCapacity(len)
            for _ in 0..<len { b.append(try r.readByte()) }
            return ChunkView(bytes: b, minT: minT, maxT: maxT, encoding: encoding)
        }
        let nClosed = try r.readUvarintInt(limit: r.remaining)
        var closed: [ChunkView] = []
        for _ in 0..<nClosed { closed.append(try chunk()) }
        let open = try r.readByte() == 1 ? try chunk() : nil
        guard r.isAtEnd else { throw DecodeError(reason: "trailing bytes after series \(ref)", offset: r.position) }
        return SeriesRecord(
            ref: ref, labels: Labels(sortedUnchecked: labels), lastT: lastT, lastValueBits: lastBits, closed: closed,
            open: open)
    }
}

extension Head {
    /// Installs series and chunks read from a snapshot into an empty head; closed chunks go to the chunk files
    /// when there is a mapper. Returns the numbers of series and samples.
    func load(_ snapshot: HeadSnapshot.Content) -> (series: Int, samples: Int) {
        var samples = 0
        var lo = Int64.max
        var hi = Int64.min
        var chunkCount = 0
        for rec in snapshot.series {
            let m = getOrCreate(rec.labels, hash: rec.labels.stableHash, ref: rec.ref).series
            m.state.withLock { st in
                for c in rec.closed {
                    if c.encoding == .floatHistogram {
                        // Histogram chunks stay in memory, and so do the series' later ones (`appendHistogram`).
                        st.closed.append(.histogram(minT: c.minT, maxT: c.maxT, bytes: c.bytes))
                        st.unwritten = true
                        samples += c.bytes.count >= 2 ? Int(c.bytes[0]) << 8 | Int(c.bytes[1]) : 0
                        lo = min(lo, c.minT)
                        hi = max(hi, c.maxT)
                        continue
                    }
                    var closed = ClosedChunk(minT: c.minT, maxT: c.maxT, bytes: c.bytes)
                    if st.unwritten {
                        st.closed.append(closed)
                        samples += c.bytes.count >= 2 ? Int(c.bytes[0]) << 8 | Int(c.bytes[1]) : 0
                        lo = min(lo, c.minT)
                        hi = max(hi, c.maxT)
                        continue
                    }
                    if let ref = try? chunkMapper?.write(seriesRef: m.ref, minT: c.minT, maxT: c.maxT, chunk: c.bytes) {
                        closed.bytes = nil
                        closed.diskRef = ref
                    }
                    st.closed.append(closed)
                    samples += c.bytes.count >= 2 ? Int(c.bytes[0]) << 8 | Int(c.bytes[1]) : 0
                    lo = min(lo, c.minT)
                    hi = max(hi, c.maxT)
                }
                chunkCount += rec.closed.count
                if let o = rec.open, o.encoding == .floatHistogram {
                    // Re-encoded so that the chunk's encoder state is ready for the next append.
                    let header = o.bytes.count >= 3 ? CounterResetHeader(rawValue: o.bytes[2] & CounterResetHeader.mask) ?? .unknown : .unknown
                    var chunk = FloatHistogramChunk(header: header)
                    var it = HistogramIterator(bytes: o.bytes)
                    while it.next() { chunk.append(t: it.t, h: it.histogram()) }
                    if chunk.numSamples > 0 {
                        st.openHistogram = [chunk]
                        st.openMinT = o.minT
                        st.openRangeEnd = SeriesChunks.rangeEnd(o.minT, chunkRange)
                        samples += chunk.numSamples
                        chunkCount += 1
                        lo = min(lo, o.minT)
                        hi = max(hi, o.maxT)
                    }
                } else if let o = rec.open {
                    // Re-encoded so that the chunk's encoder state is ready for the next append.
                    var chunk = XORChunk()
                    var it = XORIterator(bytes: o.bytes)
                    while it.next() { chunk.append(t: it.t, v: Double(bitPattern: it.valueBits)) }
                    if chunk.numSamples > 0 {
                        st.open = chunk
                        st.openMinT = o.minT
                        st.openRangeEnd = SeriesChunks.rangeEnd(o.minT, chunkRange)
                        samples += chunk.numSamples
                        chunkCount += 1
                        lo = min(lo, o.minT)
                        hi = max(hi, o.maxT)
                    }
                }
                st.lastT = rec.lastT
                st.lastValueBits = rec.lastValueBits
            }
        }
        if lo <= hi { updateTimeRange(lo: lo, hi: hi) }
        chunksCreated.add(chunkCount, ordering: .relaxed)
        for l in snapshot.late {
            if let m = series.get(ref: l.ref), appendOOO(m, t: l.t, valueBits: l.valueBits) { samples += 1 }
        }
        if !snapshot.tombstones.isEmpty { tombstones.withLock { $0 += snapshot.tombstones } }
        return (snapshot.series.count, samples)
    }
}
