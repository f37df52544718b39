/// `http_sd_configs` entry: target groups fetched as JSON from a URL.
public struct HTTPSDConfig: Sendable, Hashable, Encodable {
    public var url: String
    public var refreshInterval: PromDuration = .minutes(1)
    public var httpClientConfig = HTTPClientConfig()

    public init(url: String) { self.url = url }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case url
        case refreshInterval = "refresh_interval"
    }

    static let fieldNames = CodingKeys.allCases.map(\.rawValue) + HTTPClientConfig.fieldNames

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(url, forKey: .url)
        try c.encode(refreshInterval, forKey: .refreshInterval)
        try httpClientConfig.encode(to: encoder)
    }
}

extension NodeDecoder {
    public func httpSDConfig() throws(ConfigError) -> HTTPSDConfig {
        let o = try object(HTTPSDConfig.fieldNames)
        guard let d = o["url"] else { throw o.objectError(at: "url", "URL is missing") }
        let url = try d.string()
        guard let u = URLComponents(string: url), let scheme = u.scheme else {
            throw d.error("invalid URL \(quoted(url))")
        }
        if scheme != "http" && scheme != "https" { throw d.error("URL scheme must be 'http' or 'https'") }
        if (u.host ?? "").isEmpty { throw d.error("host is missing in URL") }
        var c = HTTPSDConfig(url: url)
        if let v = try o.duration("refresh_interval") { c.refreshInterval = v }
        c.httpClientConfig = try o.httpClientConfig()
        return c
    }
}

import Foundation
