/// `PodMonitor` spec: the same schema as prometheus-operator's `monitoring.coreos.com/v1`.
package struct PodMonitorSpec: Codable, Hashable, Sendable, SchemaAnnotated {
    package var jobLabel: String?
    package var podTargetLabels: [String]?
    package var podMetricsEndpoints: [PodMetricsEndpoint]?
    package var selector: LabelSelector
    package var selectorMechanism: SelectorMechanism?
    package var namespaceSelector: NamespaceSelector?
    package var sampleLimit: Int64?
    package var scrapeProtocols: [ScrapeProtocol]?
    package var fallbackScrapeProtocol: ScrapeProtocol?
    package var targetLimit: Int64?
    package var labelLimit: Int64?
    package var labelNameLengthLimit: Int64?
    package var labelValueLengthLimit: Int64?
    package var scrapeClassicHistograms: Bool?
    package var scrapeNativeHistograms: Bool?
    package var nativeHistogramBucketLimit: Int64?
    package var nativeHistogramMinBucketFactor: IntOrString?
    package var convertClassicHistogramsToNHCB: Bool?
    package var keepDroppedTargets: Int64?
    package var attachMetadata: AttachMetadata?
    package var scrapeClass: String?
    package var bodySizeLimit: String?

    package init(podMetricsEndpoints: [PodMetricsEndpoint], selector: LabelSelector) {
        self.podMetricsEndpoints = podMetricsEndpoints
        self.selector = selector
    }

    package static func annotate(_ s: inout Schema) {
        MonitorLimits.annotate(&s)
        s.doc("selector", "Selects the Pods to scrape.")
    }
}

/// One scrape endpoint of a PodMonitor.
package struct PodMetricsEndpoint: Codable, Hashable, Sendable, SchemaAnnotated {
    package var port: String?
    package var portNumber: Int32?
    package var targetPort: IntOrString?
    package var path: String?
    package var scheme: URLScheme?
    package var params: [String: [String]]?
    package var interval: String?
    package var scrapeTimeout: String?
    package var tlsConfig: SafeTLSConfig?
    package var bearerTokenSecret: SecretKeySelector?
    package var authorization: SafeAuthorization?
    package var honorLabels: Bool?
    package var honorTimestamps: Bool?
    package var trackTimestampsStaleness: Bool?
    package var basicAuth: BasicAuth?
    package var oauth2: OAuth2?
    package var metricRelabelings: [RelabelConfig]?
    package var relabelings: [RelabelConfig]?
    package var proxyUrl: String?
    package var noProxy: String?
    package var proxyFromEnvironment: Bool?
    package var proxyConnectHeader: [String: [SecretKeySelector]]?
    package var followRedirects: Bool?
    package var enableHttp2: Bool?
    package var filterRunning: Bool?

    package init(port: String? = nil, path: String? = nil) {
        self.port = port
        self.path = path
    }

    package static func annotate(_ s: inout Schema) {
        s.durations("interval", "scrapeTimeout")
        ProxyFields.annotate(&s)
        s.with("portNumber") {
            $0.minimum = 1
            $0.maximum = 65535
        }
    }
}
