/// The subset of Prometheus's `scrape_config` the operator renders, encoded in Prometheus's YAML format.
///
/// A local typed model until PromConfig's scrape config lands; field names follow `prometheus.yml` exactly.
/// Secrets are only ever referenced as files (`*_file`), never inlined.
package struct PromScrapeConfig: Encodable, Equatable, Sendable {
    package var jobName: String
    package var honorLabels: Bool?
    package var honorTimestamps: Bool?
    package var trackTimestampsStaleness: Bool?
    package var scrapeInterval: String?
    package var scrapeTimeout: String?
    package var scrapeProtocols: [String]?
    package var metricsPath: String?
    package var scheme: String?
    package var params: [String: [String]]?
    package var enableHTTP2: Bool?
    package var followRedirects: Bool?
    package var proxyURL: String?
    package var noProxy: String?
    package var proxyFromEnvironment: Bool?
    package var tlsConfig: PromTLSConfig?
    package var basicAuth: PromBasicAuth?
    package var authorization: PromAuthorization?
    package var oauth2: PromOAuth2?
    package var kubernetesSDConfigs: [PromKubernetesSD]?
    package var staticConfigs: [PromStaticConfig]?
    package var relabelConfigs: [PromRelabel]?
    package var metricRelabelConfigs: [PromRelabel]?
    package var sampleLimit: Int64?
    package var targetLimit: Int64?
    package var labelLimit: Int64?
    package var labelNameLengthLimit: Int64?
    package var labelValueLengthLimit: Int64?
    package var bodySizeLimit: String?
    package var nativeHistogramBucketLimit: Int64?
    package var keepDroppedTargets: Int64?

    package init(jobName: String) { self.jobName = jobName }

    enum CodingKeys: String, CodingKey {
        case jobName = "job_name"
        case honorLabels = "honor_labels"
        case honorTimestamps = "honor_timestamps"
        case trackTimestampsStaleness = "track_timestamps_staleness"
        case scrapeInterval = "scrape_interval"
        case scrapeTimeout = "scrape_timeout"
        case scrapeProtocols = "scrape_protocols"
        case metricsPath = "metrics_path"
        case scheme, params
        case enableHTTP2 = "enable_http2"
        case followRedirects = "follow_redirects"
        case proxyURL = "proxy_url"
        case noProxy = "no_proxy"
        case proxyFromEnvironment = "proxy_from_environment"
        case tlsConfig = "tls_config"
        case basicAuth = "basic_auth"
        case authorization, oauth2
        case kubernetesSDConfigs = "kubernetes_sd_configs"
        case staticConfigs = "static_configs"
        case relabelConfigs = "relabel_configs"
        case metricRelabelConfigs = "metric_relabel_configs"
        case sampleLimit = "sample_limit"
        case targetLimit = "target_limit"
        case labelLimit = "label_limit"
        case labelNameLengthLimit = "label_name_length_limit"
        case labelValueLengthLimit = "label_value_length_limit"
        case bodySizeLimit = "body_size_limit"
        case nativeHistogramBucketLimit = "native_histogram_bucket_limit"
        case keepDroppedTargets = "keep_dropped_targets"
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(jobName, forKey: .jobName)
        try c.encodeIfPresent(honorLabels, forKey: .honorLabels)
        try c.encodeIfPresent(honorTimestamps, forKey: .honorTimestamps)
        try c.encodeIfPresent(trackTimestampsStaleness, forKey: .trackTimestampsStaleness)
        try c.encodeIfPresent(scrapeInterval, forKey: .scrapeInterval)
        try c.encodeIfPresent(scrapeTimeout, forKey: .scrapeTimeout)
        try c.encodeIfPresent(scrapeProtocols, forKey: .scrapeProtocols)
        try c.encodeIfPresent(metricsPath, forKey: .metricsPath)
        try c.encodeIfPresent(scheme, forKey: .scheme)
        if let params { try c.encode(SortedObject(params), forKey: .params) }
        try c.encodeIfPresent(enableHTTP2, forKey: .enableHTTP2)
        try c.encodeIfPresent(followRedirects, forKey: .followRedirects)
        try c.encodeIfPresent(proxyURL, forKey: .proxyURL)
        try c.encodeIfPresent(noProxy, forKey: .noProxy)
        try c.encodeIfPresent(proxyFromEnvironment, forKey: .proxyFromEnvironment)
        try c.encodeIfPresent(tlsConfig, forKey: .tlsConfig)
        try c.encodeIfPresent(basicAuth, forKey: .basicAuth)
        try c.encodeIfPresent(authorization, forKey: .authorization)
        try c.encodeIfPresent(oauth2, forKey: .oauth2)
        try c.encodeIfPresent(kubernetesSDConfigs, forKey: .kubernetesSDConfigs)
        try c.encodeIfPresent(staticConfigs, forKey: .staticConfigs)
        try c.encodeIfPresent(relabelConfigs, forKey: .relabelConfigs)
        try c.encodeIfPresent(metricRelabelConfigs, forKey: .metricRelabelConfigs)
        try c.encodeIfPresent(sampleLimit, forKey: .sampleLimit)
        try c.encodeIfPresent(targetLimit, forKey: .targetLimit)
        try c.encodeIfPresent(labelLimit, forKey: .labelLimit)
        try c.encodeIfPresent(labelNameLengthLimit, forKey: .labelNameLengthLimit)
        try c.encodeIfPresent(labelValueLengthLimit, forKey: .labelValueLengthLimit)
        try c.encodeIfPresent(bodySizeLimit, forKey: .bodySizeLimit)
        try c.encodeIfPresent(nativeHistogramBucketLimit, forKey: .nativeHistogramBucketLimit)
        try c.encodeIfPresent(keepDroppedTargets, forKey: .keepDroppedTargets)
    }
}

