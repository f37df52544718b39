import Foundation
public import HTTPClient
public import Logging
public import PromConfig
public import PromModel

/// `http_sd_configs`: target groups fetched as JSON from a URL every `refresh_interval`.
///
/// The endpoint must answer 200 with `Content-Type: application/json` and a list of `{targets, labels}`
/// (see Prometheus's HTTP SD). A failed fetch or an invalid body keeps the last good groups and is logged.
/// Sources are `URL:INDEX`; every group carries `__meta_url`.
public struct HTTPDiscovery: DiscoveryProvider {
    public let config: HTTPSDConfig
    let client: HTTPClient
    let logger: Logger

    public init(config: HTTPSDConfig, client: HTTPClient, logger: Logger) {
        self.config = config
        self.client = client
        self.logger = logger
    }

    public func run(_ send: @escaping @Sendable ([TargetGroup]) async -> Void) async {
        let interval = Duration.milliseconds(max(config.refreshInterval.milliseconds, 1))
        var lastCount = 0
        let clock = ContinuousClock()
        while !Task.isCancelled {
            let started = clock.now
            do {
                let groups = try await fetch()
                var update = groups
                if groups.count < lastCount {
                    update += (groups.count..<lastCount).map { TargetGroup(source: "\(config.url):\($0)", targets: []) }
                }
                lastCount = groups.count
                await send(update)
            } catch {
                DiscoveryMetrics.httpFailure()
                logger.error(
                    "http_sd: refresh failed, keeping the previous targets",
                    metadata: ["url": "\(config.url)", "err": "\(error)"])
            }
            DiscoveryMetrics.httpRefresh(nanoseconds: (clock.now - started).totalNanoseconds)
            try? await Task.sleep(for: interval)
        }
    }

    /// One fetch and parse of the endpoint's target groups.
    public func fetch() async throws -> [TargetGroup] {
        var request = HTTPRequest(url: config.url)
        config.httpClientConfig.apply(to: &request)
        request.addHeaders(name: "Accept", values: ["application/json"])
        request.addHeaders(name: "X-Prometheus-Refresh-Interval-Seconds", values: ["\(config.refreshInterval.milliseconds / 1000)"])
        request.timeout = .milliseconds(max(config.refreshInterval.milliseconds, 1000))
        let response = try await client.execute(request)
        guard response.status == 200 else {
            throw HTTPDiscoveryError(url: config.url, message: "server returned HTTP status \(response.status), expected 200")
        }
        let contentType = response.headers.first { $0.name.lowercased() == "content-type" }?.value ?? ""
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard mediaType == "application/json" else {
            throw HTTPDiscoveryError(
                url: config.url, message: "unsupported content type \"\(contentType)\", expected application/json")
        }
        guard let text = String(bytes: response.body, encoding: .utf8) else {
            throw HTTPDiscoveryError(url: config.url, message: "body is not valid UTF-8")
        }
        let list = try TargetGroupDocument.parse(text, filename: config.url)
        return list.enumerated().map { i, c in
            c.targetGroup(source: "\(config.url):\(i)", extra: [("__meta_url", config.url)])
        }
    }
}

/// An HTTP SD endpoint answered something other than a valid target-group list.
public struct HTTPDiscoveryError: Error, CustomStringConvertible {
    public var url: String
    public var message: String
    public var description: String { "http_sd \(url): \(message)" }
}
