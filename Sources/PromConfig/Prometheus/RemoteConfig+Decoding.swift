public import PromModel

/// Headers the remote protocols set themselves (Prometheus's `reservedHeaders`, lower-cased).
let remoteReservedHeaders: Set<String> = [
    "content-encoding", "content-length", "content-type", "user-agent", "x-prometheus-remote-write-version",
    "x-prometheus-remote-read-version", "authorization", "host",
]

extension NodeDecoder {
    public func remoteWriteConfig() throws(ConfigError) -> RemoteWriteConfig {
        let o = try object(RemoteWriteConfig.fieldNames)
        for key in RemoteWriteConfig.unsupported where o.has(key) {
            throw o.objectError(at: key, "\(key) is not supported by Sextant")
        }
        guard let url = try o.url("url") else { throw o.objectError(at: "url", "url for remote_write is empty") }
        var w = RemoteWriteConfig(url: url)
        if let v = try o.duration("remote_timeout") { w.remoteTimeout = v }
        if let d = o["headers"] { w.headers = try d.remoteHeaders() }
        w.writeRelabelConfigs = try o.list("write_relabel_configs") { d throws(ConfigError) in try d.relabelConfig() }
        w.name = try o.string("name")
        w.sendExemplars = try o.bool("send_exemplars") ?? false
        w.sendNativeHistograms = try o.bool("send_native_histograms") ?? false
        w.roundRobinDNS = try o.bool("round_robin_dns") ?? false
        if let d = o["protobuf_message"] {
            let text = try d.string()
            guard let m = RemoteWriteConfig.ProtobufMessage(rawValue: text) else {
                let known = RemoteWriteConfig.ProtobufMessage.allCases.map(\.rawValue).joined(separator: ", ")
                throw d.error("unknown remote write protobuf message \(quoted(text)); supported: \(known)")
            }
            w.protobufMessage = m
        }
        if let d = o["queue_config"] { w.queueConfig = try d.queueConfig() }
        if let d = o["metadata_config"] {
            let m = try d.object(MetadataConfig.CodingKeys.allCases.map(\.rawValue))
            if let v = try m.bool("send") { w.metadataConfig.send = v }
            if let v = try m.duration("send_interval") { w.metadataConfig.sendInterval = v }
            if let v = try m.int("max_samples_per_send") { w.metadataConfig.maxSamplesPerSend = v }
        }
        w.httpClientConfig = try o.httpClientConfig()
        return w
    }

    func queueConfig() throws(ConfigError) -> QueueConfig {
        let o = try object(QueueConfig.CodingKeys.allCases.map(\.rawValue))
        var q = QueueConfig()
        func positive(_ key: String, _ fallback: Int) throws(ConfigError) -> Int {
            guard let v = try o.int(key) else { return fallback }
            if v <= 0 { throw o.error(at: key, "\(key) must be greater than 0, got \(v)") }
            return v
        }
        q.capacity = try positive("capacity", q.capacity)
        q.maxShards = try positive("max_shards", q.maxShards)
        q.minShards = try positive("min_shards", q.minShards)
        q.maxSamplesPerSend = try positive("max_samples_per_send", q.maxSamplesPerSend)
        if q.minShards > q.maxShards {
            throw o.objectError(at: "min_shards", "min_shards \(q.minShards) greater than max_shards \(q.maxShards)")
        }
        if let v = try o.duration("batch_send_deadline") { q.batchSendDeadline = v }
        if let v = try o.duration("min_backoff") { q.minBackoff = v }
        if let v = try o.duration("max_backoff") { q.maxBackoff = v }
        if q.minBackoff > q.maxBackoff {
            throw o.objectError(at: "min_backoff", "min_backoff \(q.minBackoff) greater than max_backoff \(q.maxBackoff)")
        }
        q.retryOnHTTP429 = try o.bool("retry_on_http_429") ?? false
        if let v = try o.duration("sample_age_limit") { q.sampleAgeLimit = v }
        return q
    }

    /// A header map for remote endpoints; headers the protocol sets itself are refused.
    func remoteHeaders() throws(ConfigError) -> SortedMap<String> {
        var out = SortedMap<String>()
        for e in try entries() {
            if remoteReservedHeaders.contains(e.key.lowercased()) {
                throw e.keyNode.error("\(e.key) is a reserved header. It must not be changed", path: path)
            }
            out[e.key] = try e.value.string()
        }
        return out
    }

    public func remoteReadConfig(scheme: NameValidationScheme) throws(ConfigError) -> RemoteReadConfig {
        let o = try object(RemoteReadConfig.fieldNames)
        guard let url = try o.url("url") else { throw o.objectError(at: "url", "url for remote_read is empty") }
        var r = RemoteReadConfig(url: url)
        if let v = try o.duration("remote_timeout") { r.remoteTimeout = v }
        if let d = o["headers"] { r.headers = try d.remoteHeaders() }
        r.name = try o.string("name")
        if let d = o["required_matchers"] { r.requiredMatchers = try d.labels(scheme: scheme) }
        r.readRecent = try o.bool("read_recent") ?? false
        r.filterExternalLabels = try o.bool("filter_external_labels") ?? true
        r.httpClientConfig = try o.httpClientConfig()
        return r
    }
}