package struct PromRelabel: Encodable, Equatable, Sendable {
    package var sourceLabels: [String]?
    package var separator: String?
    package var targetLabel: String?
    package var regex: String?
    package var modulus: Int64?
    package var replacement: String?
    package var action: String?

    package init(
        sourceLabels: [String]? = nil, separator: String? = nil, targetLabel: String? = nil, regex: String? = nil,
        modulus: Int64? = nil, replacement: String? = nil, action: String? = nil
    ) {
        self.sourceLabels = sourceLabels
        self.separator = separator
        self.targetLabel = targetLabel
        self.regex = regex
        self.modulus = modulus
        self.replacement = replacement
        self.action = action
    }

    enum CodingKeys: String, CodingKey {
        case sourceLabels = "source_labels"
        case separator
        case targetLabel = "target_label"
        case regex, modulus, replacement
        case action
    }

    /// A user-written relabeling: actions lowercased to Prometheus's spelling, other fields as given.
    package init(_ r: RelabelConfig) {
        self.init(
            sourceLabels: r.sourceLabels, separator: r.separator, targetLabel: r.targetLabel, regex: r.regex,
            modulus: r.modulus, replacement: r.replacement, action: r.action?.prometheusName)
    }
}

package struct PromKubernetesSD: Encodable, Equatable, Sendable {
    package var role: String
    package var namespaces: Namespaces?
    package var selectors: [Selector]?
    package var attachMetadata: AttachMetadata?

    package init(
        role: String, namespaces: Namespaces? = nil, selectors: [Selector]? = nil,
        attachMetadata: AttachMetadata? = nil
    ) {
        self.role = role
        self.namespaces = namespaces
        self.selectors = selectors
        self.attachMetadata = attachMetadata
    }

    /// A server-side label selector for one role (`selectorMechanism: RoleSelector`).
    package struct Selector: Encodable, Equatable, Sendable {
        package var role: String
        package var label: String
    }

    package struct Namespaces: Encodable, Equatable, Sendable {
        package var names: [String]
    }

    package struct AttachMetadata: Encodable, Equatable, Sendable {
        package var node: Bool
    }

    enum CodingKeys: String, CodingKey {
        case role, namespaces, selectors
        case attachMetadata = "attach_metadata"
    }
}

package struct PromStaticConfig: Encodable, Equatable, Sendable {
    package var targets: [String]
    package var labels: [String: String]?

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: AnyKey.self)
        try c.encode(targets, forKey: AnyKey("targets"))
        if let labels, !labels.isEmpty { try c.encode(SortedObject(labels), forKey: AnyKey("labels")) }
    }
}

package struct PromTLSConfig: Encodable, Equatable, Sendable {
    package var caFile: String?
    package var certFile: String?
    package var keyFile: String?
    package var serverName: String?
    package var insecureSkipVerify: Bool?
    package var minVersion: String?
    package var maxVersion: String?

    enum CodingKeys: String, CodingKey {
        case caFile = "ca_file"
        case certFile = "cert_file"
        case keyFile = "key_file"
        case serverName = "server_name"
        case insecureSkipVerify = "insecure_skip_verify"
        case minVersion = "min_version"
        case maxVersion = "max_version"
    }
}

/// Basic auth with both halves from files; there is deliberately no inline username.
package struct PromBasicAuth: Encodable, Equatable, Sendable {
    package var usernameFile: String?
    package var passwordFile: String?

    enum CodingKeys: String, CodingKey {
        case usernameFile = "username_file"
        case passwordFile = "password_file"
    }
}

package struct PromAuthorization: Encodable, Equatable, Sendable {
    package var type: String?
    package var credentialsFile: String?

    enum CodingKeys: String, CodingKey {
        case type
        case credentialsFile = "credentials_file"
    }
}

package struct PromOAuth2: Encodable, Equatable, Sendable {
    package var clientID: String
    package var clientSecretFile: String
    package var tokenURL: String
    package var scopes: [String]?
    package var endpointParams: [String: String]?
    package var tlsConfig: PromTLSConfig?

    enum CodingKeys: String, CodingKey {
        case clientID = "client_id"
        case clientSecretFile = "client_secret_file"
        case tokenURL = "token_url"
        case scopes
        case endpointParams = "endpoint_params"
        case tlsConfig = "tls_config"
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(clientID, forKey: .clientID)
        try c.encode(clientSecretFile, forKey: .clientSecretFile)
        try c.encode(tokenURL, forKey: .tokenURL)
        try c.encodeIfPresent(scopes, forKey: .scopes)
        if let endpointParams { try c.encode(SortedObject(endpointParams), forKey: .endpointParams) }
        try c.encodeIfPresent(tlsConfig, forKey: .tlsConfig)
    }
}
