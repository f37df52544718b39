public import PromModel

/// A native histogram sample.
public struct HistogramSample: Sendable, Equatable {
    public var t: Timestamp
    public var h: FloatHistogram
    public init(t: Timestamp, h: FloatHistogram) {
        self.t = t
        self.h = h
    }
}

/// A sample iterator that can also hand out native histograms. Iterators of storages that keep
/// histograms conform; `next()`/`seek(_:)` return `.floatHistogram` (or `.histogram`) at such samples.
/// Float-only iterators need not conform: readers ask with `atFloatHistogram()` only after seeing a
/// histogram kind, so float samples never pay for this.
public protocol HistogramSampleIterator: SampleIterator {
    /// The current histogram sample (valid when the last move returned a histogram kind).
    func atHistogramSample() -> HistogramSample
}

extension SampleIterator {
    /// The current histogram sample, or nil when this iterator cannot yield histograms.
    public func atFloatHistogram() -> HistogramSample? {
        (self as? any HistogramSampleIterator)?.atHistogramSample()
    }
}

/// An appender that accepts native histograms.
public protocol HistogramAppender: Appender {
    @discardableResult
    func appendFloatHistogram(_ ref: SeriesRef, _ labels: Labels, t: Timestamp, h: FloatHistogram) throws(AppendError) -> SeriesRef
}

extension Appender {
    /// Adds a native histogram sample; storages that keep floats only refuse it with `.storage`.
    @discardableResult
    public func appendHistogram(_ ref: SeriesRef, _ labels: Labels, t: Timestamp, h: FloatHistogram) throws(AppendError) -> SeriesRef {
        guard let a = self as? any HistogramAppender else {
            throw AppendError.storage("native histograms are not supported by this storage (series \(labels))")
        }
        return try a.appendFloatHistogram(ref, labels, t: t, h: h)
    }
}

/// A series held in memory with float and histogram samples (each array sorted by time, no
/// timestamp in both); iteration merges them in time order.
public struct MixedListSeries: Series {
    public let labels: Labels
    public let floats: [Sample]
    public let histograms: [HistogramSample]

    public init(labels: Labels, floats: [Sample], histograms: [HistogramSample]) {
        self.labels = labels
        self.floats = floats
        self.histograms = histograms
    }

    public func makeIterator() -> any SampleIterator {
        histograms.isEmpty ? ListSampleIterator(floats) : MixedListSampleIterator(floats: floats, histograms: histograms)
    }
}

public struct MixedListSampleIterator: HistogramSampleIterator {
    let floats: [Sample]
    let histograms: [HistogramSample]
    var fi = 0
    var hi = 0
    /// Which array the cursor is on; `.none` before the first move and after the end.
    var cur: ValueKind = .none
    var started = false

    public init(floats: [Sample], histograms: [HistogramSample]) {
        self.floats = floats
        self.histograms = histograms
    }

    mutating func settle() -> ValueKind {
        let hasF = fi < floats.count, hasH = hi < histograms.count
        if hasF && (!hasH || floats[fi].t <= histograms[hi].t) {
            cur = .float
        } else if hasH {
            cur = .floatHistogram
        } else {
            cur = .none
        }
        return cur
    }

    public mutating func next() -> ValueKind {
        if !started {
            started = true
        } else if cur == .float {
            fi += 1
        } else if cur == .floatHistogram {
            hi += 1
        }
        return settle()
    }

    public mutating func seek(_ t: Timestamp) -> ValueKind {
        started = true
        while fi < floats.count && floats[fi].t < t { fi += 1 }
        while hi < histograms.count && histograms[hi].t < t { hi += 1 }
        return settle()
    }

    public func at() -> Sample { cur == .float ? floats[fi] : Sample(t: atT, v: .nan) }
    public var atT: Timestamp { cur == .float ? floats[fi].t : histograms[hi].t }
    public func atHistogramSample() -> HistogramSample { histograms[hi] }
}
