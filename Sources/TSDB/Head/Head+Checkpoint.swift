extension Head {
    /// WAL records recreating the head as it is: every series, then every sample, in records of at most
    /// `batch` entries. Callers hold the WAL lock so that no commit is half applied.
    func checkpointRecords(batch: Int = 10_000) -> [[UInt8]] {
        var seriesRecords: [[UInt8]] = []
        var sampleRecords: [[UInt8]] = []
        var pendingSeries: [WALRecord.RefSeries] = []
        var pendingSamples: [WALRecord.RefSample] = []
        series.forEach { s in
            pendingSeries.append(WALRecord.RefSeries(ref: s.ref, labels: s.labels))
            if pendingSeries.count >= batch {
                seriesRecords.append(WALRecord.encodeSeries(pendingSeries))
                pendingSeries.removeAll(keepingCapacity: true)
            }
            let chunks = s.state.withLock { $0.chunks(mint: Int64.min, maxt: Int64.max, mapper: chunkMapper) }
            for c in chunks {
                if c.encoding != .xor {
                    // Replay applies records in order: the series' floats logged so far go first, so that its samples
                    // stay in time order when it changed type.
                    if !pendingSamples.isEmpty {
                        sampleRecords.append(WALRecord.encodeSamples(pendingSamples))
                        pendingSamples.removeAll(keepingCapacity: true)
                    }
                    var it = HistogramIterator(bytes: c.bytes, encoding: c.encoding)
                    var list: [WALRecord.RefFloatHistogram] = []
                    while it.next() { list.append(WALRecord.RefFloatHistogram(ref: s.ref, t: it.t, h: it.histogram())) }
                    sampleRecords += WALRecord.encodeFloatHistograms(list)
                    continue
                }
                var it = XORIterator(bytes: c.bytes)
                while it.next() {
                    pendingSamples.append(WALRecord.RefSample(ref: s.ref, t: it.t, valueBits: it.valueBits))
                    if pendingSamples.count >= batch {
                        sampleRecords.append(WALRecord.encodeSamples(pendingSamples))
                        pendingSamples.removeAll(keepingCapacity: true)
                    }
                }
            }
        }
        if !pendingSeries.isEmpty { seriesRecords.append(WALRecord.encodeSeries(pendingSeries)) }
        if !pendingSamples.isEmpty { sampleRecords.append(WALRecord.encodeSamples(pendingSamples)) }
        // Late samples in records of their own type: replay buffers them as late samples.
        pendingSamples.removeAll(keepingCapacity: true)
        let late = WALRecord.lateSamplesType
        for (ref, samples) in ooo.all() where series.get(ref: ref) != nil {
            for l in samples { pendingSamples.append(WALRecord.RefSample(ref: ref, t: l.t, valueBits: l.valueBits)) }
            if pendingSamples.count >= batch {
                sampleRecords.append(WALRecord.encodeSamples(pendingSamples, type: late))
                pendingSamples.removeAll(keepingCapacity: true)
            }
        }
        if !pendingSamples.isEmpty { sampleRecords.append(WALRecord.encodeSamples(pendingSamples, type: late)) }
        let stones = liveTombstones()
        return seriesRecords + sampleRecords + (stones.isEmpty ? [] : [WALRecord.encodeTombstones(stones)])
    }
}
