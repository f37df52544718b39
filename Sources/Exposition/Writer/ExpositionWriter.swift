public import PromModel

/// One metric family to render: its metadata and its samples (each sample's labels carry `__name__`).
public struct MetricFamily: Sendable, Equatable {
    public var name: String
    public var type: MetricType
    public var help: String
    public var samples: [ExposedSample]

    public init(name: String, type: MetricType = .unknown, help: String = "", samples: [ExposedSample] = []) {
        self.name = name
        self.type = type
        self.help = help
        self.samples = samples
    }
}

/// A sample as written to an exposition: full label set, value, optional timestamp in milliseconds.
public struct ExposedSample: Sendable, Equatable {
    public var labels: Labels
    public var value: Double
    public var timestamp: Int64?

    public init(labels: Labels, value: Double, timestamp: Int64? = nil) {
        self.labels = labels
        self.value = value
        self.timestamp = timestamp
    }
}

/// Renders the Prometheus text format 0.0.4 into a byte buffer (for `/metrics` and `/federate`).
///
/// Names that are not legacy-valid are written quoted the way Prometheus 3 does (`{"my.metric","a.b"="c"}`),
/// which Prometheus 3's parser (and ours) reads back. Values use `formatPromFloat` (Go's `%g`).
public struct ExpositionWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
    }

    /// The rendered text so far.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Writes HELP (when non-empty), TYPE and every sample of the family.
    public mutating func write(_ family: MetricFamily) {
        if !family.help.isEmpty { writeHelp(family.name, family.help) }
        writeType(family.name, family.type)
        for s in family.samples { writeSample(s.labels, value: s.value, timestamp: s.timestamp) }
    }

    /// `# HELP name text`, escaping `\` and newlines.
    public mutating func writeHelp(_ family: String, _ help: String) {
        append("# HELP ")
        appendName(family, quotedIfNeeded: true)
        bytes.append(Byte.space)
        for c in help.utf8 {
            switch c {
            case Byte.backslash: append("\\\\")
            case Byte.newline: append("\\n")
            default: bytes.append(c)
            }
        }
        bytes.append(Byte.newline)
    }

    /// `# TYPE name type`; types the text format lacks (info, stateset, gaugehistogram, unknown) are `untyped`.
    public mutating func writeType(_ family: String, _ type: MetricType) {
        append("# TYPE ")
        appendName(family, quotedIfNeeded: true)
        switch type {
        case .counter: append(" counter\n")
        case .gauge: append(" gauge\n")
        case .histogram: append(" histogram\n")
        case .summary: append(" summary\n")
        default: append(" untyped\n")
        }
    }

    /// `name{label="value",…} value [timestamp]`.
    public mutating func writeSample(_ labels: Labels, value: Double, timestamp: Int64? = nil) {
        let name = labels.metricName
        let legacyName = MetricName.isLegacyValid(name)
        var first = true
        if legacyName { append(name) }
        for l in labels where l.name != LabelName.metricName || !legacyName {
            bytes.append(first ? Byte.braceOpen : Byte.comma)
            if l.name == LabelName.metricName {
                appendQuoted(l.value)  // a lone quoted string is the metric name
            } else {
                appendName(l.name, quotedIfNeeded: !LabelName.isLegacyValid(l.name))
                bytes.append(Byte.equal)
                appendQuoted(l.value)
            }
            first = false
        }
        if !first { bytes.append(Byte.braceClose) }
        bytes.append(Byte.space)
        append(formatPromFloat(value))
        if let timestamp {
            bytes.append(Byte.space)
            append(String(timestamp))
        }
        bytes.append(Byte.newline)
    }

    private mutating func appendName(_ name: String, quotedIfNeeded: Bool) {
        if quotedIfNeeded && !MetricName.isLegacyValid(name) { appendQuoted(name) } else { append(name) }
    }

    private mutating func appendQuoted(_ s: String) {
        bytes.append(Byte.quote)
        for c in s.utf8 {
            switch c {
            case Byte.backslash: append("\\\\")
            case Byte.quote: append("\\\"")
            case Byte.newline: append("\\n")
            default: bytes.append(c)
            }
        }
        bytes.append(Byte.quote)
    }

    private mutating func append(_ s: String) { bytes.append(contentsOf: s.utf8) }
}
