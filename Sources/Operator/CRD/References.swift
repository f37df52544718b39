/// A key of a Secret in the monitor's namespace (`corev1.SecretKeySelector`).
package struct SecretKeySelector: Codable, Hashable, Sendable, SchemaAnnotated {
    package var name: String?
    package var key: String
    package var optional: Bool?

    package init(name: String, key: String, optional: Bool? = nil) {
        self.name = name
        self.key = key
        self.optional = optional
    }

    /// Upstream also declares `default: ""` on `name`; stock Kubernetes 1.20 rejects an empty-string default,
    /// so we leave it out (an absent name reads as "" anyway).
    package static func annotate(_ s: inout Schema) {
        s.mapType = "atomic"
    }
}

/// A key of a ConfigMap in the monitor's namespace (`corev1.ConfigMapKeySelector`).
package struct ConfigMapKeySelector: Codable, Hashable, Sendable, SchemaAnnotated {
    package var name: String?
    package var key: String
    package var optional: Bool?

    /// Upstream also declares `default: ""` on `name`; stock Kubernetes 1.20 rejects an empty-string default,
    /// so we leave it out (an absent name reads as "" anyway).
    package static func annotate(_ s: inout Schema) {
        s.mapType = "atomic"
    }
}

/// Either a Secret key or a ConfigMap key.
package struct SecretOrConfigMap: Codable, Hashable, Sendable {
    package var secret: SecretKeySelector?
    package var configMap: ConfigMapKeySelector?
}

/// `http`/`https`; upstream also accepts the upper-case spellings.
package enum URLScheme: String, SchemaEnum, Codable, Hashable, Sendable {
    case http, https
    case httpUpper = "HTTP"
    case httpsUpper = "HTTPS"

    package var normalized: String { rawValue.lowercased() }
}

/// Upstream enumerates TLS protocol versions by name.
package enum TLSVersion: String, SchemaEnum, Codable, Hashable, Sendable {
    case tls10 = "TLS10"
    case tls11 = "TLS11"
    case tls12 = "TLS12"
    case tls13 = "TLS13"
}

/// TLS settings whose material comes only from Secrets/ConfigMaps (`SafeTLSConfig`).
package struct SafeTLSConfig: Codable, Hashable, Sendable {
    package var ca: SecretOrConfigMap?
    package var cert: SecretOrConfigMap?
    package var keySecret: SecretKeySelector?
    package var serverName: String?
    package var insecureSkipVerify: Bool?
    package var minVersion: TLSVersion?
    package var maxVersion: TLSVersion?
}

/// `SafeTLSConfig` plus file paths inside the server pod (`TLSConfig` of ServiceMonitor endpoints).
package struct TLSConfig: Codable, Hashable, Sendable {
    package var ca: SecretOrConfigMap?
    package var caFile: String?
    package var cert: SecretOrConfigMap?
    package var certFile: String?
    package var keySecret: SecretKeySelector?
    package var keyFile: String?
    package var serverName: String?
    package var insecureSkipVerify: Bool?
    package var minVersion: TLSVersion?
    package var maxVersion: TLSVersion?

    package var safe: SafeTLSConfig {
        SafeTLSConfig(
            ca: ca, cert: cert, keySecret: keySecret, serverName: serverName, insecureSkipVerify: insecureSkipVerify,
            minVersion: minVersion, maxVersion: maxVersion)
    }
}

package struct BasicAuth: Codable, Hashable, Sendable {
    package var username: SecretKeySelector?
    package var password: SecretKeySelector?
}

/// `Authorization` header credentials (`SafeAuthorization`): type defaults to `Bearer`.
package struct SafeAuthorization: Codable, Hashable, Sendable {
    package var type: String?
    package var credentials: SecretKeySelector?
}

package struct OAuth2: Codable, Hashable, Sendable, SchemaAnnotated {
    package var clientId: SecretOrConfigMap
    package var clientSecret: SecretKeySelector
    package var tokenUrl: String
    package var scopes: [String]?
    package var endpointParams: [String: String]?
    package var tlsConfig: SafeTLSConfig?
    package var proxyUrl: String?
    package var noProxy: String?
    package var proxyFromEnvironment: Bool?
    package var proxyConnectHeader: [String: [SecretKeySelector]]?

    package static func annotate(_ s: inout Schema) {
        s.with("tokenUrl") { $0.pattern = "^(http|https)://.+$" }
        ProxyFields.annotate(&s)
    }
}

/// Shared schema details of the proxy fields that several upstream structs embed.
enum ProxyFields {
    static func annotate(_ s: inout Schema) {
        s.with("proxyUrl") { $0.pattern = "^(http|https|socks5)://.+$" }
        s.with("proxyConnectHeader") { $0.mapType = "atomic" }
    }
}

/// A relabel action; upstream accepts both spellings of each.
package enum RelabelAction: String, SchemaEnum, Codable, Hashable, Sendable {
    case replace, Replace, keep, Keep, drop, Drop, hashmod, HashMod, labelmap, LabelMap, labeldrop, LabelDrop
    case labelkeep, LabelKeep, lowercase, Lowercase, uppercase, Uppercase, keepequal, KeepEqual, dropequal, DropEqual

    /// The spelling Prometheus's config uses.
    package var prometheusName: String { rawValue.lowercased() }
}

/// A relabeling step as monitors write it (camelCase fields; Prometheus's config uses snake_case).
package struct RelabelConfig: Codable, Hashable, Sendable, SchemaAnnotated {
    package var sourceLabels: [String]?
    package var separator: String?
    package var targetLabel: String?
    package var regex: String?
    package var modulus: Int64?
    package var replacement: String?
    package var action: RelabelAction?

    package init(
        sourceLabels: [String]? = nil, separator: String? = nil, targetLabel: String? = nil, regex: String? = nil,
        modulus: Int64? = nil, replacement: String? = nil, action: RelabelAction? = nil
    ) {
        self.sourceLabels = sourceLabels
        self.separator = separator
        self.targetLabel = targetLabel
        self.regex = regex
        self.modulus = modulus
        self.replacement = replacement
        self.action = action
    }

    package static func annotate(_ s: inout Schema) {
        s.with("action") { $0.defaultValue = .string("replace") }
        s.with("modulus") { $0.minimum = 0 }
    }
}

/// Scrape protocols a target may be asked for, in Prometheus's spelling.
package enum ScrapeProtocol: String, SchemaEnum, Codable, Hashable, Sendable {
    case prometheusProto = "PrometheusProto"
    case openMetrics001 = "OpenMetricsText0.0.1"
    case openMetrics100 = "OpenMetricsText1.0.0"
    case prometheusText004 = "PrometheusText0.0.4"
    case prometheusText100 = "PrometheusText1.0.0"
}

/// Attach node metadata to discovered targets.
package struct AttachMetadata: Codable, Hashable, Sendable {
    package var node: Bool?
}

/// Patterns upstream validates durations and sizes with.
enum Patterns {
    static let duration = "^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$"
    static let byteSize = "(^0|([0-9]*[.])?[0-9]+((K|M|G|T|E|P)i?)?B)$"
}

extension Schema {
    /// Marks the listed properties as non-negative int64 limits.
    mutating func nonNegative(_ names: String...) {
        for n in names { with(n) { $0.minimum = 0 } }
    }

    mutating func durations(_ names: String...) {
        for n in names { with(n) { $0.pattern = Patterns.duration } }
    }
}
