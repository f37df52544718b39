import PromModel
import Storage

/// One batch of samples for the head; visible to queriers only after `commit()`.
///
/// Samples are validated when appended (out of order, duplicate, out of bounds) against the committed state
/// of the series and the samples already in this batch, so a refused sample leaves the batch usable.
/// Not thread-safe: one task uses an appender, then drops it.
final class HeadAppender: HistogramAppender {
    struct PendingSample {
        var series: MemSeries
        var t: Int64
        var valueBits: UInt64
    }

    struct PendingHistogram {
        var series: MemSeries
        var t: Int64
        var h: FloatHistogram
    }

    private let head: Head
    /// Writes a batch to the WAL and then runs `apply` while commits are still serialised (so that a WAL
    /// checkpoint never sees a batch logged but not applied); a throw fails the whole batch.
    typealias Log = @Sendable (
        _ newSeries: [MemSeries], _ samples: [PendingSample], _ late: [PendingSample],
        _ histograms: [PendingHistogram], _ apply: () -> Void
    ) throws(AppendError) -> Void

    private let log: Log?
    private let minValidTime: Int64
    /// Oldest time a late sample may have (`Head.oooMinValidTime`); `Int64.max` without an out-of-order window.
    private let oooMinValidTime: Int64
    private var samples: [PendingSample] = []
    /// Late samples accepted within the out-of-order window; logged with the others, buffered apart at commit.
    private var oooSamples: [PendingSample] = []
    private var histograms: [PendingHistogram] = []
    private var newSeries: [MemSeries] = []
    /// Last sample of each series in this batch, to validate the next one against.
    private var batchLast = BatchLastSamples()
    /// Series whose `pendingCommits` this batch raised; head truncation keeps them until commit or rollback.
    private var marked: [MemSeries] = []
    private var done = false

    init(
        head: Head,
        log: Log? = nil
    ) {
        self.head = head
        self.log = log
        self.minValidTime = head.minValidTime
        self.oooMinValidTime = head.oooMinValidTime
        samples.reserveCapacity(256)
    }

    @discardableResult
    func append(_ ref: SeriesRef, _ labels: Labels, t: Timestamp, v: Double) throws(AppendError) -> SeriesRef {
        precondition(!done, "appender used after commit or rollback")
        if t < minValidTime && t < oooMinValidTime {
            try refuseLate(outOfOrder: false)
        }
        let series = try resolve(ref, labels)
        let vbits = v.bitPattern
        // Scrape staleness writes float markers; a series holding histograms gets a histogram one (as Prometheus).
        if vbits == StaleNaN.bits, series.state.withLock({ !$0.openHistogram.isEmpty }) {
            return try appendFloatHistogram(SeriesRef(series.ref), labels, t: t, h: FloatHistogram(sum: v))
        }
        let last: (t: Int64, bits: UInt64)
        if let l = batchLast.get(series.ref) {
            last = l
        } else {
            last = series.state.withLock { [head] st in
                st.pendingCommits += 1
                st.resolveLastValue(mapper: head.chunkMapper)
                return (st.lastT, st.lastValueBits)
            }
            marked.append(series)
            batchLast.set(series.ref, t: last.t, bits: last.bits)
        }
        if t < last.t || (t < minValidTime && t != last.t) {
            guard t >= oooMinValidTime else { try refuseLate(outOfOrder: true) }
            oooSamples.append(PendingSample(series: series, t: t, valueBits: vbits))
            return SeriesRef(series.ref)
        }
        if t == last.t {
            // Prometheus accepts an exact repeat (same bits) silently and stores it once.
            if vbits == last.bits { return SeriesRef(series.ref) }
            throw .duplicateSampleForTimestamp
        }
        samples.append(PendingSample(series: series, t: t, valueBits: vbits))
        batchLast.set(series.ref, t: t, bits: vbits)
        return SeriesRef(series.ref)
    }

    /// Adds a native histogram sample. Late histograms are refused even with an out-of-order window (Sextant
    /// buffers late floats only); an exact repeat of the newest histogram is accepted silently, as for floats.
    @discardableResult
    func appendFloatHistogram(_ ref: SeriesRef, _ labels: Labels, t: Timestamp, h: FloatHistogram) throws(AppendError) -> SeriesRef {
        precondition(!done, "appender used after commit or rollback")
        try Self.validate(h)
        if t < minValidTime { try refuseLate(outOfOrder: false) }
        let series = try resolve(ref, labels)
        let last: (t: Int64, bits: UInt64)
        var committed: FloatHistogram? = nil
        if let l = batchLast.get(series.ref) {
            last = l
        } else {
            (last, committed) = series.state.withLock { [head] st in
                st.pendingCommits += 1
                st.resolveLastValue(mapper: head.chunkMapper)
                return ((st.lastT, st.lastValueBits), st.lastHistogram)
            }
            marked.append(series)
            batchLast.set(series.ref, t: last.t, bits: last.bits)
        }
        if t < last.t { try refuseLate(outOfOrder: true) }
        if t == last.t {
            if let committed, committed.sameSample(as: h) { return SeriesRef(series.ref) }
            throw .duplicateSampleForTimestamp
        }
        histograms.append(PendingHistogram(series: series, t: t, h: h))
        batchLast.set(series.ref, t: t, bits: h.sum.bitPattern)
        return SeriesRef(series.ref)
    }

