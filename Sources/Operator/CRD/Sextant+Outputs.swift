/// Alertmanagers the server sends alerts to, found through the endpoints of a Service.
package struct AlertingSpec: Codable, Hashable, Sendable {
    package var alertmanagers: [AlertmanagerEndpoints]

    package init(alertmanagers: [AlertmanagerEndpoints]) { self.alertmanagers = alertmanagers }
}

package struct AlertmanagerEndpoints: Codable, Hashable, Sendable, SchemaAnnotated {
    package var namespace: String?
    package var name: String
    package var port: IntOrString
    package var scheme: URLScheme?
    package var pathPrefix: String?
    package var apiVersion: String?
    package var timeout: String?
    package var tlsConfig: SafeTLSConfig?
    package var basicAuth: BasicAuth?
    package var authorization: SafeAuthorization?

    package init(namespace: String? = nil, name: String, port: IntOrString) {
        self.namespace = namespace
        self.name = name
        self.port = port
    }

    package static func annotate(_ s: inout Schema) {
        s.durations("timeout")
        s.with("apiVersion") { $0.enumValues = ["v1", "v2", "V1", "V2"] }
    }
}

/// A remote-write destination.
package struct RemoteWriteSpec: Codable, Hashable, Sendable, SchemaAnnotated {
    package var url: String
    package var name: String?
    package var remoteTimeout: String?
    package var headers: [String: String]?
    package var writeRelabelConfigs: [RelabelConfig]?
    package var tlsConfig: SafeTLSConfig?
    package var basicAuth: BasicAuth?
    package var authorization: SafeAuthorization?
    package var queueConfig: QueueConfig?

    package init(url: String, name: String? = nil) {
        self.url = url
        self.name = name
    }

    package struct QueueConfig: Codable, Hashable, Sendable {
        package var capacity: Int?
        package var minShards: Int?
        package var maxShards: Int?
        package var maxSamplesPerSend: Int?
        package var batchSendDeadline: String?
        package var minBackoff: String?
        package var maxBackoff: String?
    }

    package static func annotate(_ s: inout Schema) {
        s.with("url") { $0.minLength = 1 }
        s.durations("remoteTimeout")
    }
}

/// The server's own HTTP endpoint: TLS and basic-auth users, written into its web config file.
package struct WebSpec: Codable, Hashable, Sendable {
    package var tlsConfig: WebTLSConfig?
    /// A Secret key holding `basic_auth_users` (user → bcrypt hash) as YAML.
    package var basicAuthUsers: SecretKeySelector?
    package var pageTitle: String?
}

package struct WebTLSConfig: Codable, Hashable, Sendable {
    package var cert: SecretOrConfigMap
    package var keySecret: SecretKeySelector
    package var clientCA: SecretOrConfigMap?
    package var clientAuthType: String?
    package var minVersion: TLSVersion?
}
