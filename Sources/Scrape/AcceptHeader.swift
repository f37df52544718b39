import Exposition
public import PromConfig

/// The `Accept` header Prometheus 3 sends for `scrape_protocols`: each protocol's media type in the configured
/// order, then `*/*`. Weights count down from 0.6: Prometheus starts at the number of protocols it knows (five)
/// plus one whatever the list holds, so `[PrometheusProto, OpenMetricsText1.0.0, …]` gives the protobuf type
/// q=0.6 and the default list starts at q=0.6 too (`acceptHeader` in Prometheus's scrape.go and its
/// `TestAcceptHeader`). The escaping parameter goes only on the 1.0.0 text formats, which define it.
///
/// `PrometheusProto` is offered like the others: protobuf bodies are read by `ProtobufParser`, the only format
/// that carries native histograms.
public func scrapeAcceptHeader(_ protocols: [ScrapeProtocol]) -> String {
    // The default list is the one configuration.md documents; Prometheus 3 itself also offers text 1.0.0 by
    // default, and its exact header is what targets see.
    if protocols == ScrapeProtocol.defaults { return ExpositionFormat.acceptHeader }
    var weight = ScrapeProtocol.allCases.count + 1
    var parts: [String] = []
    for p in protocols {
        var value: String
        switch p {
        case .prometheusProto:
            value = ExpositionFormat.protobufMediaType + ";proto=io.prometheus.client.MetricFamily;encoding=delimited"
        case .prometheusText0_0_4: value = "text/plain;version=0.0.4"
        case .prometheusText1_0_0: value = "text/plain;version=1.0.0;escaping=allow-utf-8"
        case .openMetricsText0_0_1: value = "application/openmetrics-text;version=0.0.1"
        case .openMetricsText1_0_0: value = "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8"
        }
        value += ";q=0.\(weight)"
        parts.append(value)
        weight -= 1
    }
    parts.append("*/*;q=0.\(weight)")
    return parts.joined(separator: ",")
}
