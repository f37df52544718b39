/// Cardinality statistics of the head, as Prometheus's `/api/v1/status/tsdb` reports them.
public struct HeadCardinality: Sendable, Equatable {
    /// A name (metric, label, or `name=value` pair) and its count, largest first.
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var value: Int
    }

    public var numSeries: Int
    public var numLabelPairs: Int
    public var seriesCountByMetricName: [Entry]
    public var labelValueCountByLabelName: [Entry]
    public var memoryInBytesByLabelName: [Entry]
    public var seriesCountByLabelValuePair: [Entry]
}

extension MemPostings {
    /// The top `limit` entries of each statistic; ties are broken by name so the output is stable.
    func cardinality(limit: Int) -> HeadCardinality {
        var byMetric: [HeadCardinality.Entry] = []
        var valueCounts: [HeadCardinality.Entry] = []
        var memory: [HeadCardinality.Entry] = []
        var pairs: [HeadCardinality.Entry] = []
        var numPairs = 0
        var numSeries = 0
        withIndex { byName, all in
            numSeries = all.count
            for (name, values) in byName {
                numPairs += values.count
                valueCounts.append(.init(name: name, value: values.count))
                var bytes = 0
                for (value, refs) in values {
                    bytes += value.utf8.count * refs.count
                    pairs.append(.init(name: "\(name)=\(value)", value: refs.count))
                    if name == "__name__" { byMetric.append(.init(name: value, value: refs.count)) }
                }
                memory.append(.init(name: name, value: bytes))
            }
        }
        func top(_ e: [HeadCardinality.Entry]) -> [HeadCardinality.Entry] {
            Array(e.sorted { $0.value != $1.value ? $0.value > $1.value : $0.name < $1.name }.prefix(limit))
        }
        return HeadCardinality(
            numSeries: numSeries, numLabelPairs: numPairs, seriesCountByMetricName: top(byMetric),
            labelValueCountByLabelName: top(valueCounts), memoryInBytesByLabelName: top(memory),
            seriesCountByLabelValuePair: top(pairs))
    }
}
