public import PromModel

/// One `remote_write` endpoint.
public struct RemoteWriteConfig: Sendable, Hashable, Encodable {
    public enum ProtobufMessage: String, Sendable, Hashable, Encodable, CaseIterable {
        case v1 = "prometheus.WriteRequest"
        case v2 = "io.prometheus.write.v2.Request"
    }

    public var url: String
    public var remoteTimeout: PromDuration = .seconds(30)
    public var headers = SortedMap<String>()
    public var writeRelabelConfigs: [RelabelConfig] = []
    /// Unique among remote_write entries; Prometheus derives one from a hash when empty.
    public var name: String?
    public var sendExemplars = false
    public var sendNativeHistograms = false
    public var roundRobinDNS = false
    public var protobufMessage: ProtobufMessage = .v1
    public var queueConfig = QueueConfig()
    public var metadataConfig = MetadataConfig()
    public var httpClientConfig = HTTPClientConfig()

    public init(url: String) { self.url = url }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case url
        case remoteTimeout = "remote_timeout"
        case headers
        case writeRelabelConfigs = "write_relabel_configs"
        case name
        case sendExemplars = "send_exemplars"
        case sendNativeHistograms = "send_native_histograms"
        case roundRobinDNS = "round_robin_dns"
        case protobufMessage = "protobuf_message"
        case queueConfig = "queue_config"
        case metadataConfig = "metadata_config"
    }

    static let unsupported = ["sigv4", "azuread", "google_iam"]
    static let fieldNames = CodingKeys.allCases.map(\.rawValue) + HTTPClientConfig.fieldNames + unsupported

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(url, forKey: .url)
        try c.encode(remoteTimeout, forKey: .remoteTimeout)
        if !headers.isEmpty { try c.encode(headers, forKey: .headers) }
        try c.encodeNonEmpty(writeRelabelConfigs, forKey: .writeRelabelConfigs)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encode(sendExemplars, forKey: .sendExemplars)
        try c.encode(sendNativeHistograms, forKey: .sendNativeHistograms)
        if roundRobinDNS { try c.encode(roundRobinDNS, forKey: .roundRobinDNS) }
        try c.encode(protobufMessage, forKey: .protobufMessage)
        try c.encode(queueConfig, forKey: .queueConfig)
        try c.encode(metadataConfig, forKey: .metadataConfig)
        try httpClientConfig.encode(to: encoder)
    }
}

/// How samples are buffered, sharded and retried on their way to one remote-write endpoint.
public struct QueueConfig: Sendable, Hashable, Encodable {
    public var capacity = 10_000
    public var maxShards = 50
    public var minShards = 1
    public var maxSamplesPerSend = 2_000
    public var batchSendDeadline: PromDuration = .seconds(5)
    public var minBackoff = PromDuration(milliseconds: 30)
    public var maxBackoff: PromDuration = .seconds(5)
    public var retryOnHTTP429 = false
    public var sampleAgeLimit: PromDuration = .zero

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case capacity
        case maxShards = "max_shards"
        case minShards = "min_shards"
        case maxSamplesPerSend = "max_samples_per_send"
        case batchSendDeadline = "batch_send_deadline"
        case minBackoff = "min_backoff"
        case maxBackoff = "max_backoff"
        case retryOnHTTP429 = "retry_on_http_429"
        case sampleAgeLimit = "sample_age_limit"
    }
}

/// Whether and how often metric metadata is sent to a remote-write endpoint.
public struct MetadataConfig: Sendable, Hashable, Encodable {
    public var send = true
    public var sendInterval: PromDuration = .minutes(1)
    public var maxSamplesPerSend = 500

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case send
        case sendInterval = "send_interval"
        case maxSamplesPerSend = "max_samples_per_send"
    }
}

/// One `remote_read` endpoint.
public struct RemoteReadConfig: Sendable, Hashable, Encodable {
    public var url: String
    public var remoteTimeout: PromDuration = .minutes(1)
    public var headers = SortedMap<String>()
    public var name: String?
    /// Only queries whose selectors contain all of these equality matchers are sent.
    public var requiredMatchers: Labels = .empty
    public var readRecent = false
    public var filterExternalLabels = true
    public var httpClientConfig = HTTPClientConfig()

    public init(url: String) { self.url = url }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case url
        case remoteTimeout = "remote_timeout"
        case headers
        case name
        case requiredMatchers = "required_matchers"
        case readRecent = "read_recent"
        case filterExternalLabels = "filter_external_labels"
    }

    static let fieldNames = CodingKeys.allCases.map(\.rawValue) + HTTPClientConfig.fieldNames

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(url, forKey: .url)
        try c.encode(remoteTimeout, forKey: .remoteTimeout)
        if !headers.isEmpty { try c.encode(headers, forKey: .headers) }
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeLabels(requiredMatchers, forKey: .requiredMatchers)
        try c.encode(readRecent, forKey: .readRecent)
        try c.encode(filterExternalLabels, forKey: .filterExternalLabels)
        try httpClientConfig.encode(to: encoder)
    }
}