    /// Prometheus's checks of a histogram's shape (`histogram.Validate`), the ones that would break storage or
    /// queries: a known schema, no negative or NaN counts, custom bounds only with their schema.
    static func validate(_ h: FloatHistogram) throws(AppendError) {
        if h.sum.bitPattern == StaleNaN.bits { return }
        if h.usesCustomBuckets {
            if !h.negative.isEmpty { throw .invalidHistogram("custom buckets: must not have negative buckets") }
            for i in h.customValues.indices.dropFirst() where !(h.customValues[i] > h.customValues[i - 1]) {
                throw .invalidHistogram("custom buckets: bounds must be in strictly increasing order")
            }
        } else {
            guard (-4...8).contains(h.schema) else { throw .invalidHistogram("histogram has an invalid schema \(h.schema), must be in [-4, 8]") }
            if !h.customValues.isEmpty { throw .invalidHistogram("histogram with exponential schema must not have custom bounds") }
        }
        if !(h.count >= 0) || !(h.zeroCount >= 0) { throw .invalidHistogram("histogram has a negative or NaN count") }
        for c in h.positive where !(c >= 0) { throw .invalidHistogram("histogram has a negative or NaN bucket count") }
        for c in h.negative where !(c >= 0) { throw .invalidHistogram("histogram has a negative or NaN bucket count") }
    }

    /// The series `ref` names, or the one for `labels` (created, and logged with this batch, when new).
    @inline(__always)
    private func resolve(_ ref: SeriesRef, _ labels: Labels) throws(AppendError) -> MemSeries {
        if ref != .unknown, let s = head.series.get(ref: ref.rawValue) { return s }
        try Self.validate(labels)
        let r = head.getOrCreate(labels)
        if r.created { newSeries.append(r.series) }
        return r.series
    }

    /// Throws the error Prometheus gives a sample it will not take: too old when an out-of-order window is
    /// set, else out of order (behind the series) or out of bounds (behind the head).
    private func refuseLate(outOfOrder: Bool) throws(AppendError) -> Never {
        if head.oooWindow.load(ordering: .relaxed) > 0 {
            head.tooOldSamples.add(1, ordering: .relaxed)
            throw .tooOldSample
        }
        if outOfOrder {
            head.outOfOrderSamples.add(1, ordering: .relaxed)
            throw .outOfOrderSample
        }
        head.outOfBoundSamples.add(1, ordering: .relaxed)
        throw .outOfBounds
    }

    /// Prometheus refuses empty label sets and repeated names; `Labels(sortedUnchecked:)` can produce both.
    static func validate(_ labels: Labels) throws(AppendError) {
        if labels.isEmpty { throw .invalidLabels("empty label set") }
        for i in labels.indices.dropFirst() {
            let c = byteCompare(labels[i - 1].name, labels[i].name)
            if c == 0 { throw .invalidLabels("label name \"\(labels[i].name)\" is not unique in \(labels)") }
            if c > 0 { throw .invalidLabels("labels are not sorted by name in \(labels)") }
        }
        for l in labels where l.value.isEmpty {
            throw .invalidLabels("label \"\(l.name)\" has an empty value in \(labels)")
        }
    }

    func commit() throws(AppendError) {
        precondition(!done, "appender committed twice")
        done = true
        defer { releasePending() }
        if let log {
            try log(newSeries, samples, oooSamples, histograms) { apply() }
        } else {
            head.commitLock.withLock { _ in apply() }
        }
    }

    private func releasePending() {
        for s in marked { s.state.withLock { $0.pendingCommits -= 1 } }
        marked = []
    }

    /// An appender dropped without commit or rollback discards its batch.
    deinit {
        if !done { releasePending() }
    }

    /// Runs with commits serialised: takes the next sequence number, appends, then publishes the sequence so
    /// that queriers see the whole batch at once.
    private func apply() {
        let seq = head.visibleSeq.load(ordering: .acquiring) + 1
        defer { head.visibleSeq.store(seq, ordering: .releasing) }
        var lo = Int64.max
        var hi = Int64.min
        var appended = 0
        var chunks = 0
        var dropped = 0
        // Elements are read in place: `for s in samples` copied each one, retaining and releasing its series.
        samples.withUnsafeBufferPointer { buf in
            for i in buf.indices {
                let r = head.append(buf[i].series, t: buf[i].t, valueBits: buf[i].valueBits, seq: seq)
                guard r.ok else {
                    dropped += 1
                    continue
                }
                appended += 1
                if r.cut { chunks += 1 }
                lo = min(lo, buf[i].t)
                hi = max(hi, buf[i].t)
            }
        }
        if appended > 0 {
            head.updateTimeRange(lo: lo, hi: hi)
            head.samplesAppended.add(appended, ordering: .relaxed)
        }
        if chunks > 0 { head.chunksCreated.add(chunks, ordering: .relaxed) }
        if dropped > 0 { head.outOfOrderSamples.add(dropped, ordering: .relaxed) }
        for s in oooSamples { head.appendOOO(s.series, t: s.t, valueBits: s.valueBits) }
        appended = 0
        chunks = 0
        for s in histograms {
            let r = head.appendHistogram(s.series, t: s.t, h: s.h, seq: seq)
            guard r.ok else {
                head.outOfOrderSamples.add(1, ordering: .relaxed)
                continue
            }
            appended += 1
            if r.cut { chunks += 1 }
            head.updateTimeRange(lo: s.t, hi: s.t)
        }
        if appended > 0 { head.samplesAppended.add(appended, ordering: .relaxed) }
        if chunks > 0 { head.chunksCreated.add(chunks, ordering: .relaxed) }
        samples = []
        oooSamples = []
        histograms = []
        batchLast.removeAll()
    }

    func rollback() {
        guard !done else { return }
        done = true
        // Series stay in the head even when their first batch is discarded, so they are still logged:
        // a later batch may reference them.
        if !newSeries.isEmpty { try? log?(newSeries, [], [], []) {} }
        releasePending()
        samples = []
        oooSamples = []
        histograms = []
        batchLast.removeAll()
    }
}
