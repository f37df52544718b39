/// `Probe` spec: the same schema as prometheus-operator's `monitoring.coreos.com/v1`.
package struct ProbeSpec: Codable, Hashable, Sendable, SchemaAnnotated {
    package var jobName: String?
    package var prober: Prober?
    package var module: String?
    package var targets: Targets?
    package var interval: String?
    package var scrapeTimeout: String?
    package var tlsConfig: SafeTLSConfig?
    package var bearerTokenSecret: SecretKeySelector?
    package var basicAuth: BasicAuth?
    package var oauth2: OAuth2?
    package var metricRelabelings: [RelabelConfig]?
    package var authorization: SafeAuthorization?
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
    package var scrapeClass: String?
    package var params: [ProbeParam]?
    package var enableHttp2: Bool?
    package var followRedirects: Bool?

    package struct Prober: Codable, Hashable, Sendable, SchemaAnnotated {
        package var url: String
        package var scheme: URLScheme?
        package var path: String?
        package var proxyUrl: String?
        package var noProxy: String?
        package var proxyFromEnvironment: Bool?
        package var proxyConnectHeader: [String: [SecretKeySelector]]?

        package static func annotate(_ s: inout Schema) {
            s.with("url") { $0.minLength = 1 }
            s.with("path") { $0.defaultValue = .string("/probe") }
            ProxyFields.annotate(&s)
        }
    }

    package struct Targets: Codable, Hashable, Sendable {
        package var staticConfig: StaticTargets?
        package var ingress: IngressTargets?
    }

    package struct StaticTargets: Codable, Hashable, Sendable {
        package var `static`: [String]?
        package var labels: [String: String]?
        package var relabelingConfigs: [RelabelConfig]?
    }

    package struct IngressTargets: Codable, Hashable, Sendable {
        package var selector: LabelSelector?
        package var namespaceSelector: NamespaceSelector?
        package var relabelingConfigs: [RelabelConfig]?
    }

    package struct ProbeParam: Codable, Hashable, Sendable, SchemaAnnotated {
        package var name: String
        package var values: [String]?

        package static func annotate(_ s: inout Schema) {
            s.with("name") { $0.minLength = 1 }
            s.with("values") {
                $0.minItems = 1
                $0.items?.minLength = 1
            }
        }
    }

    package static func annotate(_ s: inout Schema) {
        MonitorLimits.annotate(&s)
        s.with("params") {
            $0.minItems = 1
            $0.listType = "map"
            $0.listMapKeys = ["name"]
        }
    }
}
