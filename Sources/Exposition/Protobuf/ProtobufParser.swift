public import PromModel

/// What the protobuf parser is positioned at after `next()`.
public enum ProtobufEntry: Sendable, Equatable {
    /// A family's help text (emitted for every family, possibly empty): `metricFamilyName`, `helpText`.
    case help
    /// A family's unit, when it has one: `metricFamilyName`, `unit`.
    case unit
    /// A family's type: `metricFamilyName`, `metricType`.
    case type
    /// A float sample: `seriesKey`, `value`, `timestamp`, `labels()`.
    case series
    /// A native histogram sample: `seriesKey`, `timestamp`, `labels()`, `nativeHistogram()`.
    case histogram
}

/// A pull parser over a scrape body in the Prometheus protobuf format
/// (`application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited`), presenting
/// it the way the text parsers do, as Prometheus's `ProtobufParser` does.
///
/// Per family it yields `help`, `unit` (when set) and `type`, then per metric: counters, gauges and untyped
/// metrics one `series` under the family name; summaries `_count`, `_sum` and one series per quantile (label
/// `quantile`); classic histograms `_count`, `_sum` and one `_bucket` series per bucket (label `le`), with a
/// `+Inf` bucket added when the body has none. A histogram with native parts (spans, a zero threshold or a
/// zero count) yields one `histogram` entry instead, followed by its classic series only when
/// `classicHistograms` is set and it has classic buckets. `le` and `quantile` values are written as
/// OpenMetrics floats (`1.0`, `+Inf`), so protobuf and text scrapes of a target give the same series.
///
/// Each `next()` leaves the parser on an entry whose accessors stay valid until the next call. A metric is
/// decoded once, into buffers reused from metric to metric; `seriesKey` is built in a reused buffer: a steady
/// scrape allocates nothing per sample. `labels()`, `nativeHistogram()` and the metadata strings allocate.
///
/// Malformed input is thrown as an `ExpositionError` with the byte offset; the parser must not be used after.
public struct ProtobufParser: Sendable {
    let body: [UInt8]
    /// Whether native histograms also yield their classic series (`always_scrape_classic_histograms`).
    public let classicHistograms: Bool

    private var phase = Phase.betweenFamilies
    /// Offset of the next length-delimited family.
    private var pos = 0
    /// Offset of the current family's length prefix, for error messages.
    private var familyOffset = 0
    var family = FamilyMessage()
    var familyType = ProtoMetricType.untyped
    var metricIndex = 0
    var metric = MetricMessage()
    var cursor = Cursor.plain
    /// `seriesKey` for the current series; the first `keyPrefix` bytes (name and labels) are shared by every
    /// series of the current metric.
    private var key: [UInt8] = []
    private var keyPrefix = 0

    /// The value of the current float sample.
    public private(set) var value: Double = 0

    private enum Phase {
        case betweenFamilies, help, unit, type, series
    }

    /// Which series of the current metric the parser is on.
    enum Cursor: Equatable {
        /// A counter, gauge or untyped value.
        case plain
        case native
        case count
        case sum
        /// A classic bucket by index; an index past the last bucket is the added `+Inf` bucket.
        case bucket(Int)
        case quantile(Int)
    }

    /// Creates a parser over `body` (not copied).
    public init(_ body: [UInt8], classicHistograms: Bool = false) {
        self.body = body
        self.classicHistograms = classicHistograms
        key.reserveCapacity(256)
    }

    /// Advances to the next entry; nil at the end of the body.
    public mutating func next() throws(ExpositionError) -> ProtobufEntry? {
        let bytes = body
        return try bytes.withUnsafeBufferPointer { (b) throws(ExpositionError) -> ProtobufEntry? in
            try step(b)
        }
    }

    private mutating func step(_ b: UnsafeBufferPointer<UInt8>) throws(ExpositionError) -> ProtobufEntry? {
        let raw = UnsafeRawBufferPointer(b)
        while true {
            switch phase {
            case .betweenFamilies:
                guard pos < b.count else { return nil }
                familyOffset = pos
                var r = ProtoWireReader(raw, pos..<b.count, message: "length-delimited stream")
                let range = try r.readLengthDelimited()
                pos = range.upperBound
                try family.decode(raw, range)
                // Empty families carry nothing to ingest; Prometheus skips them, metadata included.
                if family.metrics.isEmpty { continue }
                try validateFamily(b)
                phase = .help
                return .help
            case .help:
                phase = family.unit.isEmpty ? .type : .unit
                return phase == .unit ? .unit : .type
            case .unit:
                phase = .type
                return .type
            case .type:
                metricIndex = 0
                try loadMetric(b)
                phase = .series
                return emit(b)
            case .series:
                if let c = nextCursor() {
                    cursor = c
                    return emit(b)
                }
                metricIndex += 1
                if metricIndex == family.metrics.count {
                    phase = .betweenFamilies
                    continue
                }
                try loadMetric(b)
                return emit(b)
            }
        }
    }

