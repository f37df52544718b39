/// An exemplar attached to a sample: a small label set (usually a trace ID) with its own value and
/// optional timestamp, as exposed by OpenMetrics (`# {trace_id="abc"} 1.0 123.45`).
public struct Exemplar: Sendable, Equatable {
    public var labels: Labels
    public var value: Double
    /// Milliseconds since the epoch, when the exposition gave one.
    public var timestamp: Timestamp?

    public init(labels: Labels, value: Double, timestamp: Timestamp? = nil) {
        self.labels = labels
        self.value = value
        self.timestamp = timestamp
    }

    public static func == (a: Exemplar, b: Exemplar) -> Bool {
        // NaN exemplar values compare equal to each other so round-trip tests can use `==`.
        a.labels == b.labels && a.timestamp == b.timestamp
            && (a.value == b.value || (a.value.isNaN && b.value.isNaN))
    }
}
