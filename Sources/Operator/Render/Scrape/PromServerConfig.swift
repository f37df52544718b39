/// The whole `prometheus.yml` the operator writes for one server shard.
package struct PromServerConfig: Encodable, Equatable, Sendable {
    package var global: Global
    package var ruleFiles: [String]?
    package var alerting: Alerting?
    package var remoteWrite: [RemoteWrite]?
    package var scrapeConfigs: [PromScrapeConfig]
    /// Jobs from the `additionalScrapeConfigs` Secret, passed through as written, after the generated ones.
    package var additionalScrapeConfigs: [JSONValue] = []

    package init(global: Global, scrapeConfigs: [PromScrapeConfig]) {
        self.global = global
        self.scrapeConfigs = scrapeConfigs
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(global, forKey: .global)
        try c.encodeIfPresent(ruleFiles, forKey: .ruleFiles)
        try c.encodeIfPresent(alerting, forKey: .alerting)
        try c.encodeIfPresent(remoteWrite, forKey: .remoteWrite)
        var jobs = c.nestedUnkeyedContainer(forKey: .scrapeConfigs)
        for j in scrapeConfigs { try jobs.encode(j) }
        for j in additionalScrapeConfigs { try jobs.encode(j) }
    }

    enum CodingKeys: String, CodingKey {
        case global
        case ruleFiles = "rule_files"
        case alerting
        case remoteWrite = "remote_write"
        case scrapeConfigs = "scrape_configs"
    }

    package struct Global: Encodable, Equatable, Sendable {
        package var scrapeInterval: String
        package var scrapeTimeout: String?
        package var evaluationInterval: String
        package var externalLabels: [String: String]

        enum CodingKeys: String, CodingKey {
            case scrapeInterval = "scrape_interval"
            case scrapeTimeout = "scrape_timeout"
            case evaluationInterval = "evaluation_interval"
            case externalLabels = "external_labels"
        }

        package func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(scrapeInterval, forKey: .scrapeInterval)
            try c.encodeIfPresent(scrapeTimeout, forKey: .scrapeTimeout)
            try c.encode(evaluationInterval, forKey: .evaluationInterval)
            try c.encode(SortedObject(externalLabels), forKey: .externalLabels)
        }
    }

    package struct Alerting: Encodable, Equatable, Sendable {
        package var alertmanagers: [Alertmanager]
    }

    package struct Alertmanager: Encodable, Equatable, Sendable {
        package var scheme: String?
        package var pathPrefix: String?
        package var timeout: String?
        package var apiVersion: String?
        package var tlsConfig: PromTLSConfig?
        package var basicAuth: PromBasicAuth?
        package var authorization: PromAuthorization?
        package var kubernetesSDConfigs: [PromKubernetesSD]
        package var relabelConfigs: [PromRelabel]

        enum CodingKeys: String, CodingKey {
            case scheme
            case pathPrefix = "path_prefix"
            case timeout
            case apiVersion = "api_version"
            case tlsConfig = "tls_config"
            case basicAuth = "basic_auth"
            case authorization
            case kubernetesSDConfigs = "kubernetes_sd_configs"
            case relabelConfigs = "relabel_configs"
        }
    }

    package struct RemoteWrite: Encodable, Equatable, Sendable {
        package var url: String
        package var name: String?
        package var remoteTimeout: String?
        package var headers: [String: String]?
        package var writeRelabelConfigs: [PromRelabel]?
        package var tlsConfig: PromTLSConfig?
        package var basicAuth: PromBasicAuth?
        package var authorization: PromAuthorization?
        package var queueConfig: Queue?

        enum CodingKeys: String, CodingKey {
            case url, name
            case remoteTimeout = "remote_timeout"
            case headers
            case writeRelabelConfigs = "write_relabel_configs"
            case tlsConfig = "tls_config"
            case basicAuth = "basic_auth"
            case authorization
            case queueConfig = "queue_config"
        }

        package func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(url, forKey: .url)
            try c.encodeIfPresent(name, forKey: .name)
            try c.encodeIfPresent(remoteTimeout, forKey: .remoteTimeout)
            if let headers { try c.encode(SortedObject(headers), forKey: .headers) }
            try c.encodeIfPresent(writeRelabelConfigs, forKey: .writeRelabelConfigs)
            try c.encodeIfPresent(tlsConfig, forKey: .tlsConfig)
            try c.encodeIfPresent(basicAuth, forKey: .basicAuth)
            try c.encodeIfPresent(authorization, forKey: .authorization)
            try c.encodeIfPresent(queueConfig, forKey: .queueConfig)
        }
    }

    package struct Queue: Encodable, Equatable, Sendable {
        package var capacity, minShards, maxShards, maxSamplesPerSend: Int?
        package var batchSendDeadline, minBackoff, maxBackoff: String?

        enum CodingKeys: String, CodingKey {
            case capacity
            case minShards = "min_shards"
            case maxShards = "max_shards"
            case maxSamplesPerSend = "max_samples_per_send"
            case batchSendDeadline = "batch_send_deadline"
            case minBackoff = "min_backoff"
            case maxBackoff = "max_backoff"
        }
    }
}
