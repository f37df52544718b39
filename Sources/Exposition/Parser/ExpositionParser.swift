public import PromModel

/// What the parser is positioned at after `next()`.
public enum ExpositionEntry: Sendable, Equatable {
    /// A sample: `seriesRange`, `value`, `timestamp`, `labels()` and `exemplar` are valid.
    case series
    /// `# HELP`: `metricFamilyName` and `helpText` are valid.
    case help
    /// `# TYPE`: `metricFamilyName` and `metricType` are valid.
    case type
    /// `# UNIT` (OpenMetrics only): `metricFamilyName` and `unit` are valid.
    case unit
    /// Any other `#` line of the Prometheus text format: `comment` is valid.
    case comment
}

/// A pull parser over one scrape body, for the Prometheus text format 0.0.4/1.0.0 and OpenMetrics 1.0.
///
/// It accepts and rejects what Prometheus's `textparse` does. Each `next()` reads one entry and leaves the
/// parser positioned on it; the accessors for that entry stay valid until the next call to `next()`.
/// Parsing a sample stores only offsets into the body: nothing is allocated per sample. `labels()`,
/// `exemplar` and the metadata strings allocate and are meant for cache misses and metadata lines.
///
/// A parse error is thrown as `ExpositionError` with the line number; the parser must not be used after that.
public struct ExpositionParser: Sendable {
    let body: [UInt8]
    public let format: ExpositionFormat

    /// Byte offset where the next entry starts, and its 1-based line.
    var pos = 0
    var line = 1
    var finished = false

    /// The 1-based line on which the current entry starts.
    public internal(set) var lineNumber = 0
    /// The bytes of the metric name and label set of the current sample as written in the body,
    /// e.g. `foo{a="b"}`. Two samples with equal bytes here have equal `labels()`: a cache key.
    public internal(set) var seriesRange: Range<Int> = 0..<0
    /// The value of the current sample. NaN in the body parses as an ordinary NaN, never as the stale marker.
    public internal(set) var value: Double = 0
    /// The timestamp of the current sample in milliseconds, if the body gave one.
    /// OpenMetrics seconds are multiplied by 1000 and truncated toward zero, as Prometheus does.
    public internal(set) var timestamp: Int64? = nil

    /// Metric name of the current sample or metadata line, without quotes, still escaped.
    var nameRange: Range<Int> = 0..<0
    var nameIsSet = false
    /// Flat quadruples (name start, name end, value start, value end) of the current sample's labels.
    var labelOffsets: [Int] = []
    /// Same for the current exemplar's labels.
    var exemplarOffsets: [Int] = []
    var hasExemplar = false
    var exemplarValue: Double = 0
    var exemplarTimestamp: Int64? = nil
    /// HELP text, UNIT text or comment text of the current metadata line, raw.
    var textRange: Range<Int> = 0..<0
    var currentType: MetricType = .unknown
    /// The type from the most recent TYPE line; Prometheus uses it to normalise `le` and `quantile` values.
    var lastType: MetricType = .unknown
    /// The family named by the most recent TYPE line, for `seriesMetricType`.
    var lastTypeNameRange: Range<Int> = 0..<0
    var hasTypeFamily = false

    /// Creates a parser over `body`. The body is not copied.
    public init(_ body: [UInt8], format: ExpositionFormat) {
        self.body = body
        self.format = format
        labelOffsets.reserveCapacity(32)
    }

    /// Advances to the next entry; nil at the end of the input (OpenMetrics: after `# EOF`).
    public mutating func next() throws(ExpositionError) -> ExpositionEntry? {
        if finished { return nil }
        let bytes = body
        return try bytes.withUnsafeBufferPointer { (b) throws(ExpositionError) -> ExpositionEntry? in
            switch format {
            case .prometheusText: return try nextText(b)
            case .openMetrics: return try nextOpenMetrics(b)
            case .protobuf:
                // A caller bug rather than bad input, but still no trap: the scrape fails with this message.
                throw ExpositionError(line: 0, reason: "protobuf bodies are read with ProtobufParser, not ExpositionParser")
            }
        }
    }

    // MARK: Accessors

    /// The label set of the current sample, `__name__` included, sorted by name; labels with empty values
    /// are dropped. Allocates: call it on a cache miss only.
    public func labels() -> Labels {
        body.withUnsafeBufferPointer { b in
            var pairs: [Label] = []
            pairs.reserveCapacity(labelOffsets.count / 4 + 1)
            let name = makeString(b, nameRange)
            if !name.isEmpty { pairs.append(Label(name: LabelName.metricName, value: name)) }
            var k = 0
            while k < labelOffsets.count {
                let n = makeString(b, labelOffsets[k]..<labelOffsets[k + 1])
                var v = makeString(b, labelOffsets[k + 2]..<labelOffsets[k + 3])
                if (lastType == .histogram && n == LabelName.bucket) || (lastType == .summary && n == LabelName.quantile) {
                    v = normalizedFloatLabelValue(v)
                }
                if !v.isEmpty { pairs.append(Label(name: n, value: v)) }
                k += 4
            }
            pairs.sort { byteCompare($0.name, $1.name) < 0 }
            return Labels(sortedUnchecked: pairs)
        }
    }

    /// The metric name of the current sample or metadata line, unescaped. Allocates.
    public var metricName: String {
        body.withUnsafeBufferPointer { makeString($0, nameRange) }
    }

