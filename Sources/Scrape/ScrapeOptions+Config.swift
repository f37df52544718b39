import Exposition
import Foundation
public import PromConfig
public import PromModel
import HTTPClient

extension ScrapeOptions {
    /// The options of one `scrape_config` (defaults already resolved by PromConfig).
    public init(config c: ScrapeConfig) {
        var limits = ScrapeLimits()
        limits.sampleLimit = Int(clamping: c.sampleLimit)
        limits.labelLimit = Int(clamping: c.labelLimit)
        limits.labelNameLengthLimit = Int(clamping: c.labelNameLengthLimit)
        limits.labelValueLengthLimit = Int(clamping: c.labelValueLengthLimit)
        limits.bodySizeLimit = Int(clamping: c.bodySizeLimit.bytes)
        limits.keepDroppedTargets = Int(clamping: c.keepDroppedTargets)
        limits.targetLimit = Int(clamping: c.targetLimit)
        var params: [String: [String]] = [:]
        for (k, v) in c.params.entries { params[k] = v }
        self.init(
            jobName: c.jobName, interval: .milliseconds(c.scrapeInterval.milliseconds),
            timeout: .milliseconds(c.scrapeTimeout.milliseconds), metricsPath: c.metricsPath, scheme: c.scheme,
            params: params, honorLabels: c.honorLabels, honorTimestamps: c.honorTimestamps,
            enableCompression: c.enableCompression, relabelConfigs: c.relabelConfigs,
            metricRelabelConfigs: c.metricRelabelConfigs, limits: limits, http: c.httpClientConfig)
        acceptHeader = scrapeAcceptHeader(c.scrapeProtocols)
        trackTimestampsStaleness = c.trackTimestampsStaleness
        fallbackFormat = c.fallbackScrapeProtocol.map(ExpositionFormat.init(scrapeProtocol:))
        nativeHistograms.alwaysScrapeClassic = c.alwaysScrapeClassicHistograms
        nativeHistograms.bucketLimit = Int(clamping: c.nativeHistogramBucketLimit)
        nativeHistograms.maxSchema = NativeHistogramOptions.maxSchema(minBucketFactor: c.nativeHistogramMinBucketFactor)
    }
}

extension ExpositionFormat {
    /// The parser for bodies of a scrape protocol.
    init(scrapeProtocol p: ScrapeProtocol) {
        switch p {
        case .prometheusProto: self = .protobuf
        case .openMetricsText0_0_1, .openMetricsText1_0_0: self = .openMetrics
        case .prometheusText0_0_4, .prometheusText1_0_0: self = .prometheusText
        }
    }
}

/// Prometheus's duration text (`15s`, `1m30s`).
func formatDuration(_ d: Duration) -> String {
    PromDuration(milliseconds: d.milliseconds).description
}

/// Parses Prometheus's duration text; nil when invalid.
func parseDuration(_ s: String) -> Duration? {
    guard let d = try? PromDuration(parsing: s) else { return nil }
    return .milliseconds(d.milliseconds)
}

extension HTTPClientConfig {
    /// Sets auth, TLS, proxy and redirect options of a scrape request. Credentials in files are read on
    /// every scrape, so rotated secrets apply without a reload.
    func apply(to request: inout HTTPRequest) {
        if let b = basicAuth {
            let user = b.username ?? b.usernameFile.flatMap(readSecretFile) ?? ""
            let password = b.password?.value ?? b.passwordFile.flatMap(readSecretFile) ?? ""
            request.auth = .basic(username: user, password: password)
        } else if let a = authorization {
            let credentials = a.credentials?.value ?? a.credentialsFile.flatMap(readSecretFile) ?? ""
            request.auth = .authorization(type: a.type, credentials: credentials)
        }
        request.tls.caFile = tlsConfig.caFile
        request.tls.certFile = tlsConfig.certFile
        request.tls.keyFile = tlsConfig.keyFile
        request.tls.serverName = tlsConfig.serverName
        request.tls.insecureSkipVerify = tlsConfig.insecureSkipVerify
        request.tls.caPEM = tlsConfig.ca
        request.tls.certPEM = tlsConfig.cert
        request.tls.keyPEM = tlsConfig.key?.value
        if let v = tlsConfig.minVersion {
            // PromConfig and HTTPClient each name the versions; the raw values are Prometheus's.
            switch v {
            case .tls10: request.tls.minVersion = .tls10
            case .tls11: request.tls.minVersion = .tls11
            case .tls12: request.tls.minVersion = .tls12
            case .tls13: request.tls.minVersion = .tls13
            }
        }
        request.proxyURL = proxy.proxyURL
        request.noProxy = proxy.noProxy
        request.proxyFromEnvironment = proxy.proxyFromEnvironment
        request.followRedirects = followRedirects
        request.enableHTTP2 = enableHTTP2
        for (name, header) in httpHeaders.entries {
            for v in header.values { request.headers.append(RequestHeader(name, v)) }
            for v in header.secrets { request.headers.append(RequestHeader(name, v.value)) }
            for f in header.files { if let v = readSecretFile(f) { request.headers.append(RequestHeader(name, v)) } }
        }
    }
}

private func readSecretFile(_ path: String) -> String? {
    guard let s = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    return s.trimmingCharacters(in: .whitespacesAndNewlines)
}
