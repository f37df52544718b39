public import PromModel

/// Head statistics and cardinality for `/api/v1/status/tsdb`, in Prometheus's field names.
public struct APITSDBStatus: Sendable {
    public struct Entry: Sendable {
        public var name: String
        public var value: Int
        public init(name: String, value: Int) {
            self.name = name
            self.value = value
        }
    }
    public var numSeries: Int
    public var numLabelPairs: Int
    public var chunkCount: Int
    /// ms; Int64.max/min when the head is empty (Prometheus reports them as is).
    public var minTime: Int64
    public var maxTime: Int64
    public var seriesCountByMetricName: [Entry]
    public var labelValueCountByLabelName: [Entry]
    public var memoryInBytesByLabelName: [Entry]
    public var seriesCountByLabelValuePair: [Entry]

    public init(
        numSeries: Int, numLabelPairs: Int, chunkCount: Int, minTime: Int64, maxTime: Int64,
        seriesCountByMetricName: [Entry], labelValueCountByLabelName: [Entry], memoryInBytesByLabelName: [Entry],
        seriesCountByLabelValuePair: [Entry]
    ) {
        self.numSeries = numSeries
        self.numLabelPairs = numLabelPairs
        self.chunkCount = chunkCount
        self.minTime = minTime
        self.maxTime = maxTime
        self.seriesCountByMetricName = seriesCountByMetricName
        self.labelValueCountByLabelName = labelValueCountByLabelName
        self.memoryInBytesByLabelName = memoryInBytesByLabelName
        self.seriesCountByLabelValuePair = seriesCountByLabelValuePair
    }
}

/// The storage's status and admin operations as the API needs them; the executable adapts the TSDB to this
/// (HTTPAPI does not import TSDB).
public protocol TSDBAdminProvider: Sendable {
    /// Head statistics with the top `limit` of each cardinality list.
    func tsdbStatus(limit: Int) -> APITSDBStatus
    /// Deletes samples in `[start, end]` of series matching any of the selectors.
    func deleteSeries(selectors: [[Matcher]], start: Int64, end: Int64) throws
    /// Removes deleted data from disk.
    func cleanTombstones() throws
    /// Writes a snapshot under `<data>/snapshots/<name>` and returns the name.
    func snapshot(skipHead: Bool) throws -> String
}

/// `/api/v1/status/runtimeinfo`, in Prometheus's field names.
public struct APIRuntimeInfo: Sendable {
    /// RFC 3339.
    public var startTime: String
    public var cwd: String
    public var reloadConfigSuccess: Bool
    /// RFC 3339.
    public var lastConfigTime: String
    public var corruptionCount: Int
    public var goroutineCount: Int
    public var gomaxprocs: Int
    public var storageRetention: String

    public init(
        startTime: String, cwd: String, reloadConfigSuccess: Bool, lastConfigTime: String, corruptionCount: Int,
        goroutineCount: Int, gomaxprocs: Int, storageRetention: String
    ) {
        self.startTime = startTime
        self.cwd = cwd
        self.reloadConfigSuccess = reloadConfigSuccess
        self.lastConfigTime = lastConfigTime
        self.corruptionCount = corruptionCount
        self.goroutineCount = goroutineCount
        self.gomaxprocs = gomaxprocs
        self.storageRetention = storageRetention
    }
}
