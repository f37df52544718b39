/// An exposition format offered in the scrape request's `Accept` header, in preference order.
public enum ScrapeProtocol: String, Sendable, Hashable, CaseIterable, Encodable {
    case prometheusProto = "PrometheusProto"
    case openMetricsText0_0_1 = "OpenMetricsText0.0.1"
    case openMetricsText1_0_0 = "OpenMetricsText1.0.0"
    case prometheusText0_0_4 = "PrometheusText0.0.4"
    case prometheusText1_0_0 = "PrometheusText1.0.0"

    /// Prometheus's default without native histograms.
    public static let defaults: [ScrapeProtocol] = [.openMetricsText1_0_0, .openMetricsText0_0_1, .prometheusText0_0_4]
}

extension NodeDecoder {
    public func scrapeProtocol() throws(ConfigError) -> ScrapeProtocol {
        let text = try string()
        guard let p = ScrapeProtocol(rawValue: text) else {
            let known = ScrapeProtocol.allCases.map(\.rawValue).joined(separator: ", ")
            throw error("unknown scrape protocol \(quoted(text)); supported (case sensitive): \(known)")
        }
        return p
    }

    /// A non-empty list of distinct protocols.
    public func scrapeProtocols() throws(ConfigError) -> [ScrapeProtocol] {
        let items = try sequence()
        if items.isEmpty { throw error("scrape_protocols cannot be empty") }
        var out: [ScrapeProtocol] = []
        for item in items {
            let p = try item.scrapeProtocol()
            if out.contains(p) { throw item.error("duplicated protocol \(quoted(p.rawValue)) in scrape_protocols") }
            out.append(p)
        }
        return out
    }
}
