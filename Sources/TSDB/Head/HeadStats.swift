/// Counters and gauges of the in-memory head, for the server's `/metrics`
/// (names in comments are the Prometheus metrics they correspond to).
public struct HeadStats: Sendable, Equatable {
    /// `prometheus_tsdb_head_series`
    public var numSeries: Int
    /// `prometheus_tsdb_head_series_created_total`
    public var seriesCreated: Int
    /// `prometheus_tsdb_head_series_removed_total`
    public var seriesRemoved: Int
    /// `prometheus_tsdb_head_samples_appended_total` (committed samples)
    public var samplesAppended: Int
    /// `prometheus_tsdb_head_chunks`
    public var chunks: Int
    /// `prometheus_tsdb_head_chunks_created_total`
    public var chunksCreated: Int
    /// `prometheus_tsdb_out_of_order_samples_total` (refused at append or dropped at commit)
    public var outOfOrderSamples: Int
    /// `prometheus_tsdb_out_of_bound_samples_total`
    public var outOfBoundSamples: Int
    /// `prometheus_tsdb_head_out_of_order_samples_appended_total` (accepted within the out-of-order window)
    public var outOfOrderSamplesAppended: Int = 0
    /// `prometheus_tsdb_too_old_samples_total` (refused as before the out-of-order window)
    public var tooOldSamples: Int = 0
    /// `prometheus_tsdb_head_min_time`; `Int64.max` while the head is empty.
    public var minTime: Int64
    /// `prometheus_tsdb_head_max_time`; `Int64.min` while the head is empty.
    public var maxTime: Int64

    public init(
        numSeries: Int = 0, seriesCreated: Int = 0, seriesRemoved: Int = 0, samplesAppended: Int = 0, chunks: Int = 0,
        chunksCreated: Int = 0, outOfOrderSamples: Int = 0, outOfBoundSamples: Int = 0,
        minTime: Int64 = Int64.max, maxTime: Int64 = Int64.min
    ) {
        self.numSeries = numSeries
        self.seriesCreated = seriesCreated
        self.seriesRemoved = seriesRemoved
        self.samplesAppended = samplesAppended
        self.chunks = chunks
        self.chunksCreated = chunksCreated
        self.outOfOrderSamples = outOfOrderSamples
        self.outOfBoundSamples = outOfBoundSamples
        self.minTime = minTime
        self.maxTime = maxTime
    }
}