    /// The exemplar of the current sample (OpenMetrics only), or nil. Allocates when present.
    public var exemplar: Exemplar? {
        guard hasExemplar else { return nil }
        return body.withUnsafeBufferPointer { b in
            var pairs: [Label] = []
            var k = 0
            while k < exemplarOffsets.count {
                let n = makeString(b, exemplarOffsets[k]..<exemplarOffsets[k + 1])
                let v = makeString(b, exemplarOffsets[k + 2]..<exemplarOffsets[k + 3])
                if !v.isEmpty && !pairs.contains(where: { $0.name == n }) { pairs.append(Label(name: n, value: v)) }
                k += 4
            }
            pairs.sort { byteCompare($0.name, $1.name) < 0 }
            return Exemplar(labels: Labels(sortedUnchecked: pairs), value: exemplarValue, timestamp: exemplarTimestamp)
        }
    }

    /// The family named by the current HELP, TYPE or UNIT line, unescaped.
    public var metricFamilyName: String { metricName }

    /// The unescaped text of the current HELP line (text format: `\\` and `\n`; OpenMetrics also `\"`).
    public var helpText: String {
        body.withUnsafeBufferPointer { makeString($0, textRange, quoteEscapes: format == .openMetrics) }
    }

    /// The type given by the current TYPE line (`untyped` in the text format reads as `.unknown`).
    public var metricType: MetricType { currentType }

    /// The unit of the current UNIT line; may be empty.
    public var unit: String {
        body.withUnsafeBufferPointer { makeString($0, textRange, unescape: false) }
    }

    /// The whole text of the current comment line, starting with `#`.
    public var comment: String {
        body.withUnsafeBufferPointer { makeString($0, textRange, unescape: false) }
    }

    // MARK: Shared helpers

    func error(_ reason: String) -> ExpositionError {
        ExpositionError(line: line, reason: reason)
    }

    /// Describes the input at `at` for an error message: the run of bytes up to the next delimiter, quoted.
    func got(_ b: UnsafeBufferPointer<UInt8>, _ at: Int) -> String {
        guard at < b.count else { return "end of input" }
        var e = at
        while e < b.count, e - at < 32 {
            let c = b[e]
            if c == Byte.space || c == Byte.tab || c == Byte.newline || c == Byte.braceOpen || c == Byte.braceClose
                || c == Byte.comma || c == Byte.equal || c == Byte.quote
            {
                break
            }
            e += 1
        }
        if e == at { e += 1 }
        return quoteForError(b[at..<e])
    }

    /// Reads a quoted string starting at the `"` at `at`; returns the range of its content (without quotes).
    /// `allowNewline` follows the lexers: Prometheus text accepts raw newlines inside quotes, OpenMetrics label
    /// values do not. Counts newlines into `line`.
    mutating func readQuoted(
        _ b: UnsafeBufferPointer<UInt8>, at: Int, allowNewline: Bool, what: String
    ) throws(ExpositionError) -> Range<Int> {
        var i = at + 1
        var sawHighBit = false
        var newlines = 0
        while i < b.count {
            let c = b[i]
            if c == Byte.quote {
                if sawHighBit && !isValidUTF8(b, (at + 1)..<i) {
                    throw error("invalid UTF-8 in \(what) \(quoteForError(b[at...i]))")
                }
                line += newlines
                pos = i + 1
                return (at + 1)..<i
            }
            if c == Byte.backslash {
                i += 1
                guard i < b.count else { break }
                // The lexers' `\\.` does not match a backslash before a newline.
                if b[i] == Byte.newline { break }
                if b[i] >= 0x80 { sawHighBit = true }
            } else if c == Byte.newline {
                if !allowNewline { break }
                newlines += 1
            } else if c >= 0x80 {
                sawHighBit = true
            }
            i += 1
        }
        throw error("unterminated quoted \(what) \(quoteForError(b[at..<min(i, b.count)]))")
    }

    /// Rejects a label name that already appeared in the current label set.
    /// A label spelled `__name__` is refused: Prometheus ends up with a duplicate `__name__` (or none at all)
    /// and fails the scrape.
    func checkDuplicate(_ b: UnsafeBufferPointer<UInt8>, _ offsets: [Int], name: Range<Int>) throws(ExpositionError) {
        if bytesEqual(b, name, "__name__") {
            throw error("label name \"__name__\" is not allowed in a label set; write the metric name instead")
        }
        var k = 0
        while k + 4 <= offsets.count {
            if unescapedEqual(b, offsets[k]..<offsets[k + 1], name) {
                throw error("duplicate label name \(quoteForError(makeString(b, name).utf8))")
            }
            k += 4
        }
    }
}

/// Prometheus 3 rewrites `le` and `quantile` values of classic histograms and summaries in canonical
/// OpenMetrics float form (`1` → `1.0`, `1e3` → `1000.0`) so text and OpenMetrics scrapes give the same series.
func normalizedFloatLabelValue(_ v: String) -> String {
    var s = v
    let parsed: FloatParseResult = s.withUTF8 { u in
        u.withMemoryRebound(to: UInt8.self) { parseGoFloat($0, 0..<$0.count) }
    }
    guard case .value(let f) = parsed else { return v }
    return formatOpenMetricsFloat(f)
}
