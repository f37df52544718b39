/// Metric types as exposed by `# TYPE` lines.
public enum MetricType: String, Sendable, Codable, CaseIterable {
    case counter
    case gauge
    case histogram
    case gaugehistogram
    case summary
    case info
    case stateset
    case unknown
}

/// What `# HELP`, `# TYPE` and `# UNIT` said about a metric family.
public struct MetricMetadata: Sendable, Equatable, Codable {
    public var type: MetricType
    public var help: String
    public var unit: String

    public init(type: MetricType = .unknown, help: String = "", unit: String = "") {
        self.type = type
        self.help = help
        self.unit = unit
    }
}
