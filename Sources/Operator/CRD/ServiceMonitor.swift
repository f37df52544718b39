/// `ServiceMonitor` spec: the same schema as prometheus-operator's `monitoring.coreos.com/v1`.
package struct ServiceMonitorSpec: Codable, Hashable, Sendable, SchemaAnnotated {
    package var jobLabel: String?
    package var targetLabels: [String]?
    package var podTargetLabels: [String]?
    package var endpoints: [Endpoint]
    package var selector: LabelSelector
    package var selectorMechanism: SelectorMechanism?
    package var namespaceSelector: NamespaceSelector?
    package var serviceDiscoveryRole: ServiceDiscoveryRole?
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

    package init(endpoints: [Endpoint], selector: LabelSelector) {
        self.endpoints = endpoints
        self.selector = selector
    }

    package static func annotate(_ s: inout Schema) {
        MonitorLimits.annotate(&s)
        s.doc("endpoints", "Endpoints to scrape on the selected Services.")
        s.doc("selector", "Selects the Services to scrape.")
        s.doc("namespaceSelector", "Namespaces to look in; default the object's own.")
    }
}

/// Schema details shared by ServiceMonitor, PodMonitor and Probe limits.
enum MonitorLimits {
    static func annotate(_ s: inout Schema) {
        s.nonNegative(
            "sampleLimit", "targetLimit", "labelLimit", "labelNameLengthLimit", "labelValueLengthLimit",
            "nativeHistogramBucketLimit", "keepDroppedTargets")
        s.with("scrapeProtocols") { $0.listType = "set" }
        s.with("scrapeClass") { $0.minLength = 1 }
        s.with("bodySizeLimit") { $0.pattern = Patterns.byteSize }
        s.durations("interval", "scrapeTimeout")
    }
}

package enum SelectorMechanism: String, SchemaEnum, Codable, Hashable, Sendable {
    case relabelConfig = "RelabelConfig"
    case roleSelector = "RoleSelector"
}

package enum ServiceDiscoveryRole: String, SchemaEnum, Codable, Hashable, Sendable {
    case endpoints = "Endpoints"
    case endpointSlice = "EndpointSlice"
}

/// One scrape endpoint of a ServiceMonitor.
package struct Endpoint: Codable, Hashable, Sendable, SchemaAnnotated {
    package var port: String?
    package var targetPort: IntOrString?
    package var path: String?
    package var scheme: URLScheme?
    package var params: [String: [String]]?
    package var interval: String?
    package var scrapeTimeout: String?
    package var tlsConfig: TLSConfig?
    package var bearerTokenFile: String?
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

    package init(port: String? = nil, targetPort: IntOrString? = nil, path: String? = nil) {
        self.port = port
        self.targetPort = targetPort
        self.path = path
    }

    package static func annotate(_ s: inout Schema) {
        s.durations("interval", "scrapeTimeout")
        ProxyFields.annotate(&s)
        s.doc("port", "Name of the Service port.")
        s.doc("targetPort", "Pod port name or number; used when port is unset.")
    }
}
