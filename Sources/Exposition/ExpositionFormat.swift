/// The formats a scrape body can be in.
public enum ExpositionFormat: Sendable, Equatable {
    /// Prometheus text format 0.0.4 (and 1.0.0, which only adds quoted UTF-8 names).
    case prometheusText
    /// OpenMetrics 1.0 text format.
    case openMetrics
    /// The Prometheus protobuf format: varint-length-delimited `io.prometheus.client.MetricFamily` messages.
    /// Read with `ProtobufParser`, not `ExpositionParser`.
    case protobuf

    /// The media type of the protobuf format, as Prometheus matches it.
    public static let protobufMediaType = "application/vnd.google.protobuf"

    /// Picks the parser for a response's `Content-Type`: `application/openmetrics-text` selects OpenMetrics,
    /// `application/vnd.google.protobuf` the protobuf format, `text/plain` the Prometheus text format. A missing
    /// or unknown type selects `fallback` (`fallback_scrape_protocol`), or the text format when none is given.
    ///
    /// The media type is compared case-insensitively and its parameters (`version`, `charset`, `proto`,
    /// `encoding`) are ignored, as Prometheus does.
    public static func from(contentType: String?, fallback: ExpositionFormat? = nil) -> ExpositionFormat {
        guard let contentType else { return fallback ?? .prometheusText }
        let mediaType = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        switch mediaType.trimmingASCIIWhitespace().lowercased() {
        case "application/openmetrics-text": return .openMetrics
        case protobufMediaType: return .protobuf
        case "text/plain": return .prometheusText
        default: return fallback ?? .prometheusText
        }
    }

    /// The `Accept` header Prometheus 3 sends with its default `scrape_protocols`
    /// (OpenMetrics 1.0.0, OpenMetrics 0.0.1, text 1.0.0, text 0.0.4), UTF-8 names allowed. The weights start at
    /// 0.6 because Prometheus counts down from the number of protocols it knows (five) plus one, whatever the
    /// list holds (`acceptHeader` in Prometheus's scrape.go, checked by its `TestAcceptHeader`).
    public static let acceptHeader =
        "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
        + "application/openmetrics-text;version=0.0.1;q=0.5,"
        + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,"
        + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2"
}

extension Substring {
    fileprivate func trimmingASCIIWhitespace() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
