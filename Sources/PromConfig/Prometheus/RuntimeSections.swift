/// `storage:` — runtime-reloadable TSDB and exemplar settings.
public struct StorageConfig: Sendable, Hashable, Encodable {
    /// `tsdb.out_of_order_time_window`: how far behind the newest sample an append may be.
    public var outOfOrderTimeWindow: PromDuration = .zero
    /// `exemplars.max_exemplars`: size of the exemplar ring buffer; nil keeps the flag's value.
    public var maxExemplars: Int64?

    public init() {}

    public var isEmpty: Bool { self == StorageConfig() }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case tsdb, exemplars
    }
    enum TSDBKeys: String, CodingKey, CaseIterable {
        case outOfOrderTimeWindow = "out_of_order_time_window"
    }
    enum ExemplarKeys: String, CodingKey, CaseIterable {
        case maxExemplars = "max_exemplars"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if outOfOrderTimeWindow != .zero {
            var t = c.nestedContainer(keyedBy: TSDBKeys.self, forKey: .tsdb)
            try t.encode(outOfOrderTimeWindow, forKey: .outOfOrderTimeWindow)
        }
        if let maxExemplars {
            var e = c.nestedContainer(keyedBy: ExemplarKeys.self, forKey: .exemplars)
            try e.encode(maxExemplars, forKey: .maxExemplars)
        }
    }
}

/// `otlp:` — OTLP receiver translation settings (parsed and validated; the receiver uses them).
public struct OTLPConfig: Sendable, Hashable, Encodable {
    public var promoteResourceAttributes: [String] = []
    public var promoteAllResourceAttributes = false
    public var ignoreResourceAttributes: [String] = []
    public var translationStrategy = "UnderscoreEscapingWithSuffixes"
    public var keepIdentifyingResourceAttributes = false
    public var convertHistogramsToNHCB = false

    public init() {}

    public var isEmpty: Bool { self == OTLPConfig() }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeNonEmpty(promoteResourceAttributes, forKey: .promoteResourceAttributes)
        if promoteAllResourceAttributes { try c.encode(true, forKey: .promoteAllResourceAttributes) }
        try c.encodeNonEmpty(ignoreResourceAttributes, forKey: .ignoreResourceAttributes)
        try c.encode(translationStrategy, forKey: .translationStrategy)
        if keepIdentifyingResourceAttributes { try c.encode(true, forKey: .keepIdentifyingResourceAttributes) }
        if convertHistogramsToNHCB { try c.encode(true, forKey: .convertHistogramsToNHCB) }
    }

    static let strategies = ["UnderscoreEscapingWithSuffixes", "NoUTF8EscapingWithSuffixes", "NoTranslation"]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case promoteResourceAttributes = "promote_resource_attributes"
        case promoteAllResourceAttributes = "promote_all_resource_attributes"
        case ignoreResourceAttributes = "ignore_resource_attributes"
        case translationStrategy = "translation_strategy"
        case keepIdentifyingResourceAttributes = "keep_identifying_resource_attributes"
        case convertHistogramsToNHCB = "convert_histograms_to_nhcb"
    }
}

/// `tracing:` — OpenTelemetry trace export settings (parsed and validated).
public struct TracingConfig: Sendable, Hashable, Encodable {
    public var clientType = "grpc"
    public var endpoint: String?
    public var samplingFraction: Double = 0
    public var insecure = false
    public var tlsConfig = TLSConfig()
    public var headers = SortedMap<String>()
    public var compression: String?
    public var timeout: PromDuration = .seconds(10)

    public init() {}

    public var isEmpty: Bool { self == TracingConfig() }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case clientType = "client_type"
        case endpoint
        case samplingFraction = "sampling_fraction"
        case insecure
        case tlsConfig = "tls_config"
        case headers
        case compression
        case timeout
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(clientType, forKey: .clientType)
        try c.encodeIfPresent(endpoint, forKey: .endpoint)
        try c.encode(samplingFraction, forKey: .samplingFraction)
        try c.encode(insecure, forKey: .insecure)
        if !tlsConfig.isEmpty { try c.encode(tlsConfig, forKey: .tlsConfig) }
        if !headers.isEmpty { try c.encode(headers, forKey: .headers) }
        try c.encodeIfPresent(compression, forKey: .compression)
        try c.encode(timeout, forKey: .timeout)
    }
}

