import Exposition
public import PromConfig

/// The `Accept` header Prometheus sends for `scrape_protocols`: each protocol's media type in the configured
/// order with falling `q` weights, then `*/*`. The default list gets Prometheus 3's default header
/// (`ExpositionFormat.acceptHeader`). `PrometheusProto` is left out: Sextant does not parse the protobuf
/// format, and offering it would invite bodies it cannot read (the next protocol is used instead).
public func scrapeAcceptHeader(_ protocols: [ScrapeProtocol]) -> String {
    if protocols == ScrapeProtocol.defaults { return ExpositionFormat.acceptHeader }
    let offered = protocols.filter { $0 != .prometheusProto }
    var weight = offered.count + 1
    var parts: [String] = []
    for p in offered {
        var value: String
        switch p {
        case .prometheusText0_0_4: value = "text/plain;version=0.0.4"
        case .prometheusText1_0_0: value = "text/plain;version=1.0.0;escaping=allow-utf-8"
        case .openMetricsText0_0_1: value = "application/openmetrics-text;version=0.0.1"
        case .openMetricsText1_0_0: value = "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8"
        case .prometheusProto: continue
        }
        value += ";q=0.\(weight)"
        parts.append(value)
        weight -= 1
    }
    parts.append("*/*;q=0.\(weight)")
    return parts.joined(separator: ",")
}