    // MARK: Families and metrics

    private func error(_ reason: String) -> ExpositionError {
        ExpositionError(byteOffset: familyOffset, reason: reason)
    }

    private mutating func validateFamily(_ b: UnsafeBufferPointer<UInt8>) throws(ExpositionError) {
        let name = family.name
        if name.isEmpty { throw error("metric family without a name") }
        if !isValidUTF8(b, name) { throw error("invalid metric name \(quoteForError(b[name]))") }
        if !isValidUTF8(b, family.help) {
            throw error("invalid UTF-8 in help of metric \(quoteForError(b[name]))")
        }
        guard let t = ProtoMetricType(rawValue: family.rawType) else {
            throw error("unknown metric type \(family.rawType) for metric \(quoteForError(b[name]))")
        }
        familyType = t
        let unit = family.unit
        guard !unit.isEmpty else { return }
        if !isValidUTF8(b, unit) { throw error("invalid UTF-8 in unit of metric \(quoteForError(b[name]))") }
        // Prometheus: the unit must be the name's last `_`-separated part (before `_total` for counters).
        var base = name
        if t == .counter && endsWith(b, base, "_total") { base = base.lowerBound..<(base.upperBound - 6) }
        let ok = base.count > unit.count && b[base.upperBound - unit.count - 1] == UInt8(ascii: "_")
            && memEqual(b, (base.upperBound - unit.count)..<base.upperBound, unit)
        if !ok { throw error("unit \(quoteForError(b[unit])) not a suffix of metric \(quoteForError(b[name]))") }
    }

    /// Decodes metric `metricIndex` of the family, checks its labels and builds the shared key prefix.
    private mutating func loadMetric(_ b: UnsafeBufferPointer<UInt8>) throws(ExpositionError) {
        try metric.decode(UnsafeRawBufferPointer(b), family.metrics[metricIndex], type: familyType)
        let magic: StaticString? =
            familyType == .summary ? "quantile" : (familyType == .histogram || familyType == .gaugeHistogram ? "le" : nil)
        key.removeAll(keepingCapacity: true)
        append(b, family.name)
        for (i, l) in metric.labels.enumerated() {
            if l.name.isEmpty { throw error("empty label name in metric \(quoteForError(b[family.name]))") }
            if !isValidUTF8(b, l.name) || !isValidUTF8(b, l.value) {
                throw error("invalid UTF-8 in label \(quoteForError(b[l.name])) of metric \(quoteForError(b[family.name]))")
            }
            if bytesEqual(b, l.name, "__name__") || (magic.map { bytesEqual(b, l.name, $0) } ?? false) {
                throw error("label name \(quoteForError(b[l.name])) is not allowed in metric \(quoteForError(b[family.name]))")
            }
            for other in metric.labels[..<i] where memEqual(b, other.name, l.name) {
                throw error("label name \(quoteForError(b[l.name])) is not unique in metric \(quoteForError(b[family.name]))")
            }
            key.append(0xFF)
            append(b, l.name)
            key.append(0xFF)
            append(b, l.value)
        }
        keyPrefix = key.count
        cursor = firstCursor()
    }

    private mutating func append(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) {
        key.append(contentsOf: UnsafeBufferPointer(rebasing: b[r]))
    }

    private func firstCursor() -> Cursor {
        switch familyType {
        case .counter, .gauge, .untyped: return .plain
        case .summary: return .count
        case .histogram, .gaugeHistogram: return metric.histogram.isNative ? .native : .count
        }
    }

    /// The series after `cursor` within the current metric, or nil when the metric is done.
    private func nextCursor() -> Cursor? {
        switch cursor {
        case .plain: return nil
        case .native:
            return classicHistograms && !metric.histogram.buckets.isEmpty ? .count : nil
        case .count: return .sum
        case .sum:
            if familyType == .summary { return metric.quantiles.isEmpty ? nil : .quantile(0) }
            return .bucket(0)
        case .quantile(let i): return i + 1 < metric.quantiles.count ? .quantile(i + 1) : nil
        case .bucket(let i):
            let buckets = metric.histogram.buckets
            // The +Inf bucket ends the series, whether the body had one or it was added.
            if i >= buckets.count || buckets[i].upperBound == .infinity { return nil }
            return .bucket(i + 1)
        }
    }

