import Exposition
import PromModel
import Storage

extension ScrapeRunner {
    /// Appends a protobuf body: its families' metadata, float samples as from the text formats, and native
    /// histograms through `appendHistogram` (with their classic series too under
    /// `always_scrape_classic_histograms`). Throws a `ScrapeFailure` when the scrape as a whole must fail.
    mutating func appendProtobuf(_ body: [UInt8], ts: Timestamp, app: any Appender) throws -> AppendCounts {
        var counts = AppendCounts()
        var parser = ProtobufParser(body, classicHistograms: loop.options.nativeHistograms.alwaysScrapeClassic)
        try body.withUnsafeBytes { raw in
            while true {
                let entry: ProtobufEntry?
                let histogram: FloatHistogram?
                do {
                    entry = try parser.next()
                    histogram = entry == .histogram ? try parser.nativeHistogram() : nil
                } catch {
                    throw ScrapeFailure("\(error)")
                }
                guard let entry else { break }
                let value: ScrapedValue
                switch entry {
                case .help, .unit, .type:
                    metadata.observe(entry, parser: parser, body: raw)
                    continue
                case .series: value = .float(parser.value)
                case .histogram: value = .histogram(histogram!)
                }
                // The key lives in the parser's reused buffer: borrowed for this sample, copied only on a miss.
                try parser.seriesKey.withUnsafeBytes { key in
                    try appendSample(
                        key: key, timestamp: parser.timestamp, value: value, ts: ts, app: app, counts: &counts,
                        labels: { parser.labels() })
                }
            }
        }
        return counts
    }
}
