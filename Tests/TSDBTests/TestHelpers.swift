import Logging
import PromModel
import Storage
@testable import TSDB

func makeDB(_ options: TSDBOptions = TSDBOptions(), directory: String? = nil) throws -> TSDB {
    try TSDB(directory: directory, options: options, logger: Logger(label: "tsdb-test"))
}

/// All samples of the series matching `matchers`, keyed by their labels' description.
func readAll(_ q: some Queryable, mint: Int64 = Int64.min, maxt: Int64 = Int64.max, _ matchers: [Matcher] = [
    try! Matcher(.regexMatch, "__name__", ".+")
]) throws -> [String: [Sample]] {
    let querier = try q.querier(mint: mint, maxt: maxt)
    var out: [String: [Sample]] = [:]
    for s in try querier.select(sorted: true, hints: nil, matchers: matchers) {
        var it = s.makeIterator()
        var samples: [Sample] = []
        while it.next() == .float { samples.append(it.at()) }
        out[s.labels.description] = samples
    }
    return out
}

extension Labels {
    static func metric(_ name: String, _ pairs: [String: String] = [:]) -> Labels {
        var all = pairs
        all["__name__"] = name
        return Labels(all)
    }
}