extension NodeDecoder {
    public func storageConfig() throws(ConfigError) -> StorageConfig {
        let o = try object(StorageConfig.CodingKeys.allCases.map(\.rawValue))
        var s = StorageConfig()
        if let d = o["tsdb"] {
            let t = try d.object(StorageConfig.TSDBKeys.allCases.map(\.rawValue))
            if let v = try t.duration("out_of_order_time_window") { s.outOfOrderTimeWindow = v }
        }
        if let d = o["exemplars"] {
            let e = try d.object(StorageConfig.ExemplarKeys.allCases.map(\.rawValue))
            if let v = try e.int("max_exemplars") { s.maxExemplars = Int64(v) }
        }
        return s
    }

    public func otlpConfig() throws(ConfigError) -> OTLPConfig {
        let o = try object(OTLPConfig.CodingKeys.allCases.map(\.rawValue))
        var c = OTLPConfig()
        c.promoteResourceAttributes = try o.stringList("promote_resource_attributes") ?? []
        c.promoteAllResourceAttributes = try o.bool("promote_all_resource_attributes") ?? false
        c.ignoreResourceAttributes = try o.stringList("ignore_resource_attributes") ?? []
        if let d = o["translation_strategy"] {
            let s = try d.string()
            guard OTLPConfig.strategies.contains(s) else {
                throw d.error("unsupported OTLP translation strategy \(quoted(s)); expected one of: \(OTLPConfig.strategies.joined(separator: ", "))")
            }
            c.translationStrategy = s
        }
        c.keepIdentifyingResourceAttributes = try o.bool("keep_identifying_resource_attributes") ?? false
        c.convertHistogramsToNHCB = try o.bool("convert_histograms_to_nhcb") ?? false
        if c.promoteAllResourceAttributes && !c.promoteResourceAttributes.isEmpty {
            throw o.objectError(
                at: "promote_resource_attributes",
                "'promote_all_resource_attributes' and 'promote_resource_attributes' cannot be configured simultaneously")
        }
        if !c.ignoreResourceAttributes.isEmpty && !c.promoteAllResourceAttributes {
            throw o.objectError(
                at: "ignore_resource_attributes",
                "'ignore_resource_attributes' cannot be configured unless 'promote_all_resource_attributes' is true")
        }
        return c
    }

    public func tracingConfig() throws(ConfigError) -> TracingConfig {
        let o = try object(TracingConfig.CodingKeys.allCases.map(\.rawValue))
        var t = TracingConfig()
        if let d = o["client_type"] {
            let s = try d.string()
            guard s == "grpc" || s == "http" else { throw d.error("invalid tracing client_type \(quoted(s)); expected grpc or http") }
            t.clientType = s
        }
        t.endpoint = try o.string("endpoint")
        if let d = o["sampling_fraction"] { t.samplingFraction = try d.double() }
        t.insecure = try o.bool("insecure") ?? false
        if let d = o["tls_config"] { t.tlsConfig = try d.tlsConfig() }
        if let d = o["headers"] { for (k, v) in try d.stringMap() { t.headers[k] = v } }
        if let d = o["compression"] {
            let s = try d.string()
            guard s == "gzip" || s.isEmpty else { throw d.error("invalid tracing compression \(quoted(s)); expected gzip") }
            t.compression = s
        }
        if let v = try o.duration("timeout") { t.timeout = v }
        if t.endpoint == nil && !t.isEmpty {
            throw o.objectError(at: nil, "tracing endpoint must be set")
        }
        return t
    }

    /// `runtime.gogc`: accepted so Prometheus configs load; Sextant has no garbage collector to tune.
    func runtimeConfig() throws(ConfigError) -> Int? {
        let o = try object(["gogc"])
        return try o.int("gogc")
    }
}