    /// Sets `value` and the key suffix for `cursor`.
    private mutating func emit(_ b: UnsafeBufferPointer<UInt8>) -> ProtobufEntry {
        key.removeLast(key.count - keyPrefix)
        // 0xFE never occurs in UTF-8: the suffix cannot be confused with name or label bytes.
        key.append(0xFE)
        switch cursor {
        case .plain:
            key.append(0)
            value = metric.value
        case .native:
            key.append(1)
            return .histogram
        case .count:
            key.append(2)
            value = familyType == .summary ? Double(metric.summaryCount) : metric.histogram.count
        case .sum:
            key.append(3)
            value = familyType == .summary ? metric.summarySum : metric.histogram.sampleSum
        case .bucket(let i):
            key.append(4)
            let buckets = metric.histogram.buckets
            let bound = i < buckets.count ? buckets[i].upperBound : .infinity
            appendBits(bound)
            value = i < buckets.count ? buckets[i].count : metric.histogram.count
        case .quantile(let i):
            key.append(5)
            appendBits(metric.quantiles[i].quantile)
            value = metric.quantiles[i].value
        }
        return .series
    }

    private mutating func appendBits(_ d: Double) {
        var bits = d.bitPattern
        for _ in 0..<8 {
            key.append(UInt8(truncatingIfNeeded: bits))
            bits >>= 8
        }
    }

    // MARK: Accessors

    /// Bytes that identify the current series within this target's scrapes: the family name, the label pairs
    /// as exposed, and which series of the metric this is (count, sum, a bucket's bound…). Equal keys mean
    /// equal `labels()`; a cache key, not a label encoding. Valid until the next `next()`.
    public var seriesKey: [UInt8] { key }

    /// The timestamp of the current sample in milliseconds, if the metric has one (0 reads as none, as in
    /// Prometheus).
    public var timestamp: Int64? { metric.timestampMs != 0 ? metric.timestampMs : nil }

    /// The name of the current family. Allocates.
    public var metricFamilyName: String { string(family.name) }

    /// The help text of the current family (protobuf strings are not escaped). Allocates.
    public var helpText: String { string(family.help) }

    /// The unit of the current family; may be empty. Allocates.
    public var unit: String { string(family.unit) }

    /// The type of the current family (untyped reads as `.unknown`).
    public var metricType: MetricType { familyType.metricType }

    /// Byte ranges in the body of the current family's name, help and unit, for recognising metadata seen
    /// before without allocating. Valid until the next `next()`.
    public var metricFamilyNameRange: Range<Int> { family.name }
    public var helpTextRange: Range<Int> { family.help }
    public var unitRange: Range<Int> { family.unit }

    /// The label set of the current series, `__name__` included, sorted by name; labels with empty values are
    /// dropped, as in the text parsers. Allocates: call it on a cache miss only.
    public func labels() -> Labels {
        body.withUnsafeBufferPointer { b in
            var pairs: [Label] = []
            pairs.reserveCapacity(metric.labels.count + 2)
            var name = string(b, family.name)
            switch cursor {
            case .count: name += "_count"
            case .sum: name += "_sum"
            case .bucket(let i):
                name += "_bucket"
                let buckets = metric.histogram.buckets
                let bound = i < buckets.count ? buckets[i].upperBound : .infinity
                pairs.append(Label(name: LabelName.bucket, value: formatOpenMetricsFloat(bound)))
            case .quantile(let i):
                pairs.append(Label(name: LabelName.quantile, value: formatOpenMetricsFloat(metric.quantiles[i].quantile)))
            case .plain, .native: break
            }
            pairs.append(Label(name: LabelName.metricName, value: name))
            for l in metric.labels where !l.value.isEmpty {
                pairs.append(Label(name: string(b, l.name), value: string(b, l.value)))
            }
            pairs.sort { byteCompare($0.name, $1.name) < 0 }
            return Labels(sortedUnchecked: pairs)
        }
    }

    private func string(_ r: Range<Int>) -> String {
        body.withUnsafeBufferPointer { string($0, r) }
    }

    private func string(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self)
    }
}

private func endsWith(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, _ suffix: StaticString) -> Bool {
    let n = suffix.utf8CodeUnitCount
    return r.count >= n && bytesEqual(b, (r.upperBound - n)..<r.upperBound, suffix)
}
